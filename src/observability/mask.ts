/**
 * Masks identifiers in anything we log. NIK, KK, NOP, card, KPJ and customer numbers are all
 * runs of 10 to 18 digits (separators allowed): we keep the first four digits (the region,
 * useful to operators) and hide the rest, so no log line can identify a person.
 */
const ID_PATTERN = /\d(?:[ .-]?\d){9,17}/g;

export function maskIdentifiers(text: string): string {
  return text.replace(ID_PATTERN, (match) => {
    const digits = match.replace(/[ .-]/g, '');
    return `${digits.slice(0, 4)}${'*'.repeat(digits.length - 4)}`;
  });
}

/** Trace and span ids are random hex, not identifiers: masking their digit runs would break them. */
const TRACE_KEYS: ReadonlySet<string> = new Set(['traceId', 'spanId']);
const TRACE_ID = /^(?:[0-9a-f]{16}|[0-9a-f]{32})$/;

/** Deep copy of a log record with every string masked (numbers that long are masked too). */
export function scrub(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[deep]';
  if (typeof value === 'string') return maskIdentifiers(value);
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) >= 1e9) {
    return maskIdentifiers(String(value));
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  if (value instanceof Error) return { type: value.name, message: maskIdentifiers(value.message) };
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] =
        TRACE_KEYS.has(k) && typeof v === 'string' && TRACE_ID.test(v) ? v : scrub(v, depth + 1);
    return out;
  }
  return value;
}
