import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from './index';

/**
 * Error messages in Indonesian and English, one entry per `extensions.code` the gateway sends.
 * The code never changes with the language: front ends switch on it; the message is for the
 * officer reading the screen. docs/errors.md lists the same table (a test keeps them in step).
 */

export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** MPP officers read Indonesian: the default unless ERROR_LANGUAGE says otherwise. */
export const DEFAULT_LANGUAGE: Language = 'id';

/** Codes that are not in `ErrorCode`: Apollo's, the security layer's, the HTTP layer's. */
export const OtherCode = {
  GraphqlParseFailed: 'GRAPHQL_PARSE_FAILED',
  GraphqlValidationFailed: 'GRAPHQL_VALIDATION_FAILED',
  BadRequest: 'BAD_REQUEST',
  PersistedQueryNotFound: 'PERSISTED_QUERY_NOT_FOUND',
  PersistedQueryNotSupported: 'PERSISTED_QUERY_NOT_SUPPORTED',
  OperationResolutionFailure: 'OPERATION_RESOLUTION_FAILURE',
  OperationNotSupported: 'OPERATION_NOT_SUPPORTED',
  QueryLimitExceeded: 'QUERY_LIMIT_EXCEEDED',
  OperationNotAllowed: 'OPERATION_NOT_ALLOWED',
  AuditUnavailable: 'AUDIT_UNAVAILABLE',
  PersonalDataRequiresPost: 'PERSONAL_DATA_REQUIRES_POST',
  Unavailable: 'UNAVAILABLE',
} as const;

export type KnownCode = ErrorCode | (typeof OtherCode)[keyof typeof OtherCode];

/** `{connector}` is replaced by the agency's name when the error names one. */
export interface Messages {
  id: string;
  en: string;
}

