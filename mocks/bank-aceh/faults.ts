import { z } from 'zod';
import { CallCounter } from '../core/faults';
import { Random } from '../data/random';

/** Message types, as the counters and the fault book name them. */
export const BANK_MESSAGE_TYPES = [
  'signOn',
  'signOff',
  'echo',
  'inquiry',
  'payment',
  'reversal',
  'reversalRepeat',
] as const;
export type BankMessageType = (typeof BANK_MESSAGE_TYPES)[number];

/**
 * What the switch does wrong on purpose for one message type ("*" for all):
 * - `latencyMs`: answer after a delay (applies before the action below);
 * - `action`:
 *   - `commit-and-drop`: process (a payment is recorded, the bill paid) and send no answer;
 *   - `drop`: neither process nor answer;
 *   - `reset`: process, write half of the answer frame, then reset the connection;
 *   - `garbled`: process, then send a frame whose body is not a valid message;
 *   - `duplicate`: process once, answer twice;
 *   - `refuse`: do not process; answer RC 91 (sign-on, (U)) or 76 (others).
 * - `rate`: share of messages (0..1) the action applies to; default 1.
 */
export const bankFaultSchema = z
  .object({
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    rate: z.number().min(0).max(1).optional(),
    action: z
      .enum(['commit-and-drop', 'drop', 'reset', 'garbled', 'duplicate', 'refuse'])
      .optional(),
  })
  .strict();
export type BankFault = z.infer<typeof bankFaultSchema>;
export type BankFaultAction = NonNullable<BankFault['action']>;

export class BankFaultBook {
  private readonly faults = new Map<string, BankFault>();
  // Seeded, so that "half the payments are dropped" is the same sequence in every run.
  private readonly rnd = new Random(42);

  set(type: BankMessageType | '*', fault: BankFault): void {
    this.faults.set(type, fault);
  }

  clear(type?: string): void {
    if (type) this.faults.delete(type);
    else this.faults.clear();
  }

  list(): Record<string, BankFault> {
    return Object.fromEntries(this.faults);
  }

  for(type: BankMessageType): BankFault | undefined {
    return this.faults.get(type) ?? this.faults.get('*');
  }

  /** The action to take this time, after the rate draw. */
  decide(fault: BankFault | undefined): BankFaultAction | undefined {
    if (!fault?.action) return undefined;
    return this.rnd.next() < (fault.rate ?? 1) ? fault.action : undefined;
  }
}

/** Message counters; admin HTTP routes (endpoint "admin:…") are not messages and not counted. */
export class BankCallCounter extends CallCounter {
  override increment(endpoint: string): void {
    if (!endpoint.startsWith('admin:')) super.increment(endpoint);
  }
}

export const isBankMessageType = (value: string): value is BankMessageType =>
  (BANK_MESSAGE_TYPES as readonly string[]).includes(value);
