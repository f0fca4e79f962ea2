import { z } from 'zod';

/**
 * VClaim payloads as the agency sends them, validated at the boundary. Only the fields the
 * gateway maps are required; the rest (`mr`, `umur`, `informasi`, `cob`, ...) pass through
 * unchecked so that VClaim adding or nulling a field we do not use never breaks a lookup.
 */

/**
 * `metaData.code` is documented as a string ("200"), but older VClaim deployments and some
 * proxies send a number: both mean the same code.
 */
const code = z.union([z.string(), z.number()]).transform((c) => String(c).trim());

/** The outer envelope: `response` is the encrypted string, or null with a non-200 code. */
export const envelopeSchema = z.object({
  metaData: z.object({
    code,
    message: z.string().nullish(),
  }),
  response: z.string().nullish(),
});
export type VClaimEnvelope = z.infer<typeof envelopeSchema>;

/** VClaim sends absent values as null and, in older records, as "". */
const text = z
  .string()
  .nullish()
  .transform((s) => (s == null || s.trim() === '' ? null : s.trim()));

const codeAndLabel = z
  .object({ kode: text, keterangan: text })
  .nullish()
  .transform((v) => v ?? null);

/** The decrypted body of `/Peserta/nik/...` and `/Peserta/nokartu/...`. */
export const participantResponseSchema = z.object({
  peserta: z.object({
    noKartu: z.string().regex(/^\d{13}$/),
    nik: text,
    nama: z.string(),
    sex: text,
    tglLahir: text,
    tglTMT: text,
    tglTAT: text,
    statusPeserta: z.object({
      kode: z.union([z.string(), z.number()]).transform(String),
      keterangan: text,
    }),
    jenisPeserta: codeAndLabel,
    hakKelas: codeAndLabel,
    provUmum: z
      .object({ kdProvider: text, nmProvider: text })
      .nullish()
      .transform((v) => v ?? null),
  }),
});
export type VClaimParticipant = z.infer<typeof participantResponseSchema>['peserta'];

/** The decrypted body of `/referensi/propinsi` (used by the health probe). */
export const provinceListSchema = z.object({
  list: z.array(z.object({ kode: z.string(), nama: z.string() })).min(1),
});
