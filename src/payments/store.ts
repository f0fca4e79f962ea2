/**
 * Payment rows of the ledger: the payment, its items (one per tax year) and their state
 * transitions. Every transition is a compare-and-set on the item's state, written in one
 * transaction with its events, so two instances (or a late answer and recovery) can never both
 * move the same item.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { LedgerDatabase, LedgerEventInput, WriteLedger } from '../ledger';
import { ITEM_STATES, type ItemState, type PaymentState, type PayPropertyTaxInput } from './domain';
import type { PaymentChannel } from './bank-port';

type ItemRow = LedgerDatabase['payment_items'];
type PaymentRow = LedgerDatabase['payments'];

export interface PaymentItem {
  id: string;
  paymentId: string;
  position: number;
  nop: string;
  year: number;
  principal: number | null;
  penalty: number | null;
  total: number | null;
  stan: string | null;
  rrn: string | null;
  ntb: string | null;
  sentAt: number | null;
  ntp: string | null;
  paidAt: number | null;
  state: ItemState;
  rc: string | null;
  errorCode: string | null;
  earlierNtp: string | null;
  reversalAttempts: number;
  nextAttemptAt: number | null;
  leaseOwner: string | null;
  leaseUntil: number | null;
}

export interface PaymentRecord {
  id: string;
  nop: string;
  channel: PaymentChannel;
  officer: string;
  clientId: string;
  expectedTotal: number;
  state: PaymentState;
  createdAt: number;
  updatedAt: number;
}

const CHANNELS: readonly PaymentChannel[] = ['6010', '6011', '6014'];
const PAYMENT_STATES: readonly PaymentState[] = [
  'open',
  'in_flight',
  'paid',
  'partially_paid',
  'failed',
];

const num = (v: number | null): number | null => (v === null ? null : Number(v));

function toItem(row: ItemRow): PaymentItem {
  const state = ITEM_STATES.find((s) => s === row.state);
  if (!state) throw new Error(`ledger: unknown item state ${row.state}`);
  return {
    id: row.id,
    paymentId: row.payment_id,
    position: Number(row.position),
    nop: row.nop,
    year: Number(row.year),
    principal: num(row.principal),
    penalty: num(row.penalty),
    total: num(row.total),
    stan: row.stan,
    rrn: row.rrn,
    ntb: row.ntb,
    sentAt: num(row.sent_at),
    ntp: row.ntp,
    paidAt: num(row.paid_at),
    state,
    rc: row.rc,
    errorCode: row.error_code,
    earlierNtp: row.earlier_ntp,
    reversalAttempts: Number(row.reversal_attempts),
    nextAttemptAt: num(row.next_attempt_at),
    leaseOwner: row.lease_owner,
    leaseUntil: num(row.lease_until),
  };
}

function toPayment(row: PaymentRow): PaymentRecord {
  const channel = CHANNELS.find((c) => c === row.channel);
  const state = PAYMENT_STATES.find((s) => s === row.state);
  if (!channel || !state) throw new Error('ledger: malformed payment row');
  return {
    id: row.id,
    nop: row.nop,
    channel,
    officer: row.officer,
    clientId: row.client_id,
    expectedTotal: Number(row.expected_total),
    state,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** The payment's state from its items' states. */
export function aggregateState(states: readonly ItemState[]): PaymentState {
  if (states.some((s) => s === 'sent' || s === 'unknown' || s === 'reversing')) return 'in_flight';
  if (states.some((s) => s === 'created' || s === 'inquired')) return 'open';
  const paid = states.filter((s) => s === 'paid').length;
  if (paid === states.length) return 'paid';
  return paid > 0 ? 'partially_paid' : 'failed';
}

/** Columns a transition may set besides the state. */
export type ItemPatch = Partial<
  Pick<
    ItemRow,
    | 'principal'
    | 'penalty'
    | 'total'
    | 'stan'
    | 'rrn'
    | 'ntb'
    | 'sent_at'
    | 'ntp'
    | 'paid_at'
    | 'rc'
    | 'error_code'
    | 'earlier_ntp'
    | 'reversal_attempts'
    | 'next_attempt_at'
    | 'lease_owner'
    | 'lease_until'
  >
>;

export type EventInput = Omit<
  LedgerEventInput,
  'operation_id' | 'item_id' | 'type' | 'from_state' | 'to_state'
>;

export interface TransitionOptions {
  /** Only when no instance holds the item (its lease is unset or ran out). Default false. */
  onlyIfLeaseFree?: boolean;
  /** Count as the owner's progress on the operation (recovery's steps do not). Default true. */
  progress?: boolean;
}

export class PaymentStore {
  constructor(private readonly ledger: WriteLedger) {}

  private get db() {
    return this.ledger.db;
  }

