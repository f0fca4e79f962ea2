import type { PassportApplicationRecord, PassportApplicationStage, PassportType } from './domain';
import type { Permohonan, Tahapan } from './payloads';

/** SIMKIM stage words → the API's enum. The payload schema already refused unknown words. */
const STAGE: Record<Tahapan, PassportApplicationStage> = {
  DIAJUKAN: 'SUBMITTED',
  WAWANCARA: 'INTERVIEW',
  BIOMETRIK: 'BIOMETRICS',
  PENCETAKAN: 'PRINTED',
  SIAP_DIAMBIL: 'READY_FOR_PICKUP',
  DISERAHKAN: 'COLLECTED',
  DITOLAK: 'REJECTED',
};

const TYPE: Record<Permohonan['jenisPaspor'], PassportType> = {
  'PASPOR BIASA 48H': 'ORDINARY',
  'E-PASPOR 48H': 'ELECTRONIC',
};

export function toPassportApplication(p: Permohonan): PassportApplicationRecord {
  const stage = STAGE[p.tahapan];
  return {
    applicationNumber: p.nomorPermohonan,
    nik: p.nik,
    passportType: TYPE[p.jenisPaspor],
    stage,
    submittedOn: p.tanggalPengajuan,
    stageSince: p.tanggalTahapan,
    office: p.kantor.nama.trim(),
    // Some records keep an old reason after a resubmission: it means something only when rejected.
    rejectionReason: stage === 'REJECTED' ? (p.alasanPenolakan?.trim() ?? null) : null,
  };
}

/**
 * Applications per requested NIK, newest submission first, without repeats. Every requested
 * NIK gets a list (empty when it has none): "never applied" is an answer. Rows for NIKs we
 * did not ask about are ignored.
 */
export function groupByNik(
  niks: readonly string[],
  rows: readonly Permohonan[],
): Map<string, PassportApplicationRecord[]> {
  const byNik = new Map<string, PassportApplicationRecord[]>(niks.map((nik) => [nik, []]));
  for (const row of rows) {
    const list = byNik.get(row.nik);
    if (list && !list.some((a) => a.applicationNumber === row.nomorPermohonan))
      list.push(toPassportApplication(row));
  }
  for (const list of byNik.values())
    list.sort((a, b) =>
      a.submittedOn < b.submittedOn ? 1 : a.submittedOn > b.submittedOn ? -1 : 0,
    );
  return byNik;
}
