import { createHmac } from 'node:crypto';

/** First segment of every key the gateway writes, so its keys never collide with others'. */
export const KEY_NAMESPACE = 'mpp';

/** Length of the identifier digest in a key: 32 base64url characters = 192 bits. */
const DIGEST_CHARS = 32;

/** Smallest accepted HMAC secret, in bytes. */
const MIN_SECRET_BYTES = 16;

/**
 * Connector and entity names become key segments and SCAN patterns: no `:` (the separator)
 * and no glob metacharacters. `@` joins an agency instance's connector and tenant
 * (`pdam@lhokseumawe`, docs/tenancy.md).
 */
const SEGMENT = /^[A-Za-z0-9_.@-]+$/;

/** The part of an entity policy that names its keys. */
export interface EntityKeyRef {
  name: string;
  version: number;
}

/** Prefix of all keys of a connector: deleting it purges the connector. */
export function connectorPrefix(connector: string): string {
  return `${KEY_NAMESPACE}:${segment('connector', connector)}:`;
}

/** Prefix of all keys of one version of an entity. */
export function entityPrefix(connector: string, entity: EntityKeyRef): string {
  if (!Number.isInteger(entity.version) || entity.version < 0) {
    throw new TypeError(
      `cache key: entity version must be a non-negative integer, got ${entity.version}`,
    );
  }
  return `${connectorPrefix(connector)}${segment('entity', entity.name)}:v${entity.version}:`;
}

function segment(what: string, value: string): string {
  if (!SEGMENT.test(value)) {
    throw new TypeError(`cache key: ${what} name ${JSON.stringify(value)} must match ${SEGMENT}`);
  }
  return value;
}

/**
 * Builds cache keys `mpp:<connector>:<entity>:v<version>:<digest>` where digest =
 * base64url(HMAC-SHA256(secret, id)) cut to 32 characters. The identifier (a NIK, a card
 * number) never appears in clear in Redis, and without the secret it cannot be recovered by
 * hashing the (small, structured) NIK space. The version segment means a deploy that bumps
 * an entity's version reads none of the old shapes; the connector segment makes purging a
 * connector one prefix delete.
 */
export class CacheKeys {
  private readonly secret: Buffer;

  /** @param secret at least 16 bytes; the same on every instance sharing a Redis. */
  constructor(secret: string | Buffer) {
    this.secret = Buffer.isBuffer(secret) ? Buffer.from(secret) : Buffer.from(secret, 'utf8');
    if (this.secret.length < MIN_SECRET_BYTES) {
      throw new TypeError(`CacheKeys: the HMAC secret must be at least ${MIN_SECRET_BYTES} bytes`);
    }
  }

  /** The key of one record. Throws TypeError on an invalid connector / entity name or version. */
  record(connector: string, entity: EntityKeyRef, id: string): string {
    return entityPrefix(connector, entity) + this.digest(id);
  }

  private digest(id: string): string {
    return createHmac('sha256', this.secret)
      .update(id, 'utf8')
      .digest('base64url')
      .slice(0, DIGEST_CHARS);
  }
}
