/* eslint-disable */
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** an ISO date YYYY-MM-DD */
  Date: { input: string; output: string; }
  /** an ISO 8601 timestamp */
  DateTime: { input: string; output: string; }
  /** Whole rupiah as an integer JSON number */
  Rupiah: { input: number; output: number; }
  /** a month YYYY-MM */
  YearMonth: { input: string; output: string; }
};

/** A registered address, with names and Kemendagri region codes down to the village. */
export type Address = {
  __typename?: 'Address';
  /** District (kecamatan) name. */
  district?: Maybe<Scalars['String']['output']>;
  /** Kemendagri district code including province and regency, e.g. "11.73.01". */
  districtCode?: Maybe<Scalars['String']['output']>;
  /** Dusun (hamlet) name, when the village is divided into hamlets. */
  hamlet?: Maybe<Scalars['String']['output']>;
  /** Five-digit postcode. */
  postcode?: Maybe<Scalars['String']['output']>;
  /** Province name. */
  province?: Maybe<Scalars['String']['output']>;
  /** Kemendagri province code, e.g. "11". */
  provinceCode?: Maybe<Scalars['String']['output']>;
  /** Regency or city (kabupaten / kota) name. */
  regency?: Maybe<Scalars['String']['output']>;
  /** Kemendagri regency/city code including the province, e.g. "11.73". */
  regencyCode?: Maybe<Scalars['String']['output']>;
  /** RT (rukun tetangga, neighbourhood unit) number, three digits, e.g. "003". */
  rt?: Maybe<Scalars['String']['output']>;
  /** RW (rukun warga, community unit) number, three digits, e.g. "001". */
  rw?: Maybe<Scalars['String']['output']>;
  /** Street and house number, as recorded. */
  street?: Maybe<Scalars['String']['output']>;
  /** Village (kelurahan / gampong) name. */
  village?: Maybe<Scalars['String']['output']>;
  /** Kemendagri village code including every level above it, e.g. "11.73.01.2001". */
  villageCode?: Maybe<Scalars['String']['output']>;
};

/**
 * An AK/1 application: identity (name, birth, sex, address) is taken from Dukcapil by NIK; the officer adds education
 * and skills.
 */
export type ApplyJobSeekerCardInput = {
  /** At least one entry, from the legalised diploma. */
  education: Array<JobSeekerEducationInput>;
  /**
   * A key the front end makes once per submission (a UUID): repeating the mutation with the same key never makes a
   * second application, and is how to retry when the outcome was unknown.
   */
  idempotencyKey: Scalars['String']['input'];
  nik: Scalars['String']['input'];
  skills: Array<Scalars['String']['input']>;
};

/** Circuit breaker state of a connector. */
export type BreakerState =
  /** Calls flow normally. */
  | 'CLOSED'
  /** The breaker is switched off by configuration. */
  | 'DISABLED'
  /** An operator forced the breaker closed: calls flow whatever their outcome. */
  | 'FORCED_CLOSED'
  /** An operator forced the breaker open: every call is refused. */
  | 'FORCED_OPEN'
  /** A probe call is testing whether the agency has recovered. */
  | 'HALF_OPEN'
  /** The agency is failing: calls are refused at once until a probe succeeds. */
  | 'OPEN';

/**
 * A resident as the civil registry (Dukcapil) records them, identified by their NIK. Other agencies' records of the same
 * person hang off this type as nullable fields.
 */
export type Citizen = Node & {
  __typename?: 'Citizen';
  /** Registered domicile address (the family card's address). */
  address: Address;
  /** Date of birth; null when the registry's record holds no valid date. */
  birthDate?: Maybe<Scalars['Date']['output']>;
  /** Place of birth, as recorded (a town or regency name). */
  birthPlace?: Maybe<Scalars['String']['output']>;
  /** Blood group as recorded ("A", "B", "AB", "O", possibly with rhesus); null when unknown. */
  bloodType?: Maybe<Scalars['String']['output']>;
  /**
   * Personal shipments addressed to this resident that customs holds or released, latest status first; empty when none.
   * Null, with an error in `errors[]`, when customs could not be asked.
   */
  customsShipments?: Maybe<Array<CustomsShipment>>;
  /** Whether the citizen's electronic identity card (e-KTP) data has been recorded (biometrics taken); null when unknown. */
  eKtpRecorded?: Maybe<Scalars['Boolean']['output']>;
  /** Highest education completed, as recorded by the registry, in Indonesian (e.g. "SLTA/SEDERAJAT"). */
  education?: Maybe<Scalars['String']['output']>;
  /**
   * The citizen's BPJS Ketenagakerjaan membership; null when they have none or when BPJS
   * Ketenagakerjaan could not be reached (then `errors[]` says so).
   */
  employmentInsurance?: Maybe<EmploymentInsurance>;
  /** The family card the citizen is registered on, with all its members. */
  family?: Maybe<Family>;
  /** Father's full name as recorded. */
  fatherName?: Maybe<Scalars['String']['output']>;
  /** Full name as printed on the identity card (Dukcapil records names in capitals). */
  fullName: Scalars['String']['output'];
  /**
   * The citizen's BPJS Kesehatan membership, looked up by NIK; null when BPJS Kesehatan has none for this NIK (or when
   * BPJS Kesehatan failed, with an entry in `errors`).
   */
  healthInsurance?: Maybe<HealthInsurance>;
  /**
   * Opaque, stable id of this record (see `Query.node`): the same on every gateway instance and after restarts; reveals
   * no identifier.
   */
  id: Scalars['ID']['output'];
  /**
   * This resident's AK/1 job-seeker card (the latest, possibly expired); null when they hold none, or, with an error in
   * `errors[]`, when the office could not be asked.
   */
  jobSeekerCard?: Maybe<JobSeekerCard>;
  /** Number of the family card (Kartu Keluarga) the citizen is registered on: 16 digits. */
  kkNumber: Scalars['String']['output'];
  /** Marital status; null when the registry's value is not one the gateway recognises. */
  maritalStatus?: Maybe<MaritalStatus>;
  /** Mother's full name as recorded. */
  motherName?: Maybe<Scalars['String']['output']>;
  /** NIK (Nomor Induk Kependudukan): the 16-digit national identity number. */
  nik: Scalars['String']['output'];
  /** Occupation as recorded by the registry, in Indonesian (e.g. "WIRASWASTA"). */
  occupation?: Maybe<Scalars['String']['output']>;
  /**
   * This citizen's passport applications at Kantor Imigrasi Langsa, newest first; empty when they have none. Null, with
   * an error in `errors[]`, when the office could not be asked.
   */
  passportApplications?: Maybe<Array<PassportApplication>>;
  /**
   * Relationship to the head of the family on the family card. Resolving it for a citizen looked up by NIK costs one
   * family-card lookup (shared with `family` in the same request).
   */
  relationship?: Maybe<FamilyRelationship>;
  /** Religion as recorded by the registry, in Indonesian (e.g. "ISLAM", "KRISTEN"). */
  religion?: Maybe<Scalars['String']['output']>;
  /** Sex; null when the registry's value is not one the gateway recognises. */
  sex?: Maybe<Sex>;
  /**
   * PBB-P2 tax objects whose taxpayer subject is this citizen (BPKD). Empty when BPKD knows none; null when BPKD could
   * not be reached (see `errors`).
   */
  taxObjects?: Maybe<Array<TaxObject>>;
  /**
   * Water connections registered to this citizen at PDAM Tirta Keumuning; empty when they own none. Null, with an
   * error in `errors[]`, when PDAM could not be asked.
   */
  waterAccounts?: Maybe<Array<WaterAccount>>;
};

/** The last error a connector saw: its code and time only (never data). */
export type ConnectorError = {
  __typename?: 'ConnectorError';
  /** When it happened. */
  at: Scalars['DateTime']['output'];
  /** One of the documented error codes, e.g. UPSTREAM_TIMEOUT. */
  code: Scalars['String']['output'];
};

