/**
 * What the Bea Cukai connector hands to the rest of the gateway: a personal shipment's customs
 * status and duties, and a business's customs registration, in English with checked values.
 */

/** DJBC's status of a barang kiriman, in the order a shipment passes them. */
export type CustomsShipmentStatus =
  | 'RECEIVED'
  | 'VALIDATED'
  | 'DOCUMENTS_REQUESTED'
  | 'AWAITING_INSPECTION'
  | 'INSPECTED'
  | 'RELEASED';

export interface CustomsStatusEventRecord {
  status: CustomsShipmentStatus;
  /** DJBC's own words, shown to the citizen as the customs site shows them. */
  statusText: string;
  /** ISO timestamp with offset. */
  at: string;
}

export interface CustomsDutiesRecord {
  importDuty: number;
  vat: number;
  incomeTax: number;
  total: number;
  /** The 15-digit billing code to pay with, once issued; null when none is due or not yet issued. */
  billingCode: string | null;
}

/** Mapper type of the GraphQL `CustomsShipment`. */
export interface CustomsShipmentRecord {
  airWaybill: string;
  /** NIK of the recipient. */
  recipientNik: string;
  kind: 'AIR_WAYBILL' | 'POSTAL';
  description: string;
  customsValue: number;
  status: CustomsShipmentStatus;
  statusText: string;
  /** Oldest first. */
  history: CustomsStatusEventRecord[];
  duties: CustomsDutiesRecord;
}

/** Mapper type of the GraphQL `CustomsRegistration`. */
export interface CustomsRegistrationRecord {
  nib: string;
  npwp: string;
  companyName: string;
  /** INSW category, e.g. "REC CEISA". */
  category: string;
  /** True when the NIB is valid as customs access (category REC CEISA). */
  registered: boolean;
  nibIssuedOn: string;
}
