import { z } from 'zod';
import {
  BankNoAnswerError,
  type BillProfile,
  type BillRef,
  type InquiryAnswer,
  type MessageRef,
  type PaymentAnswer,
  type PaymentRequest,
  type ReversalAnswer,
} from '../../payments/bank-port';
import { message, type Iso8583Message } from './iso8583/codec';
import { Iso8583Error } from './iso8583/errors';
import { decodePbbProfile } from './iso8583/pbb-profile';

/**
 * Builders and parsers of the messages the PBB-P2 link exchanges (BJB v1.7 profile). Builders
 * produce complete, padded field values; the codec checks them against the field table.
 */

/** Bit 3, PBB-P2. A reversal carries the payment's code. */
export const PROCESSING_CODE = { pbbInquiry: '341019', pbbPayment: '541019' } as const;

/** Bit 70 of an 0800. */
export const NETWORK_FUNCTION = { signOn: '001', signOff: '002', echo: '301' } as const;
export type NetworkFunction = keyof typeof NETWORK_FUNCTION;

export const MTI = {
  network: '0800',
  financial: '0200',
  reversal: '0400',
  reversalRepeat: '0401',
} as const;

/** IDR, bit 49. */
export const CURRENCY_IDR = '360';
/** Bit 22: manual entry at a terminal. */
const POS_ENTRY_MODE = '021';

/** Who this side of the link is (fixed per installation, from configuration). */
export interface LinkIdentity {
  /** Bit 32: acquiring institution id (the bank's code), digits. */
  acquirerId: string;
  /** Bit 41, at most 8 characters (space-padded). */
  terminalId: string;
  /** Bit 42, at most 15 characters (space-padded). */
  terminalUserId: string;
}

/** Answer MTI of a request MTI: the third digit + 1 (0200 → 0210, 0401 → 0411). */
export function answerMti(requestMti: string): string {
  return requestMti.slice(0, 2) + String(Number(requestMti[2]) + 1) + requestMti.slice(3);
}