/** Live health of one agency connector, for operators' tooling. */
export type ConnectorStatus = {
  __typename?: 'ConnectorStatus';
  /** Circuit breaker state now. */
  breakerState: BreakerState;
  /** Share of shared-cache lookups that were hits in the rolling window (0..1); null without lookups. */
  cacheHitRatio?: Maybe<Scalars['Float']['output']>;
  /** Calls in flight to the agency now. */
  inFlight: Scalars['Int']['output'];
  /** The last error since start, if any (including calls refused by an open breaker). */
  lastError?: Maybe<ConnectorError>;
  /** The agency key, e.g. `bpjs-kesehatan`. */
  name: Scalars['String']['output'];
  /** Median upstream latency (ms) in the rolling window. */
  p50Ms?: Maybe<Scalars['Float']['output']>;
  /** 95th percentile upstream latency (ms) in the rolling window. */
  p95Ms?: Maybe<Scalars['Float']['output']>;
  /** Upstream calls (attempts, retries included) in the rolling window (the last 5 minutes, at most 1,000). */
  recentCalls: Scalars['Int']['output'];
  /** Since when the breaker has been in this state. */
  since: Scalars['DateTime']['output'];
  /** Share of successful calls in the rolling window (0..1); null without calls. */
  successRate?: Maybe<Scalars['Float']['output']>;
  /** Human-readable agency name. */
  title: Scalars['String']['output'];
};

/** Duties due on a personal shipment, in rupiah, paid with the billing code to the state treasury. */
export type CustomsDuties = {
  __typename?: 'CustomsDuties';
  /** The 15-digit billing code to pay with at a bank or post office; null when nothing is due or it is not issued yet. */
  billingCode?: Maybe<Scalars['String']['output']>;
  /** Bea masuk. */
  importDuty: Scalars['Rupiah']['output'];
  /** PPh pasal 22 (income tax on imports). */
  incomeTax: Scalars['Rupiah']['output'];
  /** The sum of the three: what the recipient pays. */
  total: Scalars['Rupiah']['output'];
  /** PPN (value added tax on imports). */
  vat: Scalars['Rupiah']['output'];
};

/** Whether a business is registered with customs: a NIB valid as customs access shows the INSW category "REC CEISA". */
export type CustomsRegistration = Node & {
  __typename?: 'CustomsRegistration';
  /** INSW category, e.g. `REC CEISA`. */
  category: Scalars['String']['output'];
  companyName: Scalars['String']['output'];
  /**
   * Opaque, stable id of this record (see `Query.node`): the same on every gateway instance and after restarts; reveals
   * no identifier.
   */
  id: Scalars['ID']['output'];
  /** NIB (Nomor Induk Berusaha, OSS), 13 digits. */
  nib: Scalars['String']['output'];
  nibIssuedOn: Scalars['Date']['output'];
  /** The business's NPWP, 16 digits. */
  npwp: Scalars['String']['output'];
  /** True when the NIB is valid as customs access (category REC CEISA): the business may import and export. */
  registered: Scalars['Boolean']['output'];
};

/**
 * A personal shipment (barang kiriman) held by Bea Cukai (DJBC, customs and excise), as a citizen asks about it at the
 * counter: where it stands in customs, with DJBC's own status texts, and the duties to pay before release. As DJBC's
 * system states it at the time of the lookup (cached for at most two minutes).
 */
export type CustomsShipment = Node & {
  __typename?: 'CustomsShipment';
  /**
   * The consignment number asked about: an 11-digit IATA air waybill or a UPU postal item number (e.g. `RR123456785ID`),
   * without separators.
   */
  airWaybill: Scalars['String']['output'];
  /** Customs value in rupiah. */
  customsValue: Scalars['Rupiah']['output'];
  /** Description of the goods as declared. */
  description: Scalars['String']['output'];
  /** Import duty and taxes due on the shipment. */
  duties: CustomsDuties;
  /** Every status the shipment passed, oldest first. */
  history: Array<CustomsStatusEvent>;
  /**
   * Opaque, stable id of this record (see `Query.node`): the same on every gateway instance and after restarts; reveals
   * no identifier.
   */
  id: Scalars['ID']['output'];
  /** Whether the number is an air waybill (courier, air cargo) or a postal item (Pos Indonesia). */
  kind: CustomsShipmentKind;
  /** NIK of the recipient. */
  recipientNik: Scalars['String']['output'];
  /** The latest status. */
  status: CustomsShipmentStatus;
  /** The latest status in DJBC's own words (Indonesian), as the customs web site shows it. */
  statusText: Scalars['String']['output'];
};

/** Kind of consignment number. */
export type CustomsShipmentKind =
  | 'AIR_WAYBILL'
  | 'POSTAL';

/** DJBC's statuses of a personal shipment, in the order a shipment passes them. */
export type CustomsShipmentStatus =
  /** Barang menunggu penyiapan penyelenggara pos untuk pemeriksaan fisik: waiting for physical inspection. */
  | 'AWAITING_INSPECTION'
  /** Permintaan Dokumen: customs asks the recipient for documents (invoice, proof of payment, NPWP). */
  | 'DOCUMENTS_REQUESTED'
  /** LHP telah direkam: the inspection report is recorded. */
  | 'INSPECTED'
  /** Dokumen diterima untuk diproses Bea Cukai: the declaration reached customs. */
  | 'RECEIVED'
  /** Penetapan SPPBMCP: release note issued; the goods are prepared for delivery. */
  | 'RELEASED'
  /** Selesai validasi sistem Bea Cukai: validated; duties computed, billing code issued when any are due. */
  | 'VALIDATED';

/** One step of a shipment through customs. */
export type CustomsStatusEvent = {
  __typename?: 'CustomsStatusEvent';
  at: Scalars['DateTime']['output'];
  status: CustomsShipmentStatus;
  /** DJBC's own words (Indonesian). */
  statusText: Scalars['String']['output'];
};

/** Levels of formal education on the AK/1 form. */
export type EducationLevel =
  /** S1. */
  | 'BACHELOR'
  /** D3. */
  | 'DIPLOMA'
  /** SMP. */
  | 'JUNIOR_SECONDARY'
  /** SD. */
  | 'PRIMARY'
  /** SMA. */
  | 'SENIOR_SECONDARY'
  /** SMK (vocational). */
  | 'VOCATIONAL_SECONDARY';

/** An employer registered with BPJS Ketenagakerjaan. */
export type Employer = {
  __typename?: 'Employer';
  /** The employer's registered name. */
  name: Scalars['String']['output'];
  /** The employer's registration number with BPJS Ketenagakerjaan (NPP, Nomor Pendaftaran Perusahaan). */
  registrationNumber: Scalars['String']['output'];
};

/**
 * A membership of BPJS Ketenagakerjaan, the national employment social-security agency: which
 * programmes cover the worker, through which employer, and the state of their contributions.
 */
export type EmploymentInsurance = Node & {
  __typename?: 'EmploymentInsurance';
  /** The employer that registered the member; null for self-employed members (Bukan Penerima Upah). */
  employer?: Maybe<Employer>;
  /**
   * Opaque, stable id of this record (see `Query.node`): the same on every gateway instance and after restarts; reveals
   * no identifier.
   */
  id: Scalars['ID']['output'];
  /** The member number (KPJ, Kartu Peserta Jamsostek), 11 digits. */
  kpj: Scalars['String']['output'];
  /** The last month for which a contribution was booked; null before the first contribution. */
  lastContributionMonth?: Maybe<Scalars['YearMonth']['output']>;
  /** The date the membership started. */
  memberSince?: Maybe<Scalars['Date']['output']>;
  /** The member's name as BPJS Ketenagakerjaan records it (may differ in spelling from Dukcapil). */
  name: Scalars['String']['output'];
  /** The member's NIK as BPJS Ketenagakerjaan records it. */
  nik: Scalars['String']['output'];
  /** The balance of the old-age savings account (JHT, Jaminan Hari Tua); null without a JHT account. */
  oldAgeSavingsBalance?: Maybe<Scalars['Rupiah']['output']>;
  /** The programmes the member is enrolled in, in a fixed order (JHT, JKK, JKM, JP, JKP). */
  programmes: Array<EmploymentProgramme>;
  /** Whether the membership is active (contributions are being paid). */
  status: EmploymentInsuranceStatus;
};

/** The state of a BPJS Ketenagakerjaan membership. */
export type EmploymentInsuranceStatus =
  /** Contributions are being paid; the member is covered (AKTIF). */
  | 'ACTIVE'
  /** Contributions have stopped (left the job, employer stopped paying); benefits depend on the programme (NON AKTIF). */
  | 'INACTIVE';