export const MESSAGES: Readonly<Record<KnownCode, Messages>> = {
  [ErrorCode.BadUserInput]: {
    id: 'Data yang dimasukkan tidak valid. Periksa kembali isian Anda.',
    en: 'The input is not valid. Check what was entered.',
  },
  [ErrorCode.UpstreamTimeout]: {
    id: 'Layanan {connector} tidak menjawab tepat waktu. Coba lagi sebentar lagi.',
    en: '{connector} did not answer in time. Try again shortly.',
  },
  [ErrorCode.UpstreamUnavailable]: {
    id: 'Layanan {connector} sedang tidak tersedia.',
    en: '{connector} is unavailable.',
  },
  [ErrorCode.UpstreamBadResponse]: {
    id: 'Layanan {connector} mengirim jawaban yang tidak dapat dibaca.',
    en: '{connector} sent a response the gateway could not understand.',
  },
  [ErrorCode.CircuitOpen]: {
    id: 'Layanan {connector} sedang bermasalah; permintaan dihentikan sementara.',
    en: '{connector} is failing; calls are paused for a while.',
  },
  [ErrorCode.NotServedHere]: {
    id: 'Data {connector} untuk wilayah ini tidak dilayani di MPP ini.',
    en: '{connector} data for this region is not served at this MPP.',
  },
  [ErrorCode.IdempotencyKeyReused]: {
    id: 'Kunci idempoten ini sudah dipakai untuk permintaan lain; buat kunci baru.',
    en: 'This idempotency key was used for a different request; use a new key.',
  },
  [ErrorCode.IdempotencyInProgress]: {
    id: 'Permintaan dengan kunci ini masih diproses; coba lagi dengan kunci yang sama sebentar lagi.',
    en: 'A request with this key is still being processed; retry with the same key shortly.',
  },
  [ErrorCode.AmountMismatch]: {
    id: 'Jumlah pembayaran tidak sama dengan tagihan; tidak ada yang dibayar.',
    en: 'The amount differs from the bill; nothing was paid.',
  },
  [ErrorCode.AlreadyPaid]: {
    id: 'Tagihan ini sudah lunas.',
    en: 'This bill is already paid.',
  },
  [ErrorCode.BillNotFound]: {
    id: 'Tagihan tidak ditemukan.',
    en: 'The bill was not found.',
  },
  [ErrorCode.PaymentUnavailable]: {
    id: 'Layanan pembayaran bank sedang tidak tersedia; tidak ada yang dibayar. Coba lagi nanti.',
    en: 'The bank payment service is unavailable; nothing was paid. Try again later.',
  },
  [ErrorCode.PaymentDeclined]: {
    id: 'Pembayaran ditolak bank; tidak ada yang dibayar.',
    en: 'The bank declined the payment; nothing was paid.',
  },
  [ErrorCode.PaymentPending]: {
    id: 'Hasil pembayaran belum pasti; gateway sedang menyelesaikannya. Periksa status pembayaran.',
    en: 'The payment outcome is not known yet; the gateway is resolving it. Check the payment status.',
  },
  [ErrorCode.PaymentReversed]: {
    id: 'Jawaban bank tidak diterima; pembayaran dibatalkan (reversal). Tidak ada yang dibayar.',
    en: 'The bank answer was lost; the payment was reversed. Nothing was paid.',
  },
  [ErrorCode.Unauthenticated]: {
    id: 'Aplikasi tidak dikenali: kunci API atau token tidak ada, salah, atau kedaluwarsa.',
    en: 'The application is not recognised: the API key or token is missing, wrong or expired.',
  },
  [ErrorCode.Forbidden]: {
    id: 'Anda tidak berhak melihat data ini, atau keperluan (nomor layanan) belum diisi.',
    en: 'You may not see this data, or the purpose (service case number) is missing.',
  },
  [ErrorCode.RateLimited]: {
    id: 'Terlalu banyak permintaan dari aplikasi ini. Tunggu sebentar lalu coba lagi.',
    en: 'Too many requests from this application. Wait a moment and try again.',
  },
  [ErrorCode.InternalServerError]: {
    id: 'Terjadi kesalahan pada gateway. Coba lagi; jika berulang, hubungi admin.',
    en: 'The gateway hit an internal error. Try again; if it persists, call the administrator.',
  },
  [OtherCode.GraphqlParseFailed]: {
    id: 'Permintaan GraphQL tidak dapat dibaca (kesalahan sintaks).',
    en: 'The GraphQL request could not be parsed (syntax error).',
  },
  [OtherCode.GraphqlValidationFailed]: {
    id: 'Permintaan GraphQL tidak sesuai dengan skema.',
    en: 'The GraphQL request does not match the schema.',
  },
  [OtherCode.BadRequest]: {
    id: 'Permintaan HTTP tidak valid.',
    en: 'The HTTP request is not valid.',
  },
  [OtherCode.PersistedQueryNotFound]: {
    id: 'Operasi tersimpan tidak ditemukan; kirim teks lengkap operasinya.',
    en: 'The persisted operation was not found; send its full text.',
  },
  [OtherCode.PersistedQueryNotSupported]: {
    id: 'Gateway ini tidak menerima operasi tersimpan.',
    en: 'This gateway does not accept persisted operations.',
  },
  [OtherCode.OperationResolutionFailure]: {
    id: 'Operasi yang diminta tidak ada dalam dokumen (periksa operationName).',
    en: 'The requested operation is not in the document (check operationName).',
  },
  [OtherCode.OperationNotSupported]: {
    id: 'Jenis operasi ini (mis. mutation) belum didukung gateway.',
    en: 'This operation type (e.g. mutation) is not supported by the gateway yet.',
  },
  [OtherCode.QueryLimitExceeded]: {
    id: 'Permintaan terlalu besar atau terlalu dalam; perkecil permintaan.',
    en: 'The request is too large or too deep; ask for less.',
  },
  [OtherCode.OperationNotAllowed]: {
    id: 'Operasi ini tidak terdaftar untuk gateway produksi.',
    en: 'This operation is not registered with the production gateway.',
  },
  [OtherCode.AuditUnavailable]: {
    id: 'Data pribadi ditahan: catatan audit tidak dapat ditulis. Coba lagi sebentar lagi.',
    en: 'Personal data withheld: the audit record could not be written. Try again shortly.',
  },
  [OtherCode.PersonalDataRequiresPost]: {
    id: 'Data pribadi hanya dilayani lewat POST: nomor identitas tidak boleh ada di URL.',
    en: 'Personal data is served over POST only: identifiers must not appear in URLs.',
  },
  [OtherCode.Unavailable]: {
    id: 'Gateway sedang dimulai atau dihentikan. Coba lagi sebentar lagi.',
    en: 'The gateway is starting or shutting down. Try again shortly.',
  },
};

