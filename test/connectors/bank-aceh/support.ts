import pino from 'pino';
import { Writable } from 'node:stream';
import type { MessageRef } from '../../../src/payments/bank-port';
import type { Dataset } from '../../../mocks/data/dataset';

/** A real pino logger whose lines the test can read. */
export function capturingLogger(): { logger: pino.Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

/** Unpaid bills of the data set, oldest NOP first (deterministic). */
export function unpaidBills(dataset: Dataset): Array<{ nop: string; year: number }> {
  const out: Array<{ nop: string; year: number }> = [];
  for (const obj of dataset.taxObjects.values()) {
    for (const bill of obj.bills) if (!bill.paid) out.push({ nop: obj.nop, year: bill.year });
  }
  return out;
}

export function paidBill(dataset: Dataset): { nop: string; year: number } {
  for (const obj of dataset.taxObjects.values()) {
    const bill = obj.bills.find((b) => b.paid);
    if (bill) return { nop: obj.nop, year: bill.year };
  }
  throw new Error('no paid bill in the data set');
}

let counter = 0;
/** A fresh STAN/RRN pair, unique within the test process. */
export function nextRef(at = new Date()): MessageRef {
  counter += 1;
  const stan = String(counter % 1_000_000).padStart(6, '0');
  return { stan, rrn: `T${String(counter).padStart(11, '0')}`, transmittedAt: at };
}
