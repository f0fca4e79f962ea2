import { z } from 'zod';

/**
 * Kantor Imigrasi (SIMKIM-style) native payloads, field names as the office sends them,
 * validated at the boundary: nothing past `client.ts` sees unparsed JSON.
 */

/** Workflow stages the connector knows. An unknown stage is refused, not guessed at. */
export const tahapanSchema = z.enum([
  'DIAJUKAN',
  'WAWANCARA',
  'BIOMETRIK',
  'PENCETAKAN',
  'SIAP_DIAMBIL',
  'DISERAHKAN',
  'DITOLAK',
]);
export type Tahapan = z.infer<typeof tahapanSchema>;

/** One application (`GET /permohonan/{nomor}`, or an element of a search page). */
export const permohonanSchema = z.object({
  nomorPermohonan: z.string().regex(/^[A-Z]{3}\d{12}$/),
  nik: z.string().regex(/^\d{16}$/),
  jenisPaspor: z.enum(['PASPOR BIASA 48H', 'E-PASPOR 48H']),
  tahapan: tahapanSchema,
  tanggalPengajuan: z.iso.date(),
  tanggalTahapan: z.iso.date(),
  kantor: z.object({ kode: z.string().regex(/^[A-Z]{3}$/), nama: z.string().min(1) }),
  alasanPenolakan: z.string().nullish(),
});
export type Permohonan = z.infer<typeof permohonanSchema>;

/** One page of the search by NIK. */
export const searchPageSchema = z
  .object({
    data: z.array(permohonanSchema),
    halaman: z.int().min(1),
    ukuran: z.int().min(1),
    totalData: z.int().min(0),
    totalHalaman: z.int().min(1),
  })
  .refine((p) => p.halaman <= p.totalHalaman, { message: 'page beyond the last page' })
  .refine((p) => p.data.length <= p.ukuran, { message: 'more rows than the page size' });
export type SearchPage = z.infer<typeof searchPageSchema>;
