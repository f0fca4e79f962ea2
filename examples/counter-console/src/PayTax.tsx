import { useRef, useState } from 'react';
import { useApolloClient, useMutation } from '@apollo/client/react';
import { formatDateTime, formatRupiah } from './format';
import type { CitizenViewQuery, PayPropertyTaxMutation } from './gql/graphql';
import {
  newIdempotencyKey,
  PayPropertyTax,
  paymentProblem,
  TaxObjectBills,
  type PaymentProblem,
} from './payments';

type TaxObject = NonNullable<NonNullable<CitizenViewQuery['citizen']>['taxObjects']>[number];
type Receipt = PayPropertyTaxMutation['payPropertyTax'];

/** One press of "Bayar": what was asked, under one idempotency key. */
interface Attempt {
  key: string;
  years: number[];
  expectedTotal: number;
}

type Outcome = { receipt: Receipt } | { problem: PaymentProblem };

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * "Bayar" on one tax object: choose the years (all unpaid by default), see principal, penalty
 * and total, pay with one mutation. An attempt keeps its idempotency key until the gateway gives
 * a final answer, so a double click, a lost answer and its "Coba lagi" pay at most once; only a
 * new attempt after a final answer gets a new key.
 */
export function PayTax({ taxObject }: { taxObject: TaxObject }) {
  const client = useApolloClient();
  const [pay, { loading }] = useMutation(PayPropertyTax, { errorPolicy: 'all' });
  // Years the officer unticked; everything else unpaid is selected, also after a refetch.
  const [excluded, setExcluded] = useState<ReadonlySet<number>>(new Set());
  const [outcome, setOutcome] = useState<Outcome>();
  // Refs, not state: a second click can arrive before React re-renders the disabled button.
  const attempt = useRef<Attempt | undefined>(undefined);
  const inFlight = useRef(false);
  // The attempt awaiting a final answer: its years are locked until it has one.
  const [open, setOpen] = useState<Attempt>();

  const bills = taxObject.bills;
  const selected = bills.filter((b) =>
    open ? open.years.includes(b.year) : !excluded.has(b.year),
  );
  const principal = sum(selected.map((b) => b.amount));
  const penalty = sum(selected.map((b) => b.penalty));
  const total = sum(selected.map((b) => b.totalDue));

  function settle() {
    attempt.current = undefined;
    setOpen(undefined);
    // BPKD's cache was purged by the payment: this reads the bills fresh, and the citizen page
    // (same TaxObject id in the cache) drops the paid years.
    void client.query({
      query: TaxObjectBills,
      variables: { nop: taxObject.nop },
      fetchPolicy: 'network-only',
    });
  }

  async function submit() {
    if (inFlight.current) return;
    inFlight.current = true;
    const current = attempt.current ?? {
      key: newIdempotencyKey(),
      years: selected.map((b) => b.year),
      expectedTotal: total,
    };
    attempt.current = current;
    setOpen(current);
    setOutcome(undefined);
    try {
      const { data, error } = await pay({
        variables: {
          input: {
            nop: taxObject.nop,
            years: current.years,
            expectedTotal: current.expectedTotal,
            idempotencyKey: current.key,
          },
        },
      });
      if (data?.payPropertyTax) {
        setOutcome({ receipt: data.payPropertyTax });
        // Paid: the next payment starts from every unpaid year again. After a refusal the
        // officer's choice stays, to try again as it was.
        setExcluded(new Set());
        settle();
        return;
      }
      const problem = paymentProblem(error ?? new Error('no answer'));
      setOutcome({ problem });
      if (problem.final) settle();
    } catch (error) {
      setOutcome({
        problem: paymentProblem(error instanceof Error ? error : new Error('no answer')),
      });
    } finally {
      inFlight.current = false;
    }
  }

  function toggle(year: number) {
    const next = new Set(excluded);
    if (!next.delete(year)) next.add(year);
    setExcluded(next);
  }

  if (bills.length === 0 && !outcome) return null;
  return (
    <div className="pay">
      {bills.length > 0 && (
        <fieldset disabled={open !== undefined}>
          <legend>Bayar PBB-P2 di loket Bank Aceh</legend>
          {bills.map((b) => (
            <label key={b.year} className="year">
              <input
                type="checkbox"
                checked={selected.some((s) => s.year === b.year)}
                onChange={() => toggle(b.year)}
              />
              {b.year}: {formatRupiah(b.totalDue)}
            </label>
          ))}
          <dl data-testid="pay-summary">
            <dt>Pokok</dt>
            <dd>{formatRupiah(principal)}</dd>
            <dt>Denda</dt>
            <dd>{formatRupiah(penalty)}</dd>
            <dt>Jumlah dibayar</dt>
            <dd>{formatRupiah(total)}</dd>
          </dl>
        </fieldset>
      )}
      {(bills.length > 0 || open) && (
        <button
          type="button"
          onClick={() => void submit()}
          disabled={loading || selected.length === 0}
          aria-busy={loading}
        >
          {open && !loading ? 'Coba lagi (transaksi yang sama)' : 'Bayar'}
        </button>
      )}
      {loading && <p role="status">Memproses pembayaran…</p>}
      {outcome && 'problem' in outcome && (
        <p role="alert" className="banner" data-code={outcome.problem.code}>
          {outcome.problem.message}
        </p>
      )}
      {outcome && 'receipt' in outcome && (
        <ReceiptView receipt={outcome.receipt} nopFormatted={taxObject.nopFormatted} />
      )}
    </div>
  );
}

function ReceiptView({ receipt, nopFormatted }: { receipt: Receipt; nopFormatted: string }) {
  return (
    <div className="receipt" role="status" data-testid="receipt">
      <table>
        <caption>
          Bukti bayar PBB-P2 NOP {nopFormatted}, {formatDateTime(receipt.paidAt)}, petugas{' '}
          {receipt.officer}
        </caption>
        <thead>
          <tr>
            <th>Tahun</th>
            <th>NTP</th>
            <th>NTB</th>
            <th>Pokok</th>
            <th>Denda</th>
            <th>Jumlah</th>
            <th>Dibayar</th>
          </tr>
        </thead>
        <tbody>
          {receipt.lines.map((l) => (
            <tr key={l.year}>
              <td>{l.year}</td>
              <td>{l.ntp}</td>
              <td>{l.ntb}</td>
              <td>{formatRupiah(l.principal)}</td>
              <td>{formatRupiah(l.penalty)}</td>
              <td>{formatRupiah(l.total)}</td>
              <td>{formatDateTime(l.paidAt)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={5}>Total</td>
            <td colSpan={2}>{formatRupiah(receipt.total)}</td>
          </tr>
        </tfoot>
      </table>
      {!receipt.cachePurged && (
        <p>Data BPKD dapat belum menampilkan pembayaran ini selama beberapa menit.</p>
      )}
    </div>
  );
}
