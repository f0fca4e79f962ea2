/**
 * A connector's contract fixture: the few facts the shared contract suite (test/contract)
 * needs to exercise a connector against its mock. One file per connector,
 * `test/contract/fixtures/<key>.ts`, exporting `fixture` (the scaffold writes one).
 */

/** What the suite needs from a loader: DataLoader's `load`. */
export interface Loader {
  load(id: string): Promise<unknown>;
}

export interface ContractFixture<L> {
  /** The connector's key (must equal the definition's). */
  key: string;
  /** A lookup of one record by the agency's own identifier. */
  lookup: {
    /** Picks the loader from the connector's per-request loaders. */
    loader(loaders: L): Loader;
    /** Two ids the mock knows (distinct records). */
    known: readonly [string, string];
    /** A well-formed id the mock does not know: loads as `null`, without an error. */
    unknown: string;
    /** Mock endpoint name this lookup calls: counted, and faulted by the suite. */
    endpoint: string;
    /** 'many' when that endpoint takes several ids in one call, 'one' when it takes one. */
    idsPerCall: 'one' | 'many';
  };
  /**
   * A lookup through a batch endpoint (usually by NIK), when the agency has one: loading all
   * `ids` in one request must cost exactly one call to `endpoint`.
   */
  batch?: {
    loader(loaders: L): Loader;
    ids: readonly string[];
    endpoint: string;
  };
  /** Settings (environment names) that make the agency refuse our credentials. */
  wrongCredentials: Record<string, string>;
  /** What the log line of that refusal must say: the cause, in words an operator acts on. */
  authCause: RegExp;
  /**
   * Set, with the reason, when the connector does not log the cause today. The check then
   * runs as `it.failing`: it reports the gap, and starts failing (asking for this field to be
   * removed) once the connector is fixed.
   */
  authCauseGap?: string;
}

/**
 * Declares a fixture typed against the connector's loaders. The suite pairs fixtures with
 * definitions by key at run time, hence the erased type it returns.
 */
export function defineFixture<L>(fixture: ContractFixture<L>): ContractFixture<unknown> {
  return fixture as unknown as ContractFixture<unknown>;
}
