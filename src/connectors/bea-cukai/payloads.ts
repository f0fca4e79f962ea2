import { z } from 'zod';

/**
 * CEISA / DJBC native payloads, field names as the agency sends them. Every answer is the
 * envelope `{status, message, item}`; "not found" is `{"status":"Failed","message":"Data
 * Tidak Ditemukan"}` with HTTP 200.
 */

export const failedEnvelope = z.object({
  status: z.literal('Failed'),
  message: z.string(),
});

/** The "not found" answer, told apart from other failures by its message. */
export const NOT_FOUND_MESSAGE = 'Data Tidak Ditemukan';

const success = <T extends z.ZodType>(item: T) =>
  z.object({ status: z.literal('success'), message: z.string(), item });

export const loginResponse = success(
  z.object({
    access_token: z.string().min(1),
    refresh_token: z.string().min(1),
    /** Seconds; CEISA documents 300. Absent in older answers: then 300 is assumed. */
    expires_in: z.number().int().positive().optional(),
    /** Seconds; CEISA documents 24 hours. */
    refresh_expires_in: z.number().int().positive().optional(),
  }),
);

export const refreshResponse = success(
  z.object({
    access_token: z.string().min(1),
    expires_in: z.number().int().positive().optional(),
  }),
);

/** DJBC's public status texts for barang kiriman: an unknown text is refused, not guessed. */
export const statusText = z.enum([
  'Dokumen diterima untuk diproses Bea Cukai',
  'Selesai validasi sistem Bea Cukai',
  'Permintaan Dokumen',
  'Barang menunggu penyiapan penyelenggara pos untuk pemeriksaan fisik',
  'LHP telah direkam',
  'Penetapan SPPBMCP',
]);
export type StatusText = z.infer<typeof statusText>;

const rupiah = z.number().int().min(0);

export const shipmentItem = z.object({
  nomorBarang: z.string().min(1),
  jenisNomor: z.enum(['AWB', 'POS']),
  nikPenerima: z.string().regex(/^\d{16}$/),
  uraianBarang: z.string(),
  nilaiPabean: rupiah,
  riwayatStatus: z
    .array(
      z.object({
        kodeStatus: z.string(),
        uraianStatus: statusText,
        waktuStatus: z.iso.datetime({ offset: true }),
      }),
    )
    .min(1),
  tagihan: z.object({
    beaMasuk: rupiah,
    ppn: rupiah,
    pph: rupiah,
    totalTagihan: rupiah,
    kodeBilling: z
      .string()
      .regex(/^\d{15}$/)
      .nullable(),
  }),
});
export type ShipmentItem = z.infer<typeof shipmentItem>;
export const shipmentResponse = success(shipmentItem);
export const shipmentListResponse = success(z.array(shipmentItem));

export const registrationItem = z.object({
  nib: z.string().regex(/^\d{13}$/),
  npwp: z.string().regex(/^\d{16}$/),
  namaPerusahaan: z.string().min(1),
  kategori: z.string().min(1),
  tanggalTerbitNib: z.iso.date(),
});
export type RegistrationItem = z.infer<typeof registrationItem>;
export const registrationResponse = success(registrationItem);
