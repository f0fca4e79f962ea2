import { BJB_V17_PROFILE, type BankProfile } from '../../src/connectors/bank-aceh/iso8583/profile';
import { MockAgency, type MockRequest, type MockResponse, type MockRoute } from '../core/server';
import type { CallCounter } from '../core/faults';
import type { Dataset } from '../data/dataset';
import { PbbBiller, type BillerOptions } from './biller';
import {
  BankCallCounter,
  BankFaultBook,
  bankFaultSchema,
  isBankMessageType,
  type BankFault,
  type BankMessageType,
} from './faults';
import {
  mismatchSchema,
  settlementCsv,
  settlementRows,
  type SettlementMismatch,
} from './settlement';
import { IsoSwitch } from './switch';

export interface BankAcehMockOptions extends BillerOptions {
  /** Admin HTTP port; 0 (default) picks a free one. */
  port?: number;
  /** ISO 8583 TCP port; 0 (default) picks a free one. */
  tcpPort?: number;
  host?: string;
  /** Wire dialect. Default BJB v1.7 (4-digit ASCII length). */
  profile?: BankProfile;
}

/**
 * Bank Aceh's host-to-host switch for PBB-P2 (see README.md): an ISO 8583 TCP server plus the
 * usual HTTP admin API (`url`). `/__admin/calls` counts ISO messages by type.
 */
export class BankAcehMock extends MockAgency {
  override readonly calls: CallCounter = new BankCallCounter();
  readonly biller: PbbBiller;
  readonly bankFaults = new BankFaultBook();
  private readonly mismatches: SettlementMismatch[] = [];
  private readonly iso: IsoSwitch;
  private readonly tcpHost: string;

  constructor(dataset: Dataset, options: BankAcehMockOptions = {}) {
    const routes: MockRoute[] = [];
    super({ key: 'bank-aceh', port: options.port, host: options.host, routes });
    this.biller = new PbbBiller(dataset, options);
    this.tcpHost = options.host ?? '127.0.0.1';
    this.iso = new IsoSwitch({
      biller: this.biller,
      profile: options.profile ?? BJB_V17_PROFILE,
      faults: this.bankFaults,
      calls: this.calls,
      host: this.tcpHost,
      port: options.tcpPort ?? 0,
    });
    routes.push(...this.adminRoutes());
  }

  /** Host and port of the ISO 8583 listener. */
  get tcp(): { host: string; port: number } {
    return { host: this.tcpHost, port: this.iso.boundPort };
  }

  override async start(): Promise<this> {
    await super.start();
    await this.iso.start();
    return this;
  }

  override async stop(): Promise<void> {
    await this.iso.stop();
    await super.stop();
  }

  /** The switch goes down (connections reset, connects refused); the admin API stays up. */
  down(): Promise<void> {
    return this.iso.stop();
  }

  up(): Promise<void> {
    return this.iso.start();
  }

  setBankFault(type: BankMessageType | '*', fault: BankFault): void {
    this.bankFaults.set(type, fault);
  }

  clearBankFaults(type?: BankMessageType | '*'): void {
    this.bankFaults.clear(type);
  }

  injectMismatch(mismatch: SettlementMismatch): void {
    this.mismatches.push(mismatch);
  }

  /** The day's settlement list (default: the mock's today), with injected mismatches. */
  settlement(date = this.biller.today()) {
    return settlementRows(date, this.biller.settlement(date), this.mismatches);
  }

  private adminRoutes(): MockRoute[] {
    const route = (
      name: string,
      method: 'GET' | 'POST',
      path: RegExp,
      handle: (req: MockRequest) => MockResponse | Promise<MockResponse>,
    ): MockRoute => ({ endpoint: `admin:${name}`, method, path, handle });
    return [
      route('state', 'GET', /^\/bank\/state$/, () => ({
        body: { ...this.iso.state(), calls: this.calls.all(), faults: this.bankFaults.list() },
      })),
      route('faults', 'GET', /^\/bank\/faults$/, () => ({ body: this.bankFaults.list() })),
      route('faults-clear', 'POST', /^\/bank\/faults\/clear$/, () => {
        this.bankFaults.clear();
        return { body: { ok: true } };
      }),
      route('fault-set', 'POST', /^\/bank\/faults\/(?<type>[A-Za-z]+|\*)$/, (req) => {
        const type = req.params.type ?? '';
        if (type !== '*' && !isBankMessageType(type)) return bad(`unknown message type ${type}`);
        const parsed = bankFaultSchema.safeParse(parseJson(req.body));
        if (!parsed.success) return bad('body must be a fault: {latencyMs?, rate?, action?}');
        this.bankFaults.set(type, parsed.data);
        return { body: { ok: true } };
      }),
      route('down', 'POST', /^\/bank\/down$/, async () => {
        await this.down();
        return { body: { ok: true } };
      }),
      route('up', 'POST', /^\/bank\/up$/, async () => {
        await this.up();
        return { body: { ok: true } };
      }),
      route('settlement', 'GET', /^\/bank\/settlement$/, (req) => {
        const date = req.query.get('date') ?? this.biller.today();
        if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return bad('date must be YYYY-MM-DD');
        const rows = this.settlement(date);
        if (req.query.get('format') === 'csv') {
          return {
            headers: { 'content-type': 'text/csv; charset=utf-8' },
            body: settlementCsv(rows),
          };
        }
        return { body: { date, payments: rows } };
      }),
      route('mismatch', 'POST', /^\/bank\/settlement\/mismatch$/, (req) => {
        const parsed = mismatchSchema.safeParse(parseJson(req.body));
        if (!parsed.success)
          return bad('body must be {kind: amount|missing|extra, ntp?, amountDelta?}');
        this.injectMismatch(parsed.data);
        return { body: { ok: true } };
      }),
      route('payments', 'GET', /^\/bank\/payments$/, () => ({
        body: { payments: this.biller.payments },
      })),
    ];
  }
}

const bad = (error: string): MockResponse => ({ status: 400, body: { error } });

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

export function createBankAcehMock(
  dataset: Dataset,
  options: BankAcehMockOptions = {},
): BankAcehMock {
  return new BankAcehMock(dataset, options);
}