  /** Inserts the payment and its items (state `created`) inside the claim's transaction. */
  async insert(
    trx: Transaction<LedgerDatabase>,
    id: string,
    input: PayPropertyTaxInput,
    now: number,
  ): Promise<void> {
    await trx
      .insertInto('payments')
      .values({
        id,
        nop: input.nop,
        channel: input.channel,
        officer: input.officer,
        client_id: input.clientId,
        expected_total: input.expectedTotal,
        state: 'open',
        created_at: now,
        updated_at: now,
      })
      .execute();
    await trx
      .insertInto('payment_items')
      .values(
        input.years.map((year, position) => ({
          id: randomUUID(),
          payment_id: id,
          position,
          nop: input.nop,
          year,
          principal: null,
          penalty: null,
          total: null,
          stan: null,
          rrn: null,
          ntb: null,
          sent_at: null,
          ntp: null,
          paid_at: null,
          state: 'created',
          rc: null,
          error_code: null,
          earlier_ntp: null,
          reversal_attempts: 0,
          next_attempt_at: null,
          lease_owner: null,
          lease_until: null,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  }

  async payment(id: string): Promise<PaymentRecord | undefined> {
    const row = await this.db
      .selectFrom('payments')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toPayment(row) : undefined;
  }

  async paymentsOfNop(nop: string, limit = 100): Promise<PaymentRecord[]> {
    const rows = await this.db
      .selectFrom('payments')
      .selectAll()
      .where('nop', '=', nop)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toPayment);
  }

  async items(paymentId: string): Promise<PaymentItem[]> {
    const rows = await this.db
      .selectFrom('payment_items')
      .selectAll()
      .where('payment_id', '=', paymentId)
      .orderBy('position')
      .execute();
    return rows.map(toItem);
  }

  async item(id: string): Promise<PaymentItem | undefined> {
    const row = await this.db
      .selectFrom('payment_items')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toItem(row) : undefined;
  }

  /** Records a message without a state change (inquiries). */
  async message(item: PaymentItem, event: EventInput): Promise<void> {
    await this.ledger.appendEvent({
      ...event,
      operation_id: item.paymentId,
      item_id: item.id,
      type: 'message',
      from_state: null,
      to_state: null,
    });
  }

  /**
   * Moves an item from one of `from` to `to` with `patch`, recording the transition and the
   * messages in `events`. False (and nothing written) when the item is no longer in `from`.
   */
  async transition(
    item: PaymentItem,
    from: readonly ItemState[],
    to: ItemState,
    patch: ItemPatch,
    events: EventInput[] = [],
    options: TransitionOptions = {},
  ): Promise<boolean> {
    const now = this.ledger.now();
    return this.db.transaction().execute(async (trx) => {
      let query = trx
        .updateTable('payment_items')
        .set({ ...patch, state: to, updated_at: now })
        .where('id', '=', item.id)
        .where('state', 'in', [...from]);
      if (options.onlyIfLeaseFree) {
        query = query.where((eb) =>
          eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]),
        );
      }
      const res = await query.executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) return false;
      await this.ledger.appendEvent(
        {
          operation_id: item.paymentId,
          item_id: item.id,
          type: 'transition',
          from_state: item.state,
          to_state: to,
          direction: null,
          mti: null,
          processing_code: null,
          rc: patch.rc ?? null,
          stan: null,
          rrn: null,
          detail: patch.error_code ?? null,
          at: now,
        },
        trx,
      );
      for (const event of events) {
        await this.ledger.appendEvent(
          {
            ...event,
            operation_id: item.paymentId,
            item_id: item.id,
            type: 'message',
            from_state: null,
            to_state: null,
            at: now,
          },
          trx,
        );
      }
      await this.refreshState(trx, item.paymentId, now);
      if (options.progress !== false) await this.ledger.touch(item.paymentId, trx);
      return true;
    });
  }

  /** Cancels every item of a payment still `created` or `inquired` (never sent). */
  async cancelUnsent(paymentId: string, errorCode: string | null, progress = true): Promise<void> {
    for (const item of await this.items(paymentId)) {
      if (item.state === 'created' || item.state === 'inquired') {
        await this.transition(
          item,
          ['created', 'inquired'],
          'cancelled',
          { error_code: errorCode },
          [],
          {
            progress,
          },
        );
      }
    }
  }

  private async refreshState(
    trx: Transaction<LedgerDatabase>,
    paymentId: string,
    now: number,
  ): Promise<void> {
    const rows = await trx
      .selectFrom('payment_items')
      .select('state')
      .where('payment_id', '=', paymentId)
      .execute();
    const states = rows.map((r) => ITEM_STATES.find((s) => s === r.state) ?? 'created');
    await trx
      .updateTable('payments')
      .set({ state: aggregateState(states), updated_at: now })
      .where('id', '=', paymentId)
      .execute();
  }

  /**
   * Items whose outcome is unknown and that no live instance holds: `unknown`, or `sent` /
   * `reversing` whose lease ran out, and whose next attempt is due.
   */
  async dueForResolution(now: number, limit = 50): Promise<PaymentItem[]> {
    const rows = await this.db
      .selectFrom('payment_items')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('state', '=', 'unknown'),
          eb.and([
            eb('state', 'in', ['sent', 'reversing']),
            eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]),
          ]),
        ]),
      )
      .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
      .orderBy('updated_at')
      .limit(limit)
      .execute();
    return rows.map(toItem);
  }

  /** Paid items whose payment message was sent in [from, to), with their payment's channel. */
  async paidSentBetween(from: number, to: number): Promise<(PaymentItem & { channel: string })[]> {
    const rows = await this.db
      .selectFrom('payment_items')
      .innerJoin('payments', 'payments.id', 'payment_items.payment_id')
      .selectAll('payment_items')
      .select('payments.channel as channel')
      .where('payment_items.state', 'in', ['paid', 'unknown', 'reversing', 'sent'])
      .where('payment_items.sent_at', '>=', from)
      .where('payment_items.sent_at', '<', to)
      .orderBy('payment_items.sent_at')
      .execute();
    return rows.map((r) => ({ ...toItem(r), channel: r.channel }));
  }

  async countInFlight(): Promise<number> {
    const row = await this.db
      .selectFrom('payment_items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('state', 'in', ['sent', 'unknown', 'reversing'])
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
