/**
 * What the Disnaker connector hands to the rest of the gateway: AK/1 job-seeker cards and
 * card applications in English, with checked values.
 */

export type EducationLevel =
  | 'PRIMARY'
  | 'JUNIOR_SECONDARY'
  | 'SENIOR_SECONDARY'
  | 'VOCATIONAL_SECONDARY'
  | 'DIPLOMA'
  | 'BACHELOR';

export interface EducationRecord {
  level: EducationLevel;
  major: string | null;
  graduationYear: number;
}

export type EmploymentStatus = 'STILL_SEEKING' | 'EMPLOYED';

/** One of the four six-monthly reports of a card's two years. */
export interface JobSeekerReportRecord {
  /** 1..4. */
  period: number;
  dueOn: string;
  reportedOn: string | null;
  employmentStatus: EmploymentStatus | null;
}

/** Mapper type of the GraphQL `JobSeekerCard`. */
export interface JobSeekerCardRecord {
  cardNumber: string;
  nik: string;
  issuedOn: string;
  validUntil: string;
  education: EducationRecord[];
  skills: string[];
  reports: JobSeekerReportRecord[];
}

export type JobSeekerApplicationStatus = 'SUBMITTED' | 'VERIFIED' | 'ISSUED' | 'REJECTED';

/** Mapper type of the GraphQL `JobSeekerApplication`. */
export interface JobSeekerApplicationRecord {
  applicationNumber: string;
  nik: string;
  status: JobSeekerApplicationStatus;
  submittedOn: string;
  statusSince: string;
  cardNumber: string | null;
  rejectionReason: string | null;
  education: EducationRecord[];
  skills: string[];
}

/** What the officer submits: identity comes from Dukcapil, education and skills from the officer. */
export interface JobSeekerApplicationInput {
  nik: string;
  fullName: string;
  birthPlace: string;
  birthDate: string;
  sex: 'MALE' | 'FEMALE';
  address: string;
  education: EducationRecord[];
  skills: string[];
}

/** Mapper type of the GraphQL `JobSeekerReport`. */
export interface JobSeekerReportReceipt {
  cardNumber: string;
  period: number;
  reportedOn: string;
  employmentStatus: EmploymentStatus;
}
