import { z } from 'zod';

/**
 * The PDAM billing API's native payloads (field names as the agency sends them), validated
 * at the boundary: nothing past `client.ts` sees unparsed JSON.
 */

/** Result codes (`rc`) the connector acts on. Anything else is an agency-side failure. */
export const RC = {
  ok: '00',
  notFound: '14',
  /** "TAGIHAN SUDAH LUNAS": some PDAM billing systems answer this instead of an empty list. */
  paidUp: '88',
} as const;

/**
 * A whole, non-negative number that PHP-backed PDAM systems send either as a JSON number or
 * as a numeric string (`"125000"`, sometimes with a zero fraction `"125000.00"` from a
 * DECIMAL column). Anything else (`"1.250.000"`, `"-5"`, `"12.5"`) is refused rather than
 * guessed at.
 */
export const wholeNumber = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^\d+(\.0+)?$/)
      .transform(Number),
  ])
  .pipe(z.int().nonnegative());

/** `YYYYMM`. */
const periode = z.string().regex(/^\d{4}(0[1-9]|1[0-2])$/);

/** Nomor sambungan: the 10-digit customer number. */
export const nosamb = z.string().regex(/^\d{10}$/);

export const tagihanSchema = z.object({
  periode,
  stanlalu: wholeNumber,
  stanskrg: wholeNumber,
  pakai: wholeNumber,
  biaya_air: wholeNumber,
  biaya_admin: wholeNumber,
  denda: wholeNumber,
  total: wholeNumber,
});
export type Tagihan = z.infer<typeof tagihanSchema>;

const customerFields = {
  nosamb,
  nama: z.string(),
  alamat: z.string(),
  golongan: z.string(),
  nama_golongan: z.string(),
};

/** `data` of a successful inquiry (rc 00): the bill list is required. */
export const inquiryDataSchema = z.object({ ...customerFields, tagihan: z.array(tagihanSchema) });
/** `data` of an rc 88 answer: the customer block, with no (or an empty/null) bill list. */
export const paidUpDataSchema = z.object({
  ...customerFields,
  tagihan: z
    .array(tagihanSchema)
    .nullish()
    .transform((t) => t ?? []),
});
export type InquiryData = z.infer<typeof inquiryDataSchema>;

/** Every PDAM answer: a result code and a message; `data` is read once `rc` says what it is. */
export const envelopeSchema = z.object({
  rc: z.string(),
  message: z.string().nullish(),
  data: z.unknown().optional(),
});

/** One row of the customers-by-NIK answer. Only the fields the connector uses are checked. */
export const pelangganSchema = z.object({ nik: z.string(), nosamb });
export const pelangganListSchema = z.array(pelangganSchema);
export type Pelanggan = z.infer<typeof pelangganSchema>;