/** A BPJS Ketenagakerjaan social-security programme. */
export type EmploymentProgramme =
  /**
   * Jaminan Hari Tua: old-age savings, paid out as a lump sum at retirement, disability, death or
   * on leaving work.
   */
  | 'JHT'
  /**
   * Jaminan Kecelakaan Kerja: work-accident cover (treatment, wage replacement during recovery,
   * disability and death benefits).
   */
  | 'JKK'
  /** Jaminan Kematian: a death benefit paid to the heirs for a death not caused by work. */
  | 'JKM'
  /**
   * Jaminan Kehilangan Pekerjaan: job-loss cover (cash benefit, labour-market information and
   * training) after a termination of employment.
   */
  | 'JKP'
  /** Jaminan Pensiun: a monthly pension from retirement age, for the member or their survivors. */
  | 'JP';

/** What the holder reported. */
export type EmploymentStatus =
  | 'EMPLOYED'
  | 'STILL_SEEKING';

/** A family card (Kartu Keluarga): the household registered together at one address. */
export type Family = Node & {
  __typename?: 'Family';
  /** The family card's address. */
  address: Address;
  /** The head of the family (kepala keluarga); null if the card records none. */
  head?: Maybe<Citizen>;
  /**
   * Opaque, stable id of this record (see `Query.node`): the same on every gateway instance and after restarts; reveals
   * no identifier.
   */
  id: Scalars['ID']['output'];
  /** Family card number: 16 digits. */
  kkNumber: Scalars['String']['output'];
  /** Everyone on the card, in the registry's order (the head first). */
  members: Array<Citizen>;
};

/** Relationship to the head of the family on a family card (SHDK, status hubungan dalam keluarga), codes 1 to 11. */
export type FamilyRelationship =
  /** 4, ANAK: child. */
  | 'CHILD'
  /** 5, MENANTU: son- or daughter-in-law. */
  | 'CHILD_IN_LAW'
  /** 6, CUCU: grandchild. */
  | 'GRANDCHILD'
  /** 1, KEPALA KELUARGA: head of the family. */
  | 'HEAD'
  /** 10, PEMBANTU: household helper. */
  | 'HOUSEHOLD_HELPER'
  /** 2, SUAMI: husband (of a head who is a woman). */
  | 'HUSBAND'
  /** 11, LAINNYA: anyone else. */
  | 'OTHER'
  /** 9, FAMILI LAIN: other relative. */
  | 'OTHER_RELATIVE'
  /** 7, ORANG TUA: parent. */
  | 'PARENT'
  /** 8, MERTUA: parent-in-law. */
  | 'PARENT_IN_LAW'
  /** 3, ISTRI: wife. */
  | 'WIFE';

/** The inpatient ward class a BPJS Kesehatan member is entitled to (VClaim `hakKelas`). */
export type HealthCareClass =
  /** Class I (KELAS I). */
  | 'CLASS_1'
  /** Class II (KELAS II). */
  | 'CLASS_2'
  /** Class III (KELAS III). */
  | 'CLASS_3';

/** A primary-care provider (faskes tingkat pertama) registered with BPJS Kesehatan (VClaim `provUmum`). */
export type HealthCareProvider = {
  __typename?: 'HealthCareProvider';
  /** BPJS Kesehatan's provider code, e.g. "0138U020"; null when not recorded. */
  code?: Maybe<Scalars['String']['output']>;
  /** The provider's name; null when not recorded. */
  name?: Maybe<Scalars['String']['output']>;
};

/**
 * A BPJS Kesehatan (JKN-KIS, national health insurance) membership, as BPJS Kesehatan's VClaim service reports it on
 * the day of the request (Asia/Jakarta). Health data: served only to callers allowed to see it.
 */
export type HealthInsurance = Node & {
  __typename?: 'HealthInsurance';
  /** Whether the member is covered today (`status` is `ACTIVE`). */
  active: Scalars['Boolean']['output'];
  /** Date of birth as BPJS Kesehatan records it; null when it holds no valid date. */
  birthDate?: Maybe<Scalars['Date']['output']>;
  /** The 13-digit BPJS Kesehatan card number (`noKartu`). */
  cardNumber: Scalars['String']['output'];
  /** The inpatient ward class the member is entitled to; null when BPJS Kesehatan states none the gateway recognises. */
  careClass?: Maybe<HealthCareClass>;
  /**
   * Last day of cover (TAT, tanggal akhir tanggungan); BPJS Kesehatan uses far-future dates such as 2050-01-01 for open-ended
   * cover. Null when not recorded.
   */
  coverageEnd?: Maybe<Scalars['Date']['output']>;
  /** First day of cover (TMT, tanggal mulai tanggungan); null when not recorded. */
  coverageStart?: Maybe<Scalars['Date']['output']>;
  /**
   * Opaque, stable id of this record (see `Query.node`): the same on every gateway instance and after restarts; reveals
   * no identifier.
   */
  id: Scalars['ID']['output'];
  /**
   * The membership segment (who pays the premium), e.g. a wage worker, a self-paying worker or a government-subsidised
   * (PBI) member; null when not recorded.
   */
  membershipType?: Maybe<HealthMembershipType>;
  /** The member's name as BPJS Kesehatan records it (its spelling may differ from the civil registry's). */
  name: Scalars['String']['output'];
  /** The NIK BPJS Kesehatan holds for the member; null when it holds none (e.g. a newborn registered before getting a NIK). */
  nik?: Maybe<Scalars['String']['output']>;
  /**
   * The primary-care provider (puskesmas, clinic or family doctor) the member is registered with; null when none is
   * recorded.
   */
  primaryCareProvider?: Maybe<HealthCareProvider>;
  /** Sex as BPJS Kesehatan records it; null when its value is not one the gateway recognises. */
  sex?: Maybe<Sex>;
  /** Membership status today. Only `ACTIVE` gives cover at a clinic or hospital. */
  status: HealthMembershipStatus;
  /**
   * BPJS Kesehatan's own wording of the status, in Indonesian (e.g. "NON AKTIF KARNA PREMI"); show it when `status` is
   * `UNKNOWN`.
   */
  statusDescription?: Maybe<Scalars['String']['output']>;
};

/** Why a BPJS Kesehatan membership does or does not give cover today (VClaim `statusPeserta`). */
export type HealthMembershipStatus =
  /** Covered (code 0, AKTIF). */
  | 'ACTIVE'
  /** The member has died (code 1, MENINGGAL). */
  | 'DECEASED'
  /** The member left of their own accord (code 4, KELUAR KEMAUAN SENDIRI). */
  | 'LEFT_VOLUNTARILY'
  /** Not covered (code 6, TIDAK DITANGGUNG). */
  | 'NOT_COVERED'
  /** Cover suspended for payment reasons (code 7, PENANGGUHAN PEMBAYARAN). */
  | 'PAYMENT_SUSPENDED'
  /** Inactive because premiums are in arrears (code 9, NON AKTIF KARNA PREMI): cover resumes once they are paid. */
  | 'PREMIUM_ARREARS'
  /** The member resigned from the programme (code 2, MENGUNDURKAN DIRI). */
  | 'RESIGNED'
  /** Membership suspended (code 3, PENANGGUHAN PESERTA). */
  | 'SUSPENDED'
  /** A status code the gateway does not know yet; `statusDescription` carries BPJS Kesehatan's wording. */
  | 'UNKNOWN';

/** A BPJS Kesehatan membership segment (VClaim `jenisPeserta`). */
export type HealthMembershipType = {
  __typename?: 'HealthMembershipType';
  /** BPJS Kesehatan's code of the segment, e.g. "14". */
  code: Scalars['String']['output'];
  /** BPJS Kesehatan's name of the segment, in Indonesian, e.g. "PEKERJA MANDIRI" or "PBI (APBN)". */
  description?: Maybe<Scalars['String']['output']>;
};