/** Request MTI an answer MTI belongs to, or undefined when `mti` is not an answer. */
export function requestMtiOf(mti: string): string | undefined {
  const third = Number(mti[2]);
  if (!/^[0-9]{4}$/.test(mti) || third % 2 !== 1) return undefined;
  return mti.slice(0, 2) + String(third - 1) + mti.slice(3);
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;

/** Transmission date-time, bit 7: MMDDhhmmss in UTC (ISO 8583 uses GMT here). */
export function transmissionDateTime(at: Date): string {
  return (
    pad2(at.getUTCMonth() + 1) +
    pad2(at.getUTCDate()) +
    pad2(at.getUTCHours()) +
    pad2(at.getUTCMinutes()) +
    pad2(at.getUTCSeconds())
  );
}

/** Local (WIB, UTC+7) date and time parts for bits 12, 13 and the PAN. */
export function localParts(at: Date): { yyyy: string; mmdd: string; hhmmss: string } {
  const wib = new Date(at.getTime() + WIB_OFFSET_MS);
  return {
    yyyy: String(wib.getUTCFullYear()),
    mmdd: pad2(wib.getUTCMonth() + 1) + pad2(wib.getUTCDate()),
    hhmmss: pad2(wib.getUTCHours()) + pad2(wib.getUTCMinutes()) + pad2(wib.getUTCSeconds()),
  };
}

/** An 0800 network management request (bits 7, 11, 70). */
export function networkRequest(fn: NetworkFunction, stan: string, at: Date): Iso8583Message {
  return message(MTI.network, {
    7: transmissionDateTime(at),
    11: stan,
    70: NETWORK_FUNCTION[fn],
  });
}

const amount12 = (rupiah: number): string => {
  if (!Number.isSafeInteger(rupiah) || rupiah < 0 || rupiah > 999_999_999_999) {
    throw new RangeError('amount must be whole rupiah, 0..999999999999');
  }
  return String(rupiah).padStart(12, '0');
};

function checkBill(bill: BillRef): void {
  if (!/^[0-9]{18}$/.test(bill.nop)) throw new RangeError('NOP must be 18 digits');
  if (!Number.isInteger(bill.year) || bill.year < 1000 || bill.year > 9999) {
    throw new RangeError('tax year must be 4 digits');
  }
}

function checkRef(ref: MessageRef): void {
  if (!/^[0-9]{6}$/.test(ref.stan)) throw new RangeError('STAN must be 6 digits');
  if (!/^[A-Za-z0-9 ]{12}$/.test(ref.rrn)) throw new RangeError('RRN must be 12 letters or digits');
}

/** Bit 61, PBB: NOP (18) + tax year (4). */
export const invoiceId = (bill: BillRef): string => bill.nop + String(bill.year);

function financial(
  mti: string,
  processingCode: string,
  amount: number,
  bill: BillRef,
  ref: MessageRef,
  identity: LinkIdentity,
  channel: string,
  extra: Record<number, string | undefined>,
): Iso8583Message {
  checkBill(bill);
  checkRef(ref);
  const local = localParts(ref.transmittedAt);
  return message(mti, {
    // (U) The PAN carries the local timestamp, as the public sample does.
    2: local.yyyy + local.mmdd + local.hhmmss,
    3: processingCode,
    4: amount12(amount),
    7: transmissionDateTime(ref.transmittedAt),
    11: ref.stan,
    12: local.hhmmss,
    13: local.mmdd,
    18: channel,
    22: POS_ENTRY_MODE,
    32: identity.acquirerId,
    37: ref.rrn,
    41: identity.terminalId.padEnd(8, ' '),
    42: identity.terminalUserId.padEnd(15, ' '),
    49: CURRENCY_IDR,
    61: invoiceId(bill),
    ...extra,
  });
}

/** 0200 inquiry, processing code 341019 (amount zero: the answer carries the total). */
export function inquiryRequest(
  bill: BillRef,
  ref: MessageRef,
  identity: LinkIdentity,
): Iso8583Message {
  // (U) An inquiry has no channel of its own; teller is what the counter is.
  return financial(MTI.financial, PROCESSING_CODE.pbbInquiry, 0, bill, ref, identity, '6010', {});
}

/** 0200 payment, processing code 541019, with the amount (bit 4) and the NTB (bit 48). */
export function paymentRequest(
  bill: BillRef,
  payment: PaymentRequest,
  ref: MessageRef,
  identity: LinkIdentity,
): Iso8583Message {
  return financial(
    MTI.financial,
    PROCESSING_CODE.pbbPayment,
    payment.amount,
    bill,
    ref,
    identity,
    payment.channel,
    {
      48: payment.ntb,
    },
  );
}

/**
 * 0400 reversal or 0401 repeat of a payment: the payment's processing code, amount, channel
 * and NTB, its own STAN and RRN, and (U) bit 90 naming the original message.
 */
export function reversalRequest(
  bill: BillRef,
  original: { ref: MessageRef; payment: PaymentRequest },
  ref: MessageRef,
  identity: LinkIdentity,
  repeat: boolean,
): Iso8583Message {
  checkRef(original.ref);
  const originalData =
    MTI.financial +
    original.ref.stan +
    transmissionDateTime(original.ref.transmittedAt) +
    identity.acquirerId.padStart(11, '0') +
    '0'.repeat(11);
  return financial(
    repeat ? MTI.reversalRepeat : MTI.reversal,
    PROCESSING_CODE.pbbPayment,
    original.payment.amount,
    bill,
    ref,
    identity,
    original.payment.channel,
    { 48: original.payment.ntb, 90: originalData },
  );
}

// --- answers -------------------------------------------------------------------------------

const answerFields = z.object({
  '39': z.string().regex(/^[0-9A-Z]{2}$/, 'response code must be 2 letters or digits'),
  '4': z
    .string()
    .regex(/^[0-9]{12}$/)
    .optional(),
  '47': z.string().min(1).optional(),
  '62': z.string().optional(),
});
type AnswerFields = z.infer<typeof answerFields>;

/**
 * The answer's fields validated at the boundary. An answer that cannot be understood leaves
 * the outcome unknown, exactly like a lost one: `BankNoAnswerError`.
 */
function readAnswer(answer: Iso8583Message, expectedMti: string): AnswerFields {
  if (answer.mti !== expectedMti)
    throw new BankNoAnswerError(`unexpected answer MTI ${answer.mti}`);
  const parsed = answerFields.safeParse(Object.fromEntries(answer.fields));
  if (!parsed.success) {
    throw new BankNoAnswerError(
      `answer not understood: ${parsed.error.issues.map((i) => i.path.join('.') + ' ' + i.message).join('; ')}`,
    );
  }
  return parsed.data;
}

function billProfile(bit62: string | undefined): BillProfile {
  if (bit62 === undefined) throw new BankNoAnswerError('answer not understood: bit 62 missing');
  try {
    const r = decodePbbProfile(bit62);
    return {
      taxpayerName: r.taxpayerName,
      objectLocation: r.objectLocation,
      villageName: r.villageName,
      districtName: r.districtName,
      landArea: r.landArea,
      buildingArea: r.buildingArea,
      dueDate: `${r.dueDate.slice(0, 4)}-${r.dueDate.slice(4, 6)}-${r.dueDate.slice(6, 8)}`,
      principal: r.principal,
      penalty: r.penalty,
      total: r.total,
    };
  } catch (err) {
    if (err instanceof Iso8583Error)
      throw new BankNoAnswerError(`answer not understood: ${err.message}`);
    throw err;
  }
}

const trimmed = (value: string | undefined) => {
  const t = value?.trim();
  return t ? t : undefined;
};

export function parseInquiryAnswer(answer: Iso8583Message): InquiryAnswer {
  const f = readAnswer(answer, '0210');
  if (f['39'] === '00') {
    if (f['4'] === undefined) throw new BankNoAnswerError('answer not understood: bit 4 missing');
    return { rc: '00', total: Number(f['4']), profile: billProfile(f['62']) };
  }
  if (f['39'] === '54') {
    const earlierNtp = trimmed(f['47']);
    return earlierNtp ? { rc: '54', earlierNtp } : { rc: '54' };
  }
  return { rc: f['39'] };
}

export function parsePaymentAnswer(answer: Iso8583Message): PaymentAnswer {
  const f = readAnswer(answer, '0210');
  const ntp = trimmed(f['47']);
  if (f['39'] === '00') {
    if (!ntp) throw new BankNoAnswerError('answer not understood: approved payment without NTP');
    if (f['4'] === undefined) throw new BankNoAnswerError('answer not understood: bit 4 missing');
    const amount = Number(f['4']);
    return f['62'] === undefined
      ? { rc: '00', ntp, amount }
      : { rc: '00', ntp, amount, profile: billProfile(f['62']) };
  }
  return ntp ? { rc: f['39'], ntp } : { rc: f['39'] };
}

export function parseReversalAnswer(answer: Iso8583Message, repeat: boolean): ReversalAnswer {
  const f = readAnswer(answer, repeat ? '0411' : '0410');
  return { rc: f['39'] };
}

/** The response code of an 0810. */
export function parseNetworkAnswer(answer: Iso8583Message): { rc: string } {
  const f = readAnswer(answer, '0810');
  return { rc: f['39'] };
}
