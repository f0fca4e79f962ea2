import type { z } from 'zod';

/** An environment-like record: `process.env`, or a test's own settings. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * The one way configuration is read: every name asked for is remembered (so that unknown
 * names can be told apart from known ones) and every problem is collected instead of thrown,
 * so that one start reports all of them in one ConfigError.
 */
export class EnvReader {
  /** Problems found so far, each naming its setting. */
  readonly problems: string[] = [];
  /** Findings that do not stop a start but must be logged. */
  readonly warnings: string[] = [];
  /** Every setting name read (whether set or not). */
  readonly known = new Set<string>();
  /** The non-empty values read, by name (for the production safety checks). */
  readonly values = new Map<string, string>();

  constructor(private readonly source: Env) {}

  /** The raw text of `name`; an empty value counts as unset. */
  raw(name: string): string | undefined {
    this.known.add(name);
    const value = this.source[name];
    if (value === undefined || value === '') return undefined;
    this.values.set(name, value);
    return value;
  }

  /** Parses `name` with `schema`; unset → `fallback`; invalid → a problem and `fallback`. */
  read<T>(name: string, schema: z.ZodType<T>): T | undefined;
  read<T>(name: string, schema: z.ZodType<T>, fallback: T): T;
  read<T>(name: string, schema: z.ZodType<T>, fallback?: T): T | undefined {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    this.problem(`${name}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return fallback;
  }

  problem(message: string): void {
    this.problems.push(message);
  }

  warn(message: string): void {
    this.warnings.push(message);
  }
}
