import type { ErrorLike } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { formatRupiah } from './format';
import { graphql } from './gql';

/** Pays tax years of one tax object at the Bank Aceh counter (needs `bank-aceh:write`). */
export const PayPropertyTax = graphql(`
  mutation PayPropertyTax($input: PayPropertyTaxInput!) {
    payPropertyTax(input: $input) {
      paymentId
      nop
      officer
      total
      paidAt
      cachePurged
      lines {
        year
        principal
        penalty
        total
        ntp
        ntb
        paidAt
      }
    }
  }
`);

/**
 * One tax object's unpaid bills, re-read after a payment. The answer's TaxObject has the same
 * `id` as the one in CitizenView, so Apollo's cache updates the citizen page in place.
 */
export const TaxObjectBills = graphql(`
  query TaxObjectBills($nop: String!) {
    taxObject(nop: $nop) {
      id
      bills(unpaidOnly: true) {
        id
        year
        amount
        penalty
        totalDue
        dueDate
      }
      outstandingTotal
    }
  }
`);

/**
 * The key of one payment attempt (8 to 64 characters). `crypto.randomUUID` exists only on
 * secure origins (https, localhost); a counter PC on plain http gets the same from
 * `getRandomValues`, which every browser has.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `pay-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** What the officer reads after a refused or unanswered payment. */
export interface PaymentProblem {
  /** The gateway's `extensions.code`, or `NO_ANSWER` when no answer arrived. */
  code: string;
  message: string;
  /**
   * False while the outcome may still change (no answer, pending, in progress): the attempt
   * keeps its key and is repeated as is, so it can never pay twice.
   */
  final: boolean;
}

// Codes after which the same request may still turn out paid: repeat it with the same key.
const UNSETTLED = new Set([
  'NO_ANSWER',
  'PAYMENT_PENDING',
  'IDEMPOTENCY_IN_PROGRESS',
  'INTERNAL_SERVER_ERROR',
  'UPSTREAM_TIMEOUT',
]);

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** `extensions.paid`: the years that were paid before the one that failed (they stay paid). */
function paidYears(value: unknown): string {
  if (!Array.isArray(value)) return '';
  const years = value.flatMap((line: unknown) =>
    typeof line === 'object' && line !== null && 'year' in line
      ? [
          `${String(line.year)}${'ntp' in line && text(line.ntp) ? ` (NTP ${String(line.ntp)})` : ''}`,
        ]
      : [],
  );
  return years.length > 0 ? ` Tahun yang sudah terbayar dan tetap lunas: ${years.join(', ')}.` : '';
}

function messageOf(code: string, ext: Record<string, unknown>, fallback: string): string {
  const year = typeof ext['year'] === 'number' ? ` tahun ${ext['year']}` : '';
  switch (code) {
    case 'AMOUNT_MISMATCH': {
      const actual = typeof ext['actualTotal'] === 'number' ? ext['actualTotal'] : undefined;
      return `Jumlah tagihan di bank berbeda${actual === undefined ? '' : ` (${formatRupiah(actual)})`}; tidak ada yang dibayar. Tagihan dimuat ulang: periksa jumlahnya, lalu bayar lagi.`;
    }
    case 'ALREADY_PAID': {
      const ntp = text(ext['earlierNtp']);
      return `Tagihan${year} sudah lunas${ntp ? ` (NTP ${ntp})` : ''}; tidak dibayar lagi.`;
    }
    case 'BILL_NOT_FOUND':
      return `Tagihan${year} tidak ditemukan di bank; tidak ada yang dibayar.`;
    case 'PAYMENT_UNAVAILABLE':
      return 'Layanan pembayaran Bank Aceh sedang tidak tersedia; tidak ada yang dibayar. Coba lagi beberapa saat lagi.';
    case 'PAYMENT_DECLINED': {
      const rc = text(ext['rc']);
      return `Pembayaran${year} ditolak bank${rc ? ` (kode ${rc})` : ''}; tidak ada yang dibayar.`;
    }
    case 'PAYMENT_PENDING':
      return 'Jawaban bank belum diterima; hasil pembayaran sedang dipastikan. Jangan menerima uang untuk transaksi baru: tekan "Coba lagi" untuk melihat hasilnya.';
    case 'PAYMENT_REVERSED':
      return `Jawaban bank untuk${year || ' pembayaran ini'} tidak diterima, sehingga pembayaran dibatalkan (reversal); tidak ada yang dibayar. Silakan bayar ulang.`;
    case 'IDEMPOTENCY_KEY_REUSED':
      return 'Kunci transaksi ini sudah dipakai untuk permintaan lain; tidak ada yang dibayar. Tekan "Bayar" untuk transaksi baru.';
    case 'IDEMPOTENCY_IN_PROGRESS':
      return 'Transaksi ini masih diproses gateway; tekan "Coba lagi" sebentar lagi.';
    case 'NO_ANSWER':
      return 'Gateway tidak menjawab; hasil pembayaran belum diketahui. Tekan "Coba lagi": transaksi yang sama tidak akan dibayar dua kali.';
    default:
      return fallback;
  }
}

/** The officer's message for a payment that did not give a receipt. */
export function paymentProblem(error: ErrorLike): PaymentProblem {
  if (!CombinedGraphQLErrors.is(error) || error.errors.length === 0) {
    return { code: 'NO_ANSWER', message: messageOf('NO_ANSWER', {}, ''), final: false };
  }
  const first = error.errors[0]!;
  const ext = first.extensions ?? {};
  const code = text(ext['code']) ?? 'INTERNAL_SERVER_ERROR';
  return {
    code,
    message: messageOf(code, ext, first.message) + paidYears(ext['paid']),
    final: !UNSETTLED.has(code),
  };
}