/** An application for an AK/1 card made at the counter, and where it stands. */
export type JobSeekerApplication = Node & {
  __typename?: 'JobSeekerApplication';
  /** Application number, e.g. `PK-1173-261101-00001`. */
  applicationNumber: Scalars['String']['output'];
  /** The new card's number once issued; null before. */
  cardNumber?: Maybe<Scalars['String']['output']>;
  education: Array<JobSeekerEducation>;
  /**
   * Opaque, stable id of this record (see `Query.node`): the same on every gateway instance and after restarts; reveals
   * no identifier.
   */
  id: Scalars['ID']['output'];
  nik: Scalars['String']['output'];
  /** The office's reason (Indonesian) when rejected; null otherwise. */
  rejectionReason?: Maybe<Scalars['String']['output']>;
  skills: Array<Scalars['String']['output']>;
  status: JobSeekerApplicationStatus;
  statusSince: Scalars['Date']['output'];
  submittedOn: Scalars['Date']['output'];
};

/** An AK/1 application's workflow. */
export type JobSeekerApplicationStatus =
  /** Card issued: see `cardNumber`. */
  | 'ISSUED'
  /** Refused: see `rejectionReason`. */
  | 'REJECTED'
  /** Received by the office. */
  | 'SUBMITTED'
  /** Documents verified by a placement officer. */
  | 'VERIFIED';

/**
 * A resident's AK/1 job-seeker card (Kartu Tanda Pencari Kerja, the "yellow card") from Disnaker Kota Langsa, the
 * manpower office: valid two years from issue, with a report due every six months while the holder is still looking for
 * work. As the office states it at the time of the lookup (cached for at most ten minutes).
 */
export type JobSeekerCard = Node & {
  __typename?: 'JobSeekerCard';
  /** Job-seeker number (nomor AK/1), e.g. `AK1-1173-251015-000123`. */
  cardNumber: Scalars['String']['output'];
  /** Formal education as recorded on the card, oldest first. */
  education: Array<JobSeekerEducation>;
  /**
   * Opaque, stable id of this record (see `Query.node`): the same on every gateway instance and after restarts; reveals
   * no identifier.
   */
  id: Scalars['ID']['output'];
  issuedOn: Scalars['Date']['output'];
  nik: Scalars['String']['output'];
  /** The four six-monthly reports of the card's two years, with the ones made. */
  reports: Array<JobSeekerReportPeriod>;
  /** Skills and informal training, alphabetical. */
  skills: Array<Scalars['String']['output']>;
  /** Issued + 2 years. After this date the card is expired and the holder applies again. */
  validUntil: Scalars['Date']['output'];
};

/** One formal education entry. */
export type JobSeekerEducation = {
  __typename?: 'JobSeekerEducation';
  graduationYear: Scalars['Int']['output'];
  level: EducationLevel;
  /** Field of study (jurusan), when the level has one. */
  major?: Maybe<Scalars['String']['output']>;
};

/** An education entry the officer adds to an application. */
export type JobSeekerEducationInput = {
  graduationYear: Scalars['Int']['input'];
  level: EducationLevel;
  major?: InputMaybe<Scalars['String']['input']>;
};

/** The office's receipt of a six-monthly report. */
export type JobSeekerReport = {
  __typename?: 'JobSeekerReport';
  cardNumber: Scalars['String']['output'];
  employmentStatus: EmploymentStatus;
  /** 1 to 4. */
  period: Scalars['Int']['output'];
  reportedOn: Scalars['Date']['output'];
};

/** One of the four six-monthly reporting periods of an AK/1 card: when it is due, and whether it was made. */
export type JobSeekerReportPeriod = {
  __typename?: 'JobSeekerReportPeriod';
  dueOn: Scalars['Date']['output'];
  /** What was reported; null while outstanding. */
  employmentStatus?: Maybe<EmploymentStatus>;
  /** 1 to 4. */
  period: Scalars['Int']['output'];
  /** When the report was made; null while it is outstanding. */
  reportedOn?: Maybe<Scalars['Date']['output']>;
};

/** Marital status as the civil registry records it. */
export type MaritalStatus =
  /** Divorced (CERAI HIDUP). */
  | 'DIVORCED'
  /** Married (KAWIN, including KAWIN TERCATAT and KAWIN BELUM TERCATAT). */
  | 'MARRIED'
  /** Never married (BELUM KAWIN). */
  | 'SINGLE'
  /** Widowed (CERAI MATI). */
  | 'WIDOWED';

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Submits an AK/1 application for a resident, identity prefilled from Dukcapil. Idempotent by `idempotencyKey`; never
   * retried by the gateway. An unknown outcome is an `UPSTREAM_TIMEOUT` error with `extensions.outcome = UNKNOWN`:
   * repeat with the same key.
   */
  applyJobSeekerCard: JobSeekerApplication;
  /**
   * Pays tax years of one tax object exactly once. Refusals are GraphQL errors whose `extensions.code` is one of
   * `INVALID_REQUEST`, `IDEMPOTENCY_KEY_REUSED`, `IDEMPOTENCY_IN_PROGRESS`, `AMOUNT_MISMATCH` (with `expectedTotal`,
   * `actualTotal`, `years`), `ALREADY_PAID` (with `earlierNtp` when known), `BILL_NOT_FOUND`, `PAYMENT_UNAVAILABLE`
   * (with `reason`; nothing moved), `PAYMENT_DECLINED` (with `rc`), `PAYMENT_PENDING` (the answer was lost; being
   * reversed), `PAYMENT_REVERSED`; after the first message they carry `paymentId` and `paid` (years already paid,
   * which stay paid). Requires an officer and a purpose.
   */
  payPropertyTax: PropertyTaxReceipt;
  /** Files the six-monthly report on an AK/1 card. Idempotent by `idempotencyKey`, never retried by the gateway. */
  reportJobSeekerStatus: JobSeekerReport;
};


export type MutationApplyJobSeekerCardArgs = {
  input: ApplyJobSeekerCardInput;
};


export type MutationPayPropertyTaxArgs = {
  input: PayPropertyTaxInput;
};


export type MutationReportJobSeekerStatusArgs = {
  input: ReportJobSeekerStatusInput;
};

/**
 * A record with an opaque, stable id. Every entity type implements it, so clients that normalise by `__typename` and
 * `id` (Apollo Client's InMemoryCache) merge what separate queries fetched about the same record.
 */
export type Node = {
  /**
   * Stable across gateway instances and restarts, and the same whichever road reached the record; reveals no identifier.
   * Pass it to `node` to fetch the record again.
   */
  id: Scalars['ID']['output'];
};

/**
 * A passport application (permohonan paspor) at Kantor Imigrasi Kelas II TPI Langsa, the immigration office, and where it
 * stands in the office's workflow. As the office's system states it at the time of the lookup (cached for at most five
 * minutes).
 */
export type PassportApplication = Node & {
  __typename?: 'PassportApplication';
  /**
   * Application number (nomor permohonan), 15 characters: office code, submission date (YYMMDD), serial and check
   * digit, e.g. `LGS260914000127`.
   */
  applicationNumber: Scalars['String']['output'];
  /**
   * Opaque, stable id of this record (see `Query.node`): the same on every gateway instance and after restarts; reveals
   * no identifier.
   */
  id: Scalars['ID']['output'];
  /** NIK of the applicant. */
  nik: Scalars['String']['output'];
  /** Name of the immigration office handling the application. */
  office: Scalars['String']['output'];
  /** Kind of passport applied for. */
  passportType: PassportType;
  /** The office's reason, in Indonesian, when the application was rejected; null otherwise. */
  rejectionReason?: Maybe<Scalars['String']['output']>;
  /** Where the application stands now. */
  stage: PassportApplicationStage;
  /** Date the application reached its current stage. */
  stageSince: Scalars['Date']['output'];
  /** Date the application was submitted. */
  submittedOn: Scalars['Date']['output'];
};

/** Stages of a passport application, in workflow order; REJECTED can end it before printing. */
export type PassportApplicationStage =
  /** Photo and fingerprints taken. */
  | 'BIOMETRICS'
  /** Handed over to the applicant. */
  | 'COLLECTED'
  /** Interview and document check at the office. */
  | 'INTERVIEW'
  /** Approved and being printed. */
  | 'PRINTED'
  /** Printed and waiting at the office for the applicant to collect it. */
  | 'READY_FOR_PICKUP'
  /** Refused; see `rejectionReason`. */
  | 'REJECTED'
  /** Submitted (online or at the counter), waiting for the interview appointment. */
  | 'SUBMITTED';