// Front ends show agency names, not connector keys.
const AGENCY_NAMES: Readonly<Record<string, string>> = {
  dukcapil: 'Dukcapil',
  'bpjs-kesehatan': 'BPJS Kesehatan',
  'bpjs-ketenagakerjaan': 'BPJS Ketenagakerjaan',
  bpkd: 'BPKD (PBB)',
  pdam: 'PDAM',
  imigrasi: 'Imigrasi',
  'bea-cukai': 'Bea Cukai',
  disnaker: 'Disnaker',
  'bank-aceh': 'Bank Aceh',
};

const isLanguage = (s: string): s is Language => (LANGUAGES as readonly string[]).includes(s);
const isKnownCode = (code: string): code is KnownCode => Object.hasOwn(MESSAGES, code);

/**
 * The message for `code` in `lang`, or undefined for a code the table lacks (the caller keeps
 * the original message then). `connector` fills `{connector}`; without it, a neutral word.
 */
export function localize(
  code: string,
  lang: Language,
  params: { connector?: string } = {},
): string | undefined {
  if (!isKnownCode(code)) return undefined;
  const fallback = lang === 'id' ? 'instansi' : 'An agency';
  const agency = params.connector ? (AGENCY_NAMES[params.connector] ?? params.connector) : fallback;
  return MESSAGES[code][lang].replace('{connector}', agency);
}

/**
 * The best supported language of an `Accept-Language` header (RFC 9110 §12.5.4: q-values,
 * primary subtags, `*`), or `fallback` when it names none. `in` is Indonesian's old ISO code.
 */
export function languageOf(
  header: string | undefined,
  fallback: Language = DEFAULT_LANGUAGE,
): Language {
  if (!header) return fallback;
  let best: { lang: Language; q: number } | undefined;
  for (const part of header.split(',').slice(0, 20)) {
    const [tag = '', ...params] = part.trim().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q) || q <= 0 || q > 1) continue;
    const primary = tag.trim().toLowerCase().split('-')[0];
    const lang: Language | undefined =
      primary === 'id' || primary === 'in'
        ? 'id'
        : primary === 'en'
          ? 'en'
          : primary === '*'
            ? fallback
            : undefined;
    // Ties keep the earlier entry: the client listed it first.
    if (lang && (!best || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? fallback;
}

/**
 * An error as the client sees it, in `lang`: the table's message, the code and every other
 * extension unchanged, the gateway's original (English, specific) message kept in
 * `extensions.detail` when it says more. Compose it last in `formatError`.
 */
export function localizeError(
  formatted: GraphQLFormattedError,
  lang: Language,
): GraphQLFormattedError {
  const code = formatted.extensions?.['code'];
  const connector = formatted.extensions?.['connector'];
  if (typeof code !== 'string') return formatted;
  const message = localize(code, lang, {
    connector: typeof connector === 'string' ? connector : undefined,
  });
  if (message === undefined || message === formatted.message) return formatted;
  return {
    ...formatted,
    message,
    extensions: { ...formatted.extensions, detail: formatted.message },
  };
}

/** Reads the ERROR_LANGUAGE setting (`id` or `en`; default `id`), or names the bad value. */
export function errorLanguageSetting(raw: string | undefined): Language | { problem: string } {
  if (raw === undefined || raw === '') return DEFAULT_LANGUAGE;
  return isLanguage(raw)
    ? raw
    : { problem: `ERROR_LANGUAGE: expected one of ${LANGUAGES.join(', ')}` };
}
