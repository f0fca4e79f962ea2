import { randomBytes } from 'node:crypto';
import vector from '../../fixtures/bpjs-vclaim-vector.json';
import {
  decryptKeyOf,
  decryptVClaimResponse,
  encryptVClaimResponse,
  signatureMatches,
  vclaimSignature,
  VClaimDecryptError,
} from '../../../src/connectors/bpjs-kesehatan/vclaim-crypto';

describe('VClaim response decryption', () => {
  it('reproduces the published real vector exactly', () => {
    expect(decryptVClaimResponse(vector.response, vector.decryptKey)).toBe(vector.expectedJson);
  });

  it('builds the decryption key as consId + secretKey + timestamp', () => {
    // The vector's key is documented as that concatenation, ending with its timestamp.
    const consId = '77987';
    const secretKey = vector.decryptKey.slice(consId.length, -vector.timestamp.length);
    expect(decryptKeyOf({ consId, secretKey, timestamp: vector.timestamp })).toBe(
      vector.decryptKey,
    );
  });

  it('round-trips a payload with non-ASCII text', () => {
    const json = JSON.stringify({ peserta: { nama: 'CUT NYAK DHIEN — Lhokseumawe ✓', kode: '0' } });
    const key = decryptKeyOf({ consId: '77987', secretKey: 's3cret', timestamp: '1764100000' });
    const ciphertext = encryptVClaimResponse(json, key);
    expect(ciphertext).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(decryptVClaimResponse(ciphertext, key)).toBe(json);
  });

  it('refuses the real vector under a wrong key instead of returning garbage', () => {
    const wrongTimestamp = vector.decryptKey.replace(/\d{10}$/, '1633700850');
    expect(() => decryptVClaimResponse(vector.response, wrongTimestamp)).toThrow(
      VClaimDecryptError,
    );
    // A wrong key sometimes passes the PKCS7 check by chance; none of these may yield text.
    for (let i = 0; i < 300; i++) {
      expect(() => decryptVClaimResponse(vector.response, randomBytes(12).toString('hex'))).toThrow(
        VClaimDecryptError,
      );
    }
  });

  it.each([
    ['empty', ''],
    ['not base64', 'not*base64!'],
    ['not a whole AES block', Buffer.from('short').toString('base64')],
  ])('refuses a response that is %s', (_label, ciphertext) => {
    expect(() => decryptVClaimResponse(ciphertext, vector.decryptKey)).toThrow(VClaimDecryptError);
  });
});

describe('VClaim request signature', () => {
  it('is base64 HMAC-SHA256 of "consId&timestamp" that changes with every input', () => {
    const signature = vclaimSignature('77987', 'secret', '1764100000');
    expect(Buffer.from(signature, 'base64')).toHaveLength(32);
    expect(vclaimSignature('77987', 'secret', '1764100001')).not.toBe(signature);
    expect(vclaimSignature('77987', 'other', '1764100000')).not.toBe(signature);
    expect(vclaimSignature('77988', 'secret', '1764100000')).not.toBe(signature);
  });

  it('compares signatures exactly, including their length', () => {
    const signature = vclaimSignature('77987', 'secret', '1764100000');
    expect(signatureMatches(signature, signature)).toBe(true);
    expect(signatureMatches(signature, signature.slice(0, -1))).toBe(false);
    expect(signatureMatches(signature, vclaimSignature('77987', 'secret', '1764100001'))).toBe(
      false,
    );
  });
});