/** Kind of passport. */
export type PassportType =
  /** Electronic passport (e-paspor) with a chip, 48 pages. */
  | 'ELECTRONIC'
  /** Ordinary paper passport (paspor biasa), 48 pages. */
  | 'ORDINARY';

/** Paying one or more tax years of one PBB-P2 tax object at the Bank Aceh counter. */
export type PayPropertyTaxInput = {
  channel?: InputMaybe<PaymentChannel>;
  /**
   * The total the officer told the citizen (principal + penalty of every year, integer rupiah). A different total at
   * the bank is `AMOUNT_MISMATCH` and nothing is paid.
   */
  expectedTotal: Scalars['Rupiah']['input'];
  /**
   * The client's key for this payment (8 to 64 characters). The same key always gives the same result; the same key with
   * a different request is `IDEMPOTENCY_KEY_REUSED`.
   */
  idempotencyKey: Scalars['String']['input'];
  /** Tax object number (NOP), 18 digits (separators allowed). */
  nop: Scalars['String']['input'];
  /** The tax years to pay; paid oldest first. */
  years: Array<Scalars['Int']['input']>;
};

/** A payment in the gateway's ledger. */
export type Payment = {
  __typename?: 'Payment';
  channel: PaymentChannel;
  createdAt: Scalars['DateTime']['output'];
  expectedTotal: Scalars['Rupiah']['output'];
  /** Every transition and message, oldest first (empty in lists). */
  history: Array<PaymentEvent>;
  id: Scalars['ID']['output'];
  nop: Scalars['String']['output'];
  officer: Scalars['String']['output'];
  /** The outcome given to the client: `PAID` or an error code (`PAYMENT_REVERSED`, ...); null while running. */
  outcome?: Maybe<Scalars['String']['output']>;
  state: PaymentState;
  updatedAt: Scalars['DateTime']['output'];
  years: Array<PaymentYear>;
};

/** Where the payment was taken (ISO 8583 bit 18): the MPP counter is a teller. */
export type PaymentChannel =
  | 'ATM'
  | 'INTERNET_BANKING'
  | 'TELLER';

/** One entry of a payment's history: a state transition or a message to or from the bank. */
export type PaymentEvent = {
  __typename?: 'PaymentEvent';
  at: Scalars['DateTime']['output'];
  detail?: Maybe<Scalars['String']['output']>;
  /** out (to the bank) or in (from the bank). */
  direction?: Maybe<Scalars['String']['output']>;
  fromState?: Maybe<Scalars['String']['output']>;
  mti?: Maybe<Scalars['String']['output']>;
  processingCode?: Maybe<Scalars['String']['output']>;
  rc?: Maybe<Scalars['String']['output']>;
  rrn?: Maybe<Scalars['String']['output']>;
  stan?: Maybe<Scalars['String']['output']>;
  toState?: Maybe<Scalars['String']['output']>;
  type: Scalars['String']['output'];
  year?: Maybe<Scalars['Int']['output']>;
};

/** Where a payment stands. */
export type PaymentState =
  | 'FAILED'
  | 'IN_FLIGHT'
  | 'OPEN'
  | 'PAID'
  | 'PARTIALLY_PAID';

/** One tax year of a payment. */
export type PaymentYear = {
  __typename?: 'PaymentYear';
  errorCode?: Maybe<Scalars['String']['output']>;
  ntb?: Maybe<Scalars['String']['output']>;
  ntp?: Maybe<Scalars['String']['output']>;
  paidAt?: Maybe<Scalars['DateTime']['output']>;
  penalty?: Maybe<Scalars['Rupiah']['output']>;
  principal?: Maybe<Scalars['Rupiah']['output']>;
  /** The bank's last response code for this year. */
  rc?: Maybe<Scalars['String']['output']>;
  /** created, inquired, sent, paid, declined, unknown, reversing, reversed or cancelled (docs/payments.md). */
  state: Scalars['String']['output'];
  total?: Maybe<Scalars['Rupiah']['output']>;
  year: Scalars['Int']['output'];
};

/** One recorded processing of a person's data (an entry of the gateway's audit log). */
export type ProcessingRecord = {
  __typename?: 'ProcessingRecord';
  /**
   * The front end that asked, by credential kind: `key:<client id>` (API key) or
   * `jwt:<issuer hash>:<client id>` (token).
   */
  clientId: Scalars['String']['output'];
  /** The agencies whose data was read, by connector key. */
  connectors: Array<Scalars['String']['output']>;
  /** The personal-data fields the client asked for but was refused. */
  denied: Array<Scalars['String']['output']>;
  /** The personal-data fields whose agency call failed: the identifier was sent, no data came back. Empty when none. */
  failed: Array<Scalars['String']['output']>;
  /** The personal-data fields read (`Type.field`). */
  fields: Array<Scalars['String']['output']>;
  /** The acting officer's id, as the front end stated it. */
  officerId?: Maybe<Scalars['String']['output']>;
  /** The GraphQL operation name. */
  operation?: Maybe<Scalars['String']['output']>;
  /** How the request ended: `ok`, `partial`, `error` or `denied`. */
  outcome: Scalars['String']['output'];
  /** The stated purpose: the service case id. */
  purpose?: Maybe<Scalars['String']['output']>;
  /** The gateway's request id (x-request-id), to find the matching log lines. */
  requestId: Scalars['String']['output'];
  /** When the response was sent. */
  time: Scalars['DateTime']['output'];
};

/** The receipt of a payment: every year paid. */
export type PropertyTaxReceipt = {
  __typename?: 'PropertyTaxReceipt';
  /**
   * True when the cached BPKD data of this tax object was purged in every instance, so the next query shows the years
   * paid. False: the cache could not be reached; BPKD shows the payment once its entry expires.
   */
  cachePurged: Scalars['Boolean']['output'];
  channel: PaymentChannel;
  lines: Array<PropertyTaxReceiptLine>;
  nop: Scalars['String']['output'];
  /** Staff id of the officer who took the payment. */
  officer: Scalars['String']['output'];
  paidAt: Scalars['DateTime']['output'];
  paymentId: Scalars['ID']['output'];
  total: Scalars['Rupiah']['output'];
};

/** One paid tax year on a receipt. */
export type PropertyTaxReceiptLine = {
  __typename?: 'PropertyTaxReceiptLine';
  /** The bank's transaction number (NTB). */
  ntb: Scalars['String']['output'];
  /** The regional government's transaction number (NTP): the receipt number. */
  ntp: Scalars['String']['output'];
  paidAt: Scalars['DateTime']['output'];
  penalty: Scalars['Rupiah']['output'];
  principal: Scalars['Rupiah']['output'];
  total: Scalars['Rupiah']['output'];
  year: Scalars['Int']['output'];
};

/**
 * The root of every lookup. Each agency's own identifier is an entry point; `citizen(nik)` is the citizen-centred graph.
 * Identifiers are validated before any agency is called: a malformed one gives `BAD_USER_INPUT`; a well-formed one that
 * no agency knows gives `null` without an error.
 */
