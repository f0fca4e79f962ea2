import type { Env } from './env-reader';

/** Edit distance (insertions, deletions, substitutions), two rows at a time. */
export function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The known name closest to `name`, when it is close enough to be a plausible typo. */
export function closestSetting(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = levenshtein(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  // Beyond a third of the name, a "did you mean" misleads more than it helps.
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/**
 * Settings prefixes owned by the gateway, derived from the names it read: each name's first
 * `_`-separated word (DUKCAPIL, BPJS, CACHE, REDIS, JWT...). A variable with one of these
 * prefixes that was never read is almost certainly a typo, which would otherwise be ignored.
 */
export function ownedPrefixes(known: Iterable<string>, notOwned: ReadonlySet<string>): Set<string> {
  const prefixes = new Set<string>();
  for (const name of known) {
    const at = name.indexOf('_');
    if (at > 0 && !notOwned.has(name.slice(0, at))) prefixes.add(name.slice(0, at + 1));
  }
  return prefixes;
}

/** One warning per set variable that has a known prefix but is not a known setting. */
export function unknownSettingWarnings(
  env: Env,
  known: ReadonlySet<string>,
  prefixes: ReadonlySet<string>,
): string[] {
  const warnings: string[] = [];
  for (const name of Object.keys(env).sort()) {
    if (known.has(name) || ![...prefixes].some((p) => name.startsWith(p))) continue;
    const suggestion = closestSetting(name, known);
    warnings.push(
      `${name} is not a known setting and is ignored` +
        (suggestion ? `; did you mean ${suggestion}?` : ''),
    );
  }
  return warnings;
}
