import {
  ASCII4_FRAMING,
  BINARY2_FRAMING,
  FrameReader,
  frame,
  Iso8583Error,
  type Framing,
} from '../../../src/connectors/bank-aceh/iso8583';
import { Random } from '../../../mocks/data/random';

const bodies = [
  '0800' + 'A'.repeat(30),
  '0210' + 'B'.repeat(300),
  '0810XYZ',
  '0200' + 'C'.repeat(9990),
];

describe.each<[string, Framing]>([
  ['4-digit ASCII', ASCII4_FRAMING],
  ['2-byte binary', BINARY2_FRAMING],
])('frame reader, %s length', (_name, framing) => {
  const stream = Buffer.concat(bodies.map((b) => frame(b, framing)));

  it('writes the header the profile asks for', () => {
    const f = frame('0800ABC', framing);
    expect(f.subarray(0, framing.headerLength)).toEqual(
      framing.name === 'ascii4' ? Buffer.from('0007') : Buffer.from([0, 7]),
    );
  });

  it('reads several frames delivered in one chunk', () => {
    expect(new FrameReader(framing).push(stream)).toEqual(bodies);
  });

  it('reassembles frames delivered a byte at a time', () => {
    const reader = new FrameReader(framing);
    const out: string[] = [];
    for (let i = 0; i < stream.length; i++) out.push(...reader.push(stream.subarray(i, i + 1)));
    expect(out).toEqual(bodies);
    expect(reader.pending).toBe(0);
  });

  it('reassembles frames from random chunk boundaries (seeded)', () => {
    const rnd = new Random(8583);
    for (let run = 0; run < 50; run++) {
      const reader = new FrameReader(framing);
      const out: string[] = [];
      let at = 0;
      while (at < stream.length) {
        const size = rnd.int(1, 700);
        out.push(...reader.push(stream.subarray(at, at + size)));
        at += size;
      }
      expect(out).toEqual(bodies);
    }
  });

  it('keeps a partial frame until the rest arrives', () => {
    const reader = new FrameReader(framing);
    const one = frame(bodies[1]!, framing);
    expect(reader.push(one.subarray(0, 100))).toEqual([]);
    expect(reader.pending).toBe(100);
    expect(reader.push(Buffer.concat([one.subarray(100), one.subarray(0, 3)]))).toEqual([
      bodies[1],
    ]);
    expect(reader.pending).toBe(3);
  });
});

describe('frame reader errors', () => {
  it('rejects a non-numeric ASCII length header and stays broken', () => {
    const reader = new FrameReader(ASCII4_FRAMING);
    expect(() => reader.push(Buffer.from('00x7abcdefg'))).toThrow(Iso8583Error);
    expect(() => reader.push(frame('0800', ASCII4_FRAMING))).toThrow(Iso8583Error);
  });

  it('rejects an empty frame', () => {
    expect(() => new FrameReader(ASCII4_FRAMING).push(Buffer.from('0000'))).toThrow(/empty frame/);
  });

  it('refuses to frame a body longer than the header can state', () => {
    expect(() => frame('9'.repeat(10_000), ASCII4_FRAMING)).toThrow(Iso8583Error);
    expect(frame('9'.repeat(10_000), BINARY2_FRAMING)).toHaveLength(10_002);
  });
});