export type Query = {
  __typename?: 'Query';
  /** A citizen by NIK, from the civil registry; null when the registry does not know the NIK. */
  citizen?: Maybe<Citizen>;
  /** Every enabled connector's health: breaker state, latency, errors and cache hit ratio. */
  connectors?: Maybe<Array<ConnectorStatus>>;
  /** A business's customs registration by NIB (13 digits); null when customs does not know the NIB. */
  customsRegistration?: Maybe<CustomsRegistration>;
  /**
   * A business's customs registration by NPWP (15 or 16 digits; the 15-digit form is read as the 16-digit one with a
   * leading 0); null when customs does not know it.
   */
  customsRegistrationByNpwp?: Maybe<CustomsRegistration>;
  /**
   * A personal shipment's customs status and duties by air waybill or postal item number; null when customs has no
   * such shipment.
   */
  customsShipment?: Maybe<CustomsShipment>;
  /** A BPJS Ketenagakerjaan membership by member number; null when no member has it. */
  employmentInsurance?: Maybe<EmploymentInsurance>;
  /** A BPJS Ketenagakerjaan membership by the member's NIK; null when the NIK has no membership. */
  employmentInsuranceByNik?: Maybe<EmploymentInsurance>;
  /** A family card by its number, with all its members; null when the registry does not know the number. */
  family?: Maybe<Family>;
  /** The gateway's version, for clients checking compatibility. */
  gatewayVersion: Scalars['String']['output'];
  /** A BPJS Kesehatan membership by card number; null when the card does not exist. */
  healthInsurance?: Maybe<HealthInsurance>;
  /** A BPJS Kesehatan membership by NIK; null when BPJS Kesehatan has no participant with that NIK. */
  healthInsuranceByNik?: Maybe<HealthInsurance>;
  /** An AK/1 application by number; null when the office does not know it. */
  jobSeekerApplication?: Maybe<JobSeekerApplication>;
  /** A resident's AK/1 card by NIK; null when they hold none. */
  jobSeekerCard?: Maybe<JobSeekerCard>;
  /**
   * The record an id names, fetched as its own lookup would fetch it (same scopes, audit, limits and cache); null when
   * the agency no longer knows it or its agency is not enabled. An id this gateway did not issue gives `BAD_USER_INPUT`.
   * Needs the scopes of the record type's own lookup (e.g. `citizen` for a `Citizen` id).
   */
  node?: Maybe<Node>;
  /**
   * `node` for up to 50 ids at once, in the order asked (null where a record is gone). Every id is checked first: one
   * not issued here, or whose type the client may not read, fails the whole field.
   */
  nodes?: Maybe<Array<Maybe<Node>>>;
  /** A passport application by number; null when the office has no such application. */
  passportApplication?: Maybe<PassportApplication>;
  /** A citizen's passport applications by NIK, newest first; empty when they have none. */
  passportApplicationsByNik?: Maybe<Array<PassportApplication>>;
  /** A payment with its years, outcome and message history; null when unknown. */
  payment?: Maybe<Payment>;
  /** Payments of one tax object, newest first (without history). */
  paymentsOfTaxObject: Array<Payment>;
  /**
   * Every recorded processing of the data of the person with this NIK, oldest first: the
   * processing trail a data subject may ask for (UU PDP access right, answered within 3 x 24
   * hours). Null, with FORBIDDEN, for a client without the audit scope.
   */
  processingTrail?: Maybe<Array<ProcessingRecord>>;
  /** A PBB-P2 tax object by its NOP (18 digits; dots and dashes allowed). Null when BPKD does not know the NOP. */
  taxObject?: Maybe<TaxObject>;
  /** A PDAM water connection by customer number, with its unpaid bills; null when PDAM has no such customer. */
  waterAccount?: Maybe<WaterAccount>;
};


/**
 * The root of every lookup. Each agency's own identifier is an entry point; `citizen(nik)` is the citizen-centred graph.
 * Identifiers are validated before any agency is called: a malformed one gives `BAD_USER_INPUT`; a well-formed one that
 * no agency knows gives `null` without an error.
 */
export type QueryCitizenArgs = {
  nik: Scalars['String']['input'];
};


/**
 * The root of every lookup. Each agency's own identifier is an entry point; `citizen(nik)` is the citizen-centred graph.
 * Identifiers are validated before any agency is called: a malformed one gives `BAD_USER_INPUT`; a well-formed one that
 * no agency knows gives `null` without an error.
 */
export type QueryCustomsRegistrationArgs = {
  nib: Scalars['String']['input'];
};


/**
 * The root of every lookup. Each agency's own identifier is an entry point; `citizen(nik)` is the citizen-centred graph.
 * Identifiers are validated before any agency is called: a malformed one gives `BAD_USER_INPUT`; a well-formed one that
 * no agency knows gives `null` without an error.
 */
export type QueryCustomsRegistrationByNpwpArgs = {
  npwp: Scalars['String']['input'];
};


/**
 * The root of every lookup. Each agency's own identifier is an entry point; `citizen(nik)` is the citizen-centred graph.
 * Identifiers are validated before any agency is called: a malformed one gives `BAD_USER_INPUT`; a well-formed one that
 * no agency knows gives `null` without an error.
 */
export type QueryCustomsShipmentArgs = {
  airWaybill: Scalars['String']['input'];
};


/**
 * The root of every lookup. Each agency's own identifier is an entry point; `citizen(nik)` is the citizen-centred graph.
 * Identifiers are validated before any agency is called: a malformed one gives `BAD_USER_INPUT`; a well-formed one that
 * no agency knows gives `null` without an error.
 */
export type QueryEmploymentInsuranceArgs = {
  kpj: Scalars['String']['input'];
};


/**
 * The root of every lookup. Each agency's own identifier is an entry point; `citizen(nik)` is the citizen-centred graph.
 * Identifiers are validated before any agency is called: a malformed one gives `BAD_USER_INPUT`; a well-formed one that
 * no agency knows gives `null` without an error.
 */
export type QueryEmploymentInsuranceByNikArgs = {
  nik: Scalars['String']['input'];
};


/**
 * The root of every lookup. Each agency's own identifier is an entry point; `citizen(nik)` is the citizen-centred graph.
 * Identifiers are validated before any agency is called: a malformed one gives `BAD_USER_INPUT`; a well-formed one that
 * no agency knows gives `null` without an error.
 */
export type QueryFamilyArgs = {
  kkNumber: Scalars['String']['input'];
};


/**
 * The root of every lookup. Each agency's own identifier is an entry point; `citizen(nik)` is the citizen-centred graph.
 * Identifiers are validated before any agency is called: a malformed one gives `BAD_USER_INPUT`; a well-formed one that
 * no agency knows gives `null` without an error.
 */
export type QueryHealthInsuranceArgs = {
  cardNumber: Scalars['String']['input'];
};


/**
 * The root of every lookup. Each agency's own identifier is an entry point; `citizen(nik)` is the citizen-centred graph.
 * Identifiers are validated before any agency is called: a malformed one gives `BAD_USER_INPUT`; a well-formed one that
 * no agency knows gives `null` without an error.
 */
export type QueryHealthInsuranceByNikArgs = {
  nik: Scalars['String']['input'];
};


/**
 * The root of every lookup. Each agency's own identifier is an entry point; `citizen(nik)` is the citizen-centred graph.
 * Identifiers are validated before any agency is called: a malformed one gives `BAD_USER_INPUT`; a well-formed one that
 * no agency knows gives `null` without an error.
 */
export type QueryJobSeekerApplicationArgs = {
  applicationNumber: Scalars['String']['input'];
};


/**
 * The root of every lookup. Each agency's own identifier is an entry point; `citizen(nik)` is the citizen-centred graph.
 * Identifiers are validated before any agency is called: a malformed one gives `BAD_USER_INPUT`; a well-formed one that
 * no agency knows gives `null` without an error.
 */
export type QueryJobSeekerCardArgs = {
  nik: Scalars['String']['input'];
};


/**
 * The root of every lookup. Each agency's own identifier is an entry point; `citizen(nik)` is the citizen-centred graph.
 * Identifiers are validated before any agency is called: a malformed one gives `BAD_USER_INPUT`; a well-formed one that
 * no agency knows gives `null` without an error.
 */
export type QueryNodeArgs = {
  id: Scalars['ID']['input'];
};


/**
 * The root of every lookup. Each agency's own identifier is an entry point; `citizen(nik)` is the citizen-centred graph.
 * Identifiers are validated before any agency is called: a malformed one gives `BAD_USER_INPUT`; a well-formed one that
 * no agency knows gives `null` without an error.
 */
export type QueryNodesArgs = {
  ids: Array<Scalars['ID']['input']>;
};


/**
 * The root of every lookup. Each agency's own identifier is an entry point; `citizen(nik)` is the citizen-centred graph.
 * Identifiers are validated before any agency is called: a malformed one gives `BAD_USER_INPUT`; a well-formed one that
 * no agency knows gives `null` without an error.
 */
export type QueryPassportApplicationArgs = {
  applicationNumber: Scalars['String']['input'];
};


/**
 * The root of every lookup. Each agency's own identifier is an entry point; `citizen(nik)` is the citizen-centred graph.
 * Identifiers are validated before any agency is called: a malformed one gives `BAD_USER_INPUT`; a well-formed one that
 * no agency knows gives `null` without an error.
 */
