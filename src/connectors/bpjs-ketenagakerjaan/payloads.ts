import { z } from 'zod';

/**
 * Native payloads of the BPJS Ketenagakerjaan API, validated at the boundary. Field names are
 * the agency's; nothing outside this connector sees these types.
 */

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
