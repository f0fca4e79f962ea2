import { z } from 'zod';

/**
 * Disnaker AK/1 API native payloads (our design, mocks/disnaker/README.md), field names as the
 * office sends them, validated at the boundary.
 */

/** The office's error body: a stable code (safe to log) and an Indonesian message. */
export const apiError = z.object({ kode: z.string().regex(/^[A-Z_]{1,40}$/), pesan: z.string() });

export const jenjang = z.enum(['SD', 'SMP', 'SMA', 'SMK', 'D3', 'S1']);
export type Jenjang = z.infer<typeof jenjang>;

const pendidikan = z.object({
  jenjang,
  jurusan: z.string().nullable(),
  tahunLulus: z.number().int().min(1940).max(2100),
});
export type Pendidikan = z.infer<typeof pendidikan>;

const cardNumber = z.string().regex(/^AK1-\d{4}-\d{6}-\d{6}$/);
const nik = z.string().regex(/^\d{16}$/);

export const kartu = z.object({
  nomorAk1: cardNumber,
  nik,
  nama: z.string().min(1),
  tanggalTerbit: z.iso.date(),
  berlakuSampai: z.iso.date(),
  pendidikan: z.array(pendidikan),
  keterampilan: z.array(z.string()),
  laporan: z.array(
    z.object({
      laporanKe: z.number().int().min(1).max(4),
      tanggalLapor: z.iso.date(),
      statusKerja: z.enum(['BELUM_BEKERJA', 'SUDAH_BEKERJA']),
    }),
  ),
});
export type Kartu = z.infer<typeof kartu>;
export const searchResponse = z.object({ data: z.array(kartu) });

export const statusPermohonan = z.enum(['DIAJUKAN', 'DIVERIFIKASI', 'DITERBITKAN', 'DITOLAK']);
export type StatusPermohonan = z.infer<typeof statusPermohonan>;

export const permohonan = z
  .object({
    nomorPermohonan: z.string().regex(/^PK-\d{4}-\d{6}-\d{5}$/),
    nik,
    status: statusPermohonan,
    tanggalPengajuan: z.iso.date(),
    tanggalStatus: z.iso.date(),
    pendidikan: z.array(pendidikan),
    keterampilan: z.array(z.string()),
    nomorAk1: cardNumber.nullable(),
    alasanPenolakan: z.string().nullable(),
  })
  .refine((p) => p.status !== 'DITERBITKAN' || p.nomorAk1 !== null, {
    message: 'issued without a card number',
  });
export type Permohonan = z.infer<typeof permohonan>;

export const laporanResponse = z.object({
  nomorAk1: cardNumber,
  laporan: z.object({
    laporanKe: z.number().int().min(1).max(4),
    tanggalLapor: z.iso.date(),
    statusKerja: z.enum(['BELUM_BEKERJA', 'SUDAH_BEKERJA']),
  }),
});
export type LaporanResponse = z.infer<typeof laporanResponse>;
