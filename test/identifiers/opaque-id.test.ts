import { createOpaqueIds } from '../../src/identifiers/opaque-id';
import { containsIdentifierLike } from '../../src/identifiers';

const SECRET = 'a-test-id-secret-of-at-least-32-characters';
const NIK = '1174055206870001';

describe('opaque ids', () => {
  it('are the same from two codecs with the same secret, and open to the type and key', () => {
    const a = createOpaqueIds(SECRET).encode('Citizen', NIK);
    const b = createOpaqueIds(SECRET).encode('Citizen', NIK);
    expect(a).toBe(b);
    expect(createOpaqueIds(SECRET).decode(a)).toEqual({ type: 'Citizen', key: NIK });
  });

  it('differ per type, per key and per secret; another secret cannot open them', () => {
    const ids = createOpaqueIds(SECRET);
    const other = createOpaqueIds(`${SECRET}-other`);
    const id = ids.encode('Citizen', NIK);
    expect(ids.encode('JobSeekerCard', NIK)).not.toBe(id);
    expect(ids.encode('Citizen', '1174055206870002')).not.toBe(id);
    expect(other.encode('Citizen', NIK)).not.toBe(id);
    expect(other.decode(id)).toBeUndefined();
  });

  it('hold no digit at all, so neither the NIK nor anything identifier-like', () => {
    const ids = createOpaqueIds(SECRET);
    for (const [type, key] of [
      ['Citizen', NIK],
      ['TaxObject', '117303000301200010'],
      ['TaxBill', '117303000301200010:2024'],
    ] as const) {
      const id = ids.encode(type, key);
      expect(id).toMatch(/^[a-zA-Z]+$/);
      expect(containsIdentifierLike(id)).toBe(false);
      expect(id).not.toContain(type);
    }
  });

  it('refuses every single-character change, truncation and garbage', () => {
    const ids = createOpaqueIds(SECRET);
    const id = ids.encode('Citizen', NIK);
    for (let i = 0; i < id.length; i++) {
      const swapped = id[i] === 'a' ? 'b' : 'a';
      expect(ids.decode(id.slice(0, i) + swapped + id.slice(i + 1))).toBeUndefined();
    }
    expect(ids.decode(id.slice(0, -1))).toBeUndefined();
    expect(ids.decode(`${id}a`)).toBeUndefined();
    expect(ids.decode('')).toBeUndefined();
    expect(ids.decode(NIK)).toBeUndefined();
    expect(ids.decode('x'.repeat(10_000))).toBeUndefined();
  });

  it('refuses a short secret', () => {
    expect(() => createOpaqueIds('short')).toThrow(/ID_SECRET/);
  });
});
