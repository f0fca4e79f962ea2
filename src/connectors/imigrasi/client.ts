import type { AxiosResponse } from 'axios';
import { upstreamBadResponse, upstreamUnavailable } from '../../errors';
import type { CallContext, Upstream } from '../core/types';
import { permohonanSchema, searchPageSchema, type Permohonan } from './payloads';

/** The most NIKs the search endpoint takes in one call (the office's own limit). */
export const MAX_NIKS_PER_CALL = 50;
/** Page size asked for: the server may cut it; the client follows pages either way. */
export const PAGE_SIZE = 50;
/**
 * Most pages one search may take. 50 NIKs × a few applications each fit in one or two
 * pages of 50; a server that keeps saying "more" is broken, not busy.
 */
export const MAX_PAGES = 20;

/** An application lookup's outcome: a fresh representation, "unchanged", or unknown. */
export type ApplicationAnswer =
  | { kind: 'found'; application: Permohonan; etag: string | undefined }
  | { kind: 'not-modified' }
  | { kind: 'not-found' };

/**
 * Native calls to Kantor Imigrasi Langsa's application-status API (REST/JSON, API key in
 * `X-Api-Key`). HTTP statuses are interpreted here, once: 200 → data, 304 → unchanged since
 * the ETag we sent, 404 → not found, 401/403 → our key was refused (named in the log detail),
 * anything else → failed. Error details never carry the number or NIK asked for.
 */
export class ImigrasiClient {
  constructor(
    private readonly upstream: Upstream,
    private readonly apiKey: string,
  ) {}

  /** The connector key, for errors raised about this client's answers. */
  get connector(): string {
    return this.upstream.connector;
  }

  /**
   * One application by number. With `etag` (from an earlier answer) the request is
   * conditional: an unchanged application costs a 304 without a body.
   */
  async application(nomor: string, call: CallContext, etag?: string): Promise<ApplicationAnswer> {
    const response = await this.get(
      call,
      `/simkim/api/v1/permohonan/${encodeURIComponent(nomor)}`,
      etag ? { 'If-None-Match': etag } : {},
    );
    if (response.status === 304) {
      if (!etag)
        throw upstreamBadResponse(this.upstream.connector, 'permohonan: 304 without If-None-Match');
      return { kind: 'not-modified' };
    }
    if (response.status === 404) return { kind: 'not-found' };
    const body = this.body(response, 'permohonan');
    const application = this.upstream.parse(permohonanSchema, body, 'permohonan');
    // Never show one citizen another citizen's application, whatever the office's routing did.
    if (application.nomorPermohonan !== nomor) {
      throw upstreamBadResponse(this.upstream.connector, 'permohonan answered for another number');
    }
    const header: unknown = response.headers['etag'];
    return { kind: 'found', application, etag: typeof header === 'string' ? header : undefined };
  }

  /**
   * Applications of any of `niks` (at most MAX_NIKS_PER_CALL): every page of the search, in
   * order. One interaction for the pipeline; as many HTTP requests as there are pages.
   */
  async applicationsByNik(niks: readonly string[], call: CallContext): Promise<Permohonan[]> {
    if (niks.length === 0) return [];
    if (niks.length > MAX_NIKS_PER_CALL) {
      // A programming error (the entity policy caps batches), never the office's fault.
      throw new RangeError(`permohonan search takes at most ${MAX_NIKS_PER_CALL} NIKs per call`);
    }
    const rows: Permohonan[] = [];
    let expected: number | undefined;
    for (let page = 1; ; page++) {
      const params = new URLSearchParams(niks.map((nik): [string, string] => ['nik', nik]));
      params.set('halaman', String(page));
      params.set('ukuran', String(PAGE_SIZE));
      const response = await this.get(call, `/simkim/api/v1/permohonan?${params.toString()}`);
      const result = this.upstream.parse(
        searchPageSchema,
        this.body(response, 'permohonan search'),
        'permohonan search page',
      );
      if (result.halaman !== page) {
        throw upstreamBadResponse(
          this.upstream.connector,
          `permohonan search: asked page ${page}, got another`,
        );
      }
      // The total must hold still while we page: otherwise rows were added or removed under
      // us and the list we assemble could miss or repeat one.
      expected ??= result.totalData;
      if (result.totalData !== expected) {
        throw upstreamBadResponse(
          this.upstream.connector,
          'permohonan search: total changed while paging',
        );
      }
      rows.push(...result.data);
      if (page >= result.totalHalaman) break;
      if (page >= MAX_PAGES) {
        throw upstreamBadResponse(
          this.upstream.connector,
          `permohonan search: more than ${MAX_PAGES} pages`,
        );
      }
    }
    if (rows.length !== expected) {
      throw upstreamBadResponse(
        this.upstream.connector,
        'permohonan search: rows disagree with totalData',
      );
    }
    return rows;
  }

  private get(
    call: CallContext,
    url: string,
    headers: Record<string, string> = {},
  ): Promise<AxiosResponse<string>> {
    return this.upstream.request(call, {
      method: 'GET',
      url,
      headers: { 'X-Api-Key': this.apiKey, Accept: 'application/json', ...headers },
    });
  }

  /** Status checks shared by every endpoint: the parsed JSON body of a 200. */
  private body(response: AxiosResponse<string>, what: string): unknown {
    if (response.status === 401 || response.status === 403) {
      // Our key is wrong or revoked: nothing a retry or the caller can fix. The detail names
      // the cause for operators (the pipeline logs it); clients see UPSTREAM_UNAVAILABLE.
      throw upstreamUnavailable(
        this.upstream.connector,
        `${what}: HTTP ${response.status} (API key refused)`,
      );
    }
    if (response.status !== 200) {
      throw upstreamUnavailable(this.upstream.connector, `${what}: HTTP ${response.status}`);
    }
    return this.upstream.json(response.data, `${what} response`);
  }
}
