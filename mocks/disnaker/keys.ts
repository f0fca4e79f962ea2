import { generateKeyPairSync, type KeyObject } from 'node:crypto';

/**
 * The MPP's client key pair as registered at the mock Disnaker: made once per process (never
 * committed), so `npm start` and the tests hand the private key to the connector and the mock
 * checks assertions with the public one.
 */
export interface ClientKeyPair {
  /** PKCS#8 PEM, what DISNAKER_PRIVATE_KEY holds. */
  privateKeyPem: string;
  publicKey: KeyObject;
}

let devPair: ClientKeyPair | undefined;

export function generateClientKeyPair(): ClientKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey,
  };
}

/** The development key pair (one per process). */
export function devClientKeyPair(): ClientKeyPair {
  devPair ??= generateClientKeyPair();
  return devPair;
}
