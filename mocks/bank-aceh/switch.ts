import net from 'node:net';
import type { AddressInfo } from 'node:net';
import {
  decodeMessage,
  encodeMessage,
  type Iso8583Message,
} from '../../src/connectors/bank-aceh/iso8583/codec';
import { FrameReader, frame } from '../../src/connectors/bank-aceh/iso8583/framing';
import { encodePbbProfile, nopColumns } from '../../src/connectors/bank-aceh/iso8583/pbb-profile';
import type { BankProfile } from '../../src/connectors/bank-aceh/iso8583/profile';
import { answerMti, PROCESSING_CODE } from '../../src/connectors/bank-aceh/messages';
import type { CallCounter } from '../core/faults';
import { BILLER_RC, type BillView, type PbbBiller } from './biller';
import type { BankFaultBook, BankMessageType } from './faults';

/**
 * The bank switch's TCP side: frames, decodes, applies faults and answers from the biller.
 * A frame it cannot decode makes it drop the connection, as real switches do.
 */
export class IsoSwitch {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private readonly signedOn = new WeakSet<net.Socket>();
  private port: number;

  constructor(
    private readonly deps: {
      biller: PbbBiller;
      profile: BankProfile;
      faults: BankFaultBook;
      calls: CallCounter;
      host: string;
      port: number;
    },
  ) {
    this.port = deps.port;
  }

  get listening(): boolean {
    return this.server !== undefined;
  }

  get boundPort(): number {
    return this.port;
  }

  state(): { up: boolean; connections: number; signedOn: number } {
    let signed = 0;
    for (const s of this.sockets) if (this.signedOn.has(s)) signed += 1;
    return { up: this.listening, connections: this.sockets.size, signedOn: signed };
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = net.createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, this.deps.host, () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Closes the listener and every connection: clients see the switch go down. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    const reader = new FrameReader(this.deps.profile.framing);
    socket.on('data', (chunk: Buffer) => {
      let bodies: string[];
      try {
        bodies = reader.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      for (const body of bodies) {
        let msg: Iso8583Message;
        try {
          msg = decodeMessage(body, this.deps.profile.fields);
        } catch {
          socket.destroy();
          return;
        }
        void this.handle(socket, msg);
      }
    });
  }

  private async handle(socket: net.Socket, msg: Iso8583Message): Promise<void> {
    const type = classify(msg);
    if (!type) return; // answers to our own echoes, unknown MTIs: nothing to say
    this.deps.calls.increment(type);
    const fault = this.deps.faults.for(type);
    if (fault?.latencyMs) await sleep(fault.latencyMs);
    const action = this.deps.faults.decide(fault);
    if (action === 'drop') return;
    const answer =
      action === 'refuse'
        ? reply(msg, type === 'signOn' ? '91' : BILLER_RC.other, {})
        : this.process(socket, type, msg);
    if (socket.destroyed) return;
    const bytes = frame(encodeMessage(answer, this.deps.profile.fields), this.deps.profile.framing);
    switch (action) {
      case 'commit-and-drop':
        return;
      case 'reset':
        socket.write(bytes.subarray(0, Math.ceil(bytes.length / 2)), () =>
          socket.resetAndDestroy(),
        );
        return;
      case 'garbled': {
        const junk = '0210' + 'ZZ'.repeat(Math.max(8, Math.floor((bytes.length - 8) / 2)));
        socket.write(frame(junk, this.deps.profile.framing));
        return;
      }
      case 'duplicate':
        socket.write(bytes);
        socket.write(bytes);
        return;
      default:
        socket.write(bytes);
    }
  }

  private process(socket: net.Socket, type: BankMessageType, msg: Iso8583Message): Iso8583Message {
    const f = (bit: number) => msg.fields.get(bit) ?? '';
    switch (type) {
      case 'signOn':
        this.signedOn.add(socket);
        return reply(msg, '00', {});
      case 'signOff':
        this.signedOn.delete(socket);
        return reply(msg, '00', {});
      case 'echo':
        return reply(msg, '00', {});
      case 'inquiry': {
        const r = this.deps.biller.inquire(request(msg));
        if (r.rc === BILLER_RC.approved && r.bill) {
          return reply(msg, r.rc, { 4: amount12(r.bill.total), 62: profileOf(r.bill) });
        }
        return reply(msg, r.rc, { 47: r.ntp });
      }
      case 'payment': {
        const amount = Number(f(4));
        const r = this.deps.biller.pay({
          ...request(msg),
          amount,
          ntb: f(48),
          channel: f(18),
          mmdd: f(13),
        });
        if (r.rc === BILLER_RC.approved && r.bill && r.payment) {
          return reply(msg, r.rc, { 47: r.payment.ntp, 62: profileOf(r.bill) });
        }
        return reply(msg, r.rc, {});
      }
      case 'reversal':
      case 'reversalRepeat':
        return reply(msg, this.deps.biller.reverse(request(msg)).rc, {});
    }
  }
}

function classify(msg: Iso8583Message): BankMessageType | undefined {
  const code = msg.fields.get(3);
  switch (msg.mti) {
    case '0800': {
      const fn = msg.fields.get(70);
      return fn === '001' ? 'signOn' : fn === '002' ? 'signOff' : fn === '301' ? 'echo' : undefined;
    }
    case '0200':
      return code === PROCESSING_CODE.pbbInquiry
        ? 'inquiry'
        : code === PROCESSING_CODE.pbbPayment
          ? 'payment'
          : undefined;
    case '0400':
      return 'reversal';
    case '0401':
      return 'reversalRepeat';
    default:
      return undefined;
  }
}

const request = (msg: Iso8583Message) => ({
  invoiceId: msg.fields.get(61) ?? '',
  bankId: msg.fields.get(32) ?? '',
  stan: msg.fields.get(11) ?? '',
  rrn: msg.fields.get(37) ?? '',
});

/** The answer echoes the request's fields (bits 4, 48 included), with bit 39 and `set` on top. */
function reply(
  msg: Iso8583Message,
  rc: string,
  set: Record<number, string | undefined>,
): Iso8583Message {
  const fields = new Map(msg.fields);
  fields.delete(90);
  fields.set(39, rc);
  for (const [bit, value] of Object.entries(set))
    if (value !== undefined) fields.set(Number(bit), value);
  return { mti: answerMti(msg.mti), fields };
}

const amount12 = (n: number) => String(n).padStart(12, '0');

function profileOf(view: BillView): string {
  return encodePbbProfile({
    ...nopColumns(view.obj.nop),
    taxYear: view.bill.year,
    taxpayerName: view.obj.ownerName,
    objectLocation: view.obj.objectStreet,
    villageName: view.obj.objectVillage,
    districtName: view.obj.objectDistrict,
    provinceName: 'ACEH',
    landArea: view.bill.landArea,
    buildingArea: view.bill.buildingArea,
    dueDate: view.bill.dueDate.replace(/-/g, ''),
    principal: view.principal,
    penalty: view.penalty,
    total: view.total,
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
