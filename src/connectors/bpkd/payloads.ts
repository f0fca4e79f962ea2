import { z } from 'zod';

/**
 * The BPKD service's payloads as fast-xml-parser hands them over (see soap.ts: every leaf a
 * trimmed string, empty or nil elements ''), validated at the boundary. Field names are the
 * service's own (SISMIOP column names); only fields the gateway uses are declared, the rest
 * pass unread.
 */

/** A repeated element: absent or empty (no items), one object, or an array of objects. */
function xmlList<T extends z.ZodType>(item: T) {
  return z.preprocess(
    (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
    z.array(item),
  );
}

/** A non-negative whole number; Oracle NUMBER columns sometimes render as "123.00". */
const xmlWhole = z
  .string()
  .regex(/^\d{1,15}(?:\.0+)?$/)
  .transform((v) => Number.parseInt(v, 10));

/**
 * A date: ISO `YYYY-MM-DD`, possibly as an xsd:dateTime (`...T00:00:00+07:00`) from Java
 * builds, whose date part is already the agency's local (WIB) date.
 */
const xmlDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/)
  .transform((v) => v.slice(0, 10));

const xmlOptionalDate = z.union([z.literal('').transform(() => null), xmlDate]);

const xmlText = z.string();

/** Bank-channel result codes: 00 found with something to pay, 54 found and fully paid, 55 not found. */
export const RESULT_CODES = { ok: '00', alreadyPaid: '54', notFound: '55' } as const;
const resultCode = z.string().regex(/^\d{2}$/);

/** One SPPT row (annual bill) of GetTagihanSppt. */
export const spptSchema = z.object({
  THN_PAJAK_SPPT: z
    .string()
    .regex(/^\d{4}$/)
    .transform(Number),
  NM_WP_SPPT: xmlText,
  JLN_WP_SPPT: xmlText,
  KELURAHAN_WP_SPPT: xmlText,
  LUAS_BUMI_SPPT: xmlWhole,
  LUAS_BNG_SPPT: xmlWhole,
  NJOP_BUMI_SPPT: xmlWhole,
  NJOP_BNG_SPPT: xmlWhole,
  NJOP_SPPT: xmlWhole,
  NJOPTKP_SPPT: xmlWhole,
  PBB_TERHUTANG_SPPT: xmlWhole,
  PBB_YG_HARUS_DIBAYAR_SPPT: xmlWhole,
  TGL_JATUH_TEMPO_SPPT: xmlDate,
  STATUS_PEMBAYARAN_SPPT: z.enum(['0', '1']),
  TGL_PEMBAYARAN_SPPT: xmlOptionalDate.optional(),
});
export type SpptPayload = z.infer<typeof spptSchema>;

/** Where the object lies (DAT_OBJEK_PAJAK joined with the region tables). */
const objectLocationSchema = z.object({
  JALAN_OP: xmlText,
  KELURAHAN_OP: xmlText,
  KECAMATAN_OP: xmlText,
});

/** The per-NOP result of GetTagihanSppt. On 55 the object and bill list are absent. */
export const tagihanResultSchema = z.object({
  Nop: z.string().regex(/^\d{18}$/),
  KodeRespon: resultCode,
  ObjekPajak: objectLocationSchema.optional(),
  DaftarSppt: z.preprocess(
    (v) => (v === undefined || v === '' ? {} : v),
    z.object({ Sppt: xmlList(spptSchema) }),
  ),
});
export type TagihanResultPayload = z.infer<typeof tagihanResultSchema>;

export const getTagihanSpptBodySchema = z.object({
  GetTagihanSpptResponse: z.object({ Hasil: xmlList(tagihanResultSchema) }),
});

/**
 * A tax object of GetObjekPajakBySubjek: its NOP comes split into the SISMIOP key columns
 * (province, regency, district, village, block, serial, object type).
 */
export const objekPajakSchema = z.object({
  KD_PROPINSI: z.string().regex(/^\d{2}$/),
  KD_DATI2: z.string().regex(/^\d{2}$/),
  KD_KECAMATAN: z.string().regex(/^\d{3}$/),
  KD_KELURAHAN: z.string().regex(/^\d{3}$/),
  KD_BLOK: z.string().regex(/^\d{3}$/),
  NO_URUT: z.string().regex(/^\d{4}$/),
  KD_JNS_OP: z.string().regex(/^\d$/),
});
export type ObjekPajakPayload = z.infer<typeof objekPajakSchema>;

/** The per-subject result of GetObjekPajakBySubjek (the subject id is the owner's NIK). */
export const subjekResultSchema = z.object({
  SubjekPajakId: z.string().regex(/^\d{16}$/),
  KodeRespon: resultCode,
  DaftarObjekPajak: z.preprocess(
    (v) => (v === undefined || v === '' ? {} : v),
    z.object({ ObjekPajak: xmlList(objekPajakSchema) }),
  ),
});
export type SubjekResultPayload = z.infer<typeof subjekResultSchema>;

export const getObjekPajakBySubjekBodySchema = z.object({
  GetObjekPajakBySubjekResponse: z.object({ Hasil: xmlList(subjekResultSchema) }),
});
