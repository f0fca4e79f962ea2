import { z } from 'zod';

/**
 * Dukcapil's native payloads, validated at the boundary before anything maps them.
 *
 * Every answer (records and errors alike) is a paging envelope with HTTP 200:
 *   {"content":[{...}],"lastPage":true,"numberOfElements":1,...}
 * An error is a single content record holding only `RESPON`, e.g. "Data Tidak Ditemukan".
 */

export const DUKCAPIL_ENDPOINTS = { byNik: 'CALL_NIK', byKk: 'CALL_KK' } as const;
export type DukcapilEndpoint = (typeof DUKCAPIL_ENDPOINTS)[keyof typeof DUKCAPIL_ENDPOINTS];

/** The request body's credentials: the data-access agreement's user and the allow-listed caller IP. */
export interface DukcapilCredentialBody {
  user_id: string;
  password: string;
  ip_user: string;
}

/** Records stay loosely typed here: each is either an error record or a person, told apart below. */
export const envelopeSchema = z.object({
  content: z.array(z.record(z.string(), z.unknown())),
  lastPage: z.boolean().optional(),
  numberOfElements: z.number().int().nonnegative().optional(),
});
export type DukcapilEnvelope = z.infer<typeof envelopeSchema>;

export const errorRecordSchema = z.object({ RESPON: z.string() });

// Text columns may be missing, null or empty in real records; mapping decides what empty means.
const text = z.string().nullish();
// Oracle NUMBER columns (region codes, RT/RW, postcode) arrive as JSON numbers, but some
// deployments serialise them as strings: accept both.
const numeric = z.union([z.string(), z.number()]).nullish();
const sixteenDigits = z.string().regex(/^\d{16}$/);

export const personSchema = z.object({
  NIK: sixteenDigits,
  NO_KK: sixteenDigits,
  NAMA_LGKP: z.string().trim().min(1),
  TMPT_LHR: text,
  /** DD-MM-YYYY */
  TGL_LHR: text,
  /** LAKI-LAKI / PEREMPUAN */
  JENIS_KLMIN: text,
  AGAMA: text,
  /** BELUM KAWIN / KAWIN / CERAI HIDUP / CERAI MATI */
  STATUS_KAWIN: text,
  JENIS_PKRJN: text,
  PDDK_AKH: text,
  GOL_DARAH: text,
  NAMA_LGKP_IBU: text,
  NAMA_LGKP_AYAH: text,
  ALAMAT: text,
  NO_RT: numeric,
  NO_RW: numeric,
  DUSUN: text,
  KODE_POS: numeric,
  NO_PROP: numeric,
  PROP_NAME: text,
  NO_KAB: numeric,
  KAB_NAME: text,
  NO_KEC: numeric,
  KEC_NAME: text,
  NO_KEL: numeric,
  KEL_NAME: text,
  /** SUDAH REKAM / BELUM REKAM */
  EKTP_STATUS: text,
  /** Only in CALL_KK answers: the relationship to the head, as text ("KEPALA KELUARGA") or code. */
  STAT_HBKEL: numeric,
});
export type DukcapilPerson = z.infer<typeof personSchema>;
