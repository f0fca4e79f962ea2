import type { z } from 'zod';
import { upstreamBadResponse } from '../../errors';

/**
 * The boundary checks a connector runs on what its agency answered: anything that does not
 * parse is UPSTREAM_BAD_RESPONSE, named by path only, never by value.
 */

/** Parses `data` with a zod schema or throws UPSTREAM_BAD_RESPONSE naming the failing path. */
export function parsePayload<S extends z.ZodType>(
  connector: string,
  schema: S,
  data: unknown,
  what: string,
): z.infer<S> {
  const result = schema.safeParse(data);
  if (!result.success) {
    // Paths and issue codes only: values may hold personal data.
    const where = result.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`)
      .join('; ');
    throw upstreamBadResponse(connector, `${what} failed validation (${where})`);
  }
  return result.data;
}

/** Parses JSON text or throws UPSTREAM_BAD_RESPONSE. */
export function parseJson(connector: string, text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw upstreamBadResponse(connector, `${what} is not JSON`);
  }
}
