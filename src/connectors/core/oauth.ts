import { z } from 'zod';
import { upstreamUnavailable, type UpstreamError } from '../../errors';

/** RFC 6749 section 5.1 token response, as the agencies' OAuth2 endpoints send it. */
export const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i),
  // RFC 6749 says a number; some gateways in front of Indonesian APIs send it as a string.
  expires_in: z
    .union([z.number(), z.string().regex(/^\d+$/).transform(Number)])
    .pipe(z.number().int().positive()),
});
export type TokenResponse = z.infer<typeof tokenResponse>;

/** RFC 6749 section 5.2 error response (`error` is all we rely on). */
const oauthError = z.object({ error: z.string() });

/**
 * The error for a refused token request. The OAuth error code is a protocol constant, safe for
 * logs; the description is the agency's text and is not logged. 429 passes with time (retryable);
 * a refused client (`invalid_client`) needs an operator, not a retry. `hint` names what the
 * agency checks (e.g. "client assertion refused").
 */
export function oauthRefusal(
  connector: string,
  status: number,
  body: string,
  hint?: string,
): UpstreamError {
  let code = 'no OAuth error';
  try {
    const parsed = oauthError.safeParse(JSON.parse(body));
    if (parsed.success && /^[a-z_]{1,40}$/.test(parsed.data.error)) code = parsed.data.error;
  } catch {
    // A non-JSON refusal (an HTML error page): the status says enough.
  }
  return upstreamUnavailable(
    connector,
    `token request refused: HTTP ${status} (${hint ? `${code}; ${hint}` : code})`,
    status === 429,
  );
}
