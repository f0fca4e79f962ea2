/**
 * What the Imigrasi connector hands to the rest of the gateway: passport applications in
 * English, with checked values. Resolvers and the cache see only these shapes.
 */

/** Where an application stands in the office's workflow. */
export type PassportApplicationStage =
  | 'SUBMITTED'
  | 'INTERVIEW'
  | 'BIOMETRICS'
  | 'PRINTED'
  | 'READY_FOR_PICKUP'
  | 'COLLECTED'
  | 'REJECTED';

export type PassportType = 'ORDINARY' | 'ELECTRONIC';

/** Mapper type of the GraphQL `PassportApplication`. */
export interface PassportApplicationRecord {
  /** Nomor permohonan, 15 characters (see application-number.ts). */
  applicationNumber: string;
  /** NIK of the applicant. */
  nik: string;
  passportType: PassportType;
  stage: PassportApplicationStage;
  /** ISO date the application was submitted. */
  submittedOn: string;
  /** ISO date the application reached its current stage. */
  stageSince: string;
  /** Name of the immigration office handling it. */
  office: string;
  /** The office's reason, only when the application was rejected. */
  rejectionReason: string | null;
}
