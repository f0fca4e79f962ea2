import { MockAgency, type MockResponse, type MockRoute } from '../core/server';
import { MOCK_CREDENTIALS } from '../credentials';
import type { Dataset } from '../data/dataset';
import { envelope, nativePerson, respon } from './records';

/** Endpoint names for fault injection and call counters. */
export const DUKCAPIL_ENDPOINTS = { byNik: 'CALL_NIK', byKk: 'CALL_KK' } as const;

const JSON_HEADERS = { 'content-type': 'application/json;charset=UTF-8' };
const json = (body: string, status = 200): MockResponse => ({
  status,
  headers: JSON_HEADERS,
  body,
});

// Error answers never change: serialise them once.
const NOT_FOUND = json(JSON.stringify(respon('Data Tidak Ditemukan')));
const LOGIN_FAILED = json(JSON.stringify(respon('Login Gagal')));
const IP_REFUSED = json(JSON.stringify(respon('IP Address Tidak Sesuai')));
const BAD_REQUEST = json(JSON.stringify({ status: 400, error: 'Bad Request' }), 400);
const UNKNOWN_CONSUMER = json(JSON.stringify({ status: 404, error: 'Not Found' }), 404);

interface RequestBody {
  user_id?: unknown;
  password?: unknown;
  ip_user?: unknown;
  [key: string]: unknown;
}

/**
 * Dukcapil's data-access service over the shared data set (protocol: ./README.md). Answers
 * are serialised on first request and memoised per NIK / KK, so a benchmark's hot path is a
 * map lookup.
 */
export function createDukcapilMock(dataset: Dataset, options: { port?: number } = {}): MockAgency {
  const byNik = new Map<string, string>();
  const byKk = new Map<string, string>();

  const citizenBody = (nik: string): string | undefined => {
    let body = byNik.get(nik);
    if (body === undefined) {
      const resident = dataset.byNik.get(nik);
      const household = resident && dataset.byKk.get(resident.kk);
      if (!resident || !household) return undefined;
      body = JSON.stringify(envelope([nativePerson(resident, household, false)]));
      byNik.set(nik, body);
    }
    return body;
  };

  const familyBody = (kk: string): string | undefined => {
    let body = byKk.get(kk);
    if (body === undefined) {
      const household = dataset.byKk.get(kk);
      if (!household) return undefined;
      body = JSON.stringify(
        envelope(household.members.map((m) => nativePerson(m, household, true))),
      );
      byKk.set(kk, body);
    }
    return body;
  };

  return new MockAgency({
    key: 'dukcapil',
    port: options.port,
    routes: [
      route(DUKCAPIL_ENDPOINTS.byNik, 'nik', citizenBody),
      route(DUKCAPIL_ENDPOINTS.byKk, 'no_kk', familyBody),
    ],
  });
}

function route(
  endpoint: string,
  idField: string,
  lookup: (id: string) => string | undefined,
): MockRoute {
  const credentials = MOCK_CREDENTIALS.dukcapil;
  return {
    endpoint,
    method: 'POST',
    path: new RegExp(`^/dukcapil/get_json/(?<consumer>[^/]+)/${endpoint}$`),
    handle(req) {
      if (req.params['consumer'] !== credentials.consumer) return UNKNOWN_CONSUMER;
      const body = parseBody(req.body);
      if (!body) return BAD_REQUEST;
      // Checked in the service's order: the account first, then the caller's allow-listed IP.
      if (body.user_id !== credentials.userId || body.password !== credentials.password)
        return LOGIN_FAILED;
      if (body.ip_user !== credentials.ipUser) return IP_REFUSED;
      const id = body[idField];
      const found = typeof id === 'string' ? lookup(id) : undefined;
      return found === undefined ? NOT_FOUND : json(found);
    },
  };
}

function parseBody(text: string): RequestBody | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as RequestBody)
      : undefined;
  } catch {
    return undefined;
  }
}
