import { z } from 'zod';

/**
 * Native payloads of the BPJS Ketenagakerjaan API, validated at the boundary. Field names are
 * the agency's; nothing outside this connector sees these types.
 */

/** RFC 6749 section 5.1 token response. */
export const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i),
  // RFC 6749 says a number; some gateways in front of Indonesian APIs send it as a string.
  expires_in: z
    .union([z.number(), z.string().regex(/^\d+$/).transform(Number)])
    .pipe(z.number().int().positive()),
});
export type TokenResponse = z.infer<typeof tokenResponse>;

/** RFC 6749 section 5.2 error response (`error` is all we rely on). */
export const oauthError = z.object({ error: z.string() });

const rupiah = z
  .union([z.number(), z.string().regex(/^\d+$/).transform(Number)])
  .pipe(z.number().int().nonnegative());

export const peserta = z.object({
  kpj: z.string().regex(/^\d{11}$/),
  nik: z.string().regex(/^\d{16}$/),
  nama: z.string().min(1),
  perusahaan: z.object({ npp: z.string().min(1), nama_perusahaan: z.string().min(1) }).nullable(),
  // Codes are kept as strings here: a programme added by the agency must not fail the record.
  program: z.array(z.object({ kode_program: z.string().min(1), nama_program: z.string() })),
  status_kepesertaan: z.enum(['AKTIF', 'NON AKTIF']),
  iuran_terakhir: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .nullable(),
  saldo_jht: rupiah.nullable(),
  tgl_kepesertaan: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/),
});
export type Peserta = z.infer<typeof peserta>;

export const pesertaResponse = z.object({ status: z.literal('OK'), data: peserta });
export const pesertaSearchResponse = z.object({ status: z.literal('OK'), data: z.array(peserta) });
/** The body of a 404 that means "no such member" (as opposed to a wrong URL or a proxy's page). */
export const notFoundResponse = z.object({ status: z.literal('NOT_FOUND') });