export type QueryPassportApplicationsByNikArgs = {
  nik: Scalars['String']['input'];
};


/**
 * The root of every lookup. Each agency's own identifier is an entry point; `citizen(nik)` is the citizen-centred graph.
 * Identifiers are validated before any agency is called: a malformed one gives `BAD_USER_INPUT`; a well-formed one that
 * no agency knows gives `null` without an error.
 */
export type QueryPaymentArgs = {
  id: Scalars['ID']['input'];
};


/**
 * The root of every lookup. Each agency's own identifier is an entry point; `citizen(nik)` is the citizen-centred graph.
 * Identifiers are validated before any agency is called: a malformed one gives `BAD_USER_INPUT`; a well-formed one that
 * no agency knows gives `null` without an error.
 */
export type QueryPaymentsOfTaxObjectArgs = {
  nop: Scalars['String']['input'];
};


/**
 * The root of every lookup. Each agency's own identifier is an entry point; `citizen(nik)` is the citizen-centred graph.
 * Identifiers are validated before any agency is called: a malformed one gives `BAD_USER_INPUT`; a well-formed one that
 * no agency knows gives `null` without an error.
 */
export type QueryProcessingTrailArgs = {
  nik: Scalars['String']['input'];
};


/**
 * The root of every lookup. Each agency's own identifier is an entry point; `citizen(nik)` is the citizen-centred graph.
 * Identifiers are validated before any agency is called: a malformed one gives `BAD_USER_INPUT`; a well-formed one that
 * no agency knows gives `null` without an error.
 */
export type QueryTaxObjectArgs = {
  nop: Scalars['String']['input'];
};


/**
 * The root of every lookup. Each agency's own identifier is an entry point; `citizen(nik)` is the citizen-centred graph.
 * Identifiers are validated before any agency is called: a malformed one gives `BAD_USER_INPUT`; a well-formed one that
 * no agency knows gives `null` without an error.
 */
export type QueryWaterAccountArgs = {
  customerNumber: Scalars['String']['input'];
};

/** A six-monthly report on an AK/1 card. */
export type ReportJobSeekerStatusInput = {
  cardNumber: Scalars['String']['input'];
  employmentStatus: EmploymentStatus;
  /** As for applications: one key per report; repeat with the same key after an unknown outcome. */
  idempotencyKey: Scalars['String']['input'];
};

/** Sex as recorded by the agencies. */
export type Sex =
  | 'FEMALE'
  | 'MALE';

/** One annual PBB-P2 tax bill (SPPT) of a tax object. */
export type TaxBill = Node & {
  __typename?: 'TaxBill';
  /** Amount to pay after reductions (PBB yang harus dibayar), without penalty. */
  amount: Scalars['Rupiah']['output'];
  /** Tax assessed before reductions (PBB terhutang). */
  assessedTax: Scalars['Rupiah']['output'];
  /** Date the bill falls due; a penalty accrues from the day after. */
  dueDate: Scalars['Date']['output'];
  /**
   * Opaque, stable id of this record (see `Query.node`): the same on every gateway instance and after restarts; reveals
   * no identifier.
   */
  id: Scalars['ID']['output'];
  /** Total assessed value (NJOP). */
  njop: Scalars['Rupiah']['output'];
  /** Assessed value of the building (NJOP bangunan). */
  njopBuilding: Scalars['Rupiah']['output'];
  /** Assessed value of the land (NJOP bumi). */
  njopLand: Scalars['Rupiah']['output'];
  /** Non-taxable allowance deducted from the assessed value (NJOPTKP). */
  njoptkp: Scalars['Rupiah']['output'];
  /** Date of payment, when paid and recorded. */
  paidOn?: Maybe<Scalars['Date']['output']>;
  /**
   * Late penalty as of the request time: the configured rate (2% under the legacy rule) of the amount per month or part
   * of a month after the due date, for at most the configured number of months (24), rounded to whole rupiah. 0 when paid
   * or not yet due.
   */
  penalty: Scalars['Rupiah']['output'];
  /** Paid or not. */
  status: TaxBillStatus;
  /** What settles this bill today: amount plus penalty, or 0 when paid. */
  totalDue: Scalars['Rupiah']['output'];
  /** Tax year. */
  year: Scalars['Int']['output'];
};

/** Whether a tax bill has been paid. */
export type TaxBillStatus =
  /** Paid in full (STATUS_PEMBAYARAN_SPPT 1). */
  | 'PAID'
  /** Not paid (STATUS_PEMBAYARAN_SPPT 0); a penalty accrues after the due date. */
  | 'UNPAID';

/**
 * A PBB-P2 (rural and urban land and building tax) tax object registered by BPKD Kota Langsa: a plot of land, with or
 * without a building, and its annual tax bills (SPPT).
 */
export type TaxObject = Node & {
  __typename?: 'TaxObject';
  /** Annual bills, newest tax year first. */
  bills: Array<TaxBill>;
  /** Building area on the newest bill, in square metres (0 for bare land). */
  buildingArea: Scalars['Int']['output'];
  /**
   * Opaque, stable id of this record (see `Query.node`): the same on every gateway instance and after restarts; reveals
   * no identifier.
   */
  id: Scalars['ID']['output'];
  /** Land area on the newest bill, in square metres. */
  landArea: Scalars['Int']['output'];
  /** Where the object lies. */
  location: TaxObjectLocation;
  /** Tax object number (NOP), 18 digits without separators. */
  nop: Scalars['String']['output'];
  /** The NOP in its written form, `AA.BB.CCC.DDD.EEE-XXXX.Y` (province, regency, district, village, block, serial, type). */
  nopFormatted: Scalars['String']['output'];
  /** What is owed today: the amounts of every unpaid bill plus their late penalties as of the request time. */
  outstandingTotal: Scalars['Rupiah']['output'];
  /** Taxpayer's mailing address on the newest bill (may differ from where the object lies). */
  taxpayerAddress: TaxpayerAddress;
  /** Taxpayer (wajib pajak) named on the newest bill. */
  taxpayerName: Scalars['String']['output'];
};


/**
 * A PBB-P2 (rural and urban land and building tax) tax object registered by BPKD Kota Langsa: a plot of land, with or
 * without a building, and its annual tax bills (SPPT).
 */
export type TaxObjectBillsArgs = {
  unpaidOnly?: InputMaybe<Scalars['Boolean']['input']>;
};

/** Where a tax object lies. */
export type TaxObjectLocation = {
  __typename?: 'TaxObjectLocation';
  /** District (kecamatan). */
  district: Scalars['String']['output'];
  /** Street and number of the object (JALAN_OP). */
  street: Scalars['String']['output'];
  /** Village (gampong / kelurahan). */
  village: Scalars['String']['output'];
};

/** A taxpayer's mailing address as printed on a bill. */
export type TaxpayerAddress = {
  __typename?: 'TaxpayerAddress';
  /** Street and number. */
  street: Scalars['String']['output'];
  /** Village (gampong / kelurahan). */
  village: Scalars['String']['output'];
};

/**
 * A water connection (sambungan) of PDAM Tirta Keumuning, the water utility of Kota Langsa, with what is still unpaid
 * on it. Bills are as PDAM's billing system states them at the time of the lookup (cached for at most two minutes).
 */
export type WaterAccount = Node & {
  __typename?: 'WaterAccount';
  /** Address of the connection as PDAM records it. */
  address: Scalars['String']['output'];
  /** PDAM customer number (nomor sambungan): 10 digits. */
  customerNumber: Scalars['String']['output'];
  /**
   * Opaque, stable id of this record (see `Query.node`): the same on every gateway instance and after restarts; reveals
   * no identifier.
   */
  id: Scalars['ID']['output'];
  /** Account holder's name as PDAM records it (not necessarily the name on the identity card). */
  name: Scalars['String']['output'];
  /** Number of unpaid billing periods (months of arrears, the figure PDAM's disconnection rules count). */
  periodsInArrears: Scalars['Int']['output'];
  /** Tariff group code (golongan), e.g. "R1" for household tariff A or "N1" for small business. */
  tariffGroup: Scalars['String']['output'];
  /** Name of the tariff group, in Indonesian, e.g. "RUMAH TANGGA A". */
  tariffName: Scalars['String']['output'];
  /** Sum of the totals of all unpaid periods: what settling the account costs today. */
  totalOutstanding: Scalars['Rupiah']['output'];
  /**
   * Billing periods not yet paid, oldest first (the order in which they are settled). Empty when the account is paid
   * up.
   */
  unpaidPeriods: Array<WaterBill>;
};

/** One unpaid monthly water bill (rekening air). */
export type WaterBill = {
  __typename?: 'WaterBill';
  /** Fixed administration fee of the period. */
  adminFee: Scalars['Rupiah']['output'];
  /** Meter reading at the end of the period, in m³. May be lower than `previousReading` after a meter replacement. */
  currentReading: Scalars['Int']['output'];
  /** Late-payment penalty (denda) accrued on the period; 0 while it is not yet overdue. */
  penalty: Scalars['Rupiah']['output'];
  /** The billing month. */
  period: Scalars['YearMonth']['output'];
  /** Meter reading at the start of the period, in m³. */
  previousReading: Scalars['Int']['output'];
  /**
   * Amount due for the period, as PDAM states it. It can exceed `waterCharge + adminFee + penalty` when PDAM bills
   * items the API does not itemise (meter rent, stamp duty, levies).
   */
  total: Scalars['Rupiah']['output'];
  /**
   * Water usage billed for the period, in m³. Usually `currentReading - previousReading`, but not after a meter
   * replacement or when PDAM billed an estimated or minimum usage.
   */
  usageM3: Scalars['Int']['output'];
  /** Charge for the water used, by the tariff group's block rates. */
  waterCharge: Scalars['Rupiah']['output'];
};

export type PayPropertyTaxMutationVariables = Exact<{
  input: PayPropertyTaxInput;
}>;


export type PayPropertyTaxMutation = { __typename?: 'Mutation', payPropertyTax: { __typename?: 'PropertyTaxReceipt', paymentId: string, nop: string, officer: string, total: number, paidAt: string, cachePurged: boolean, lines: Array<{ __typename?: 'PropertyTaxReceiptLine', year: number, principal: number, penalty: number, total: number, ntp: string, ntb: string, paidAt: string }> } };

export type TaxObjectBillsQueryVariables = Exact<{
  nop: Scalars['String']['input'];
}>;


export type TaxObjectBillsQuery = { __typename?: 'Query', taxObject?: { __typename?: 'TaxObject', id: string, outstandingTotal: number, bills: Array<{ __typename?: 'TaxBill', id: string, year: number, amount: number, penalty: number, totalDue: number, dueDate: string }> } | null };

export type CitizenViewQueryVariables = Exact<{
  nik: Scalars['String']['input'];
}>;


export type CitizenViewQuery = { __typename?: 'Query', citizen?: { __typename?: 'Citizen', id: string, nik: string, fullName: string, birthPlace?: string | null, birthDate?: string | null, address: { __typename?: 'Address', street?: string | null, village?: string | null, district?: string | null, regency?: string | null }, family?: { __typename?: 'Family', id: string, kkNumber: string, members: Array<{ __typename?: 'Citizen', id: string, nik: string, fullName: string, relationship?: FamilyRelationship | null, birthDate?: string | null }> } | null, healthInsurance?: { __typename?: 'HealthInsurance', id: string, cardNumber: string, status: HealthMembershipStatus, statusDescription?: string | null, active: boolean, careClass?: HealthCareClass | null, primaryCareProvider?: { __typename?: 'HealthCareProvider', name?: string | null } | null } | null, employmentInsurance?: { __typename?: 'EmploymentInsurance', id: string, kpj: string, status: EmploymentInsuranceStatus, lastContributionMonth?: string | null, oldAgeSavingsBalance?: number | null, employer?: { __typename?: 'Employer', name: string } | null } | null, taxObjects?: Array<{ __typename?: 'TaxObject', id: string, nop: string, nopFormatted: string, outstandingTotal: number, location: { __typename?: 'TaxObjectLocation', street: string, village: string }, bills: Array<{ __typename?: 'TaxBill', id: string, year: number, amount: number, penalty: number, totalDue: number, dueDate: string }> }> | null, waterAccounts?: Array<{ __typename?: 'WaterAccount', id: string, customerNumber: string, tariffName: string, totalOutstanding: number, unpaidPeriods: Array<{ __typename?: 'WaterBill', period: string, usageM3: number, penalty: number, total: number }> }> | null } | null };


export const PayPropertyTaxDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PayPropertyTax"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PayPropertyTaxInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"payPropertyTax"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"paymentId"}},{"kind":"Field","name":{"kind":"Name","value":"nop"}},{"kind":"Field","name":{"kind":"Name","value":"officer"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"paidAt"}},{"kind":"Field","name":{"kind":"Name","value":"cachePurged"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"principal"}},{"kind":"Field","name":{"kind":"Name","value":"penalty"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"ntp"}},{"kind":"Field","name":{"kind":"Name","value":"ntb"}},{"kind":"Field","name":{"kind":"Name","value":"paidAt"}}]}}]}}]}}]} as unknown as DocumentNode<PayPropertyTaxMutation, PayPropertyTaxMutationVariables>;
export const TaxObjectBillsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TaxObjectBills"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"nop"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"taxObject"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"nop"},"value":{"kind":"Variable","name":{"kind":"Name","value":"nop"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"bills"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"unpaidOnly"},"value":{"kind":"BooleanValue","value":true}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"penalty"}},{"kind":"Field","name":{"kind":"Name","value":"totalDue"}},{"kind":"Field","name":{"kind":"Name","value":"dueDate"}}]}},{"kind":"Field","name":{"kind":"Name","value":"outstandingTotal"}}]}}]}}]} as unknown as DocumentNode<TaxObjectBillsQuery, TaxObjectBillsQueryVariables>;
export const CitizenViewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CitizenView"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"nik"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"citizen"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"nik"},"value":{"kind":"Variable","name":{"kind":"Name","value":"nik"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"nik"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"birthPlace"}},{"kind":"Field","name":{"kind":"Name","value":"birthDate"}},{"kind":"Field","name":{"kind":"Name","value":"address"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"street"}},{"kind":"Field","name":{"kind":"Name","value":"village"}},{"kind":"Field","name":{"kind":"Name","value":"district"}},{"kind":"Field","name":{"kind":"Name","value":"regency"}}]}},{"kind":"Field","name":{"kind":"Name","value":"family"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kkNumber"}},{"kind":"Field","name":{"kind":"Name","value":"members"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"nik"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"relationship"}},{"kind":"Field","name":{"kind":"Name","value":"birthDate"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"healthInsurance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"cardNumber"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusDescription"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"careClass"}},{"kind":"Field","name":{"kind":"Name","value":"primaryCareProvider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"employmentInsurance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kpj"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"employer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lastContributionMonth"}},{"kind":"Field","name":{"kind":"Name","value":"oldAgeSavingsBalance"}}]}},{"kind":"Field","name":{"kind":"Name","value":"taxObjects"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"nop"}},{"kind":"Field","name":{"kind":"Name","value":"nopFormatted"}},{"kind":"Field","name":{"kind":"Name","value":"location"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"street"}},{"kind":"Field","name":{"kind":"Name","value":"village"}}]}},{"kind":"Field","name":{"kind":"Name","value":"bills"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"unpaidOnly"},"value":{"kind":"BooleanValue","value":true}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"penalty"}},{"kind":"Field","name":{"kind":"Name","value":"totalDue"}},{"kind":"Field","name":{"kind":"Name","value":"dueDate"}}]}},{"kind":"Field","name":{"kind":"Name","value":"outstandingTotal"}}]}},{"kind":"Field","name":{"kind":"Name","value":"waterAccounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"customerNumber"}},{"kind":"Field","name":{"kind":"Name","value":"tariffName"}},{"kind":"Field","name":{"kind":"Name","value":"unpaidPeriods"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"period"}},{"kind":"Field","name":{"kind":"Name","value":"usageM3"}},{"kind":"Field","name":{"kind":"Name","value":"penalty"}},{"kind":"Field","name":{"kind":"Name","value":"total"}}]}},{"kind":"Field","name":{"kind":"Name","value":"totalOutstanding"}}]}}]}}]}}]} as unknown as DocumentNode<CitizenViewQuery, CitizenViewQueryVariables>;