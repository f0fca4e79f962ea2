/** Time as the channel sees it; injected so tests and the process share one notion of "now". */
export interface ChannelClock {
  now(): Date;
  /** Runs `fn` once after `ms`; the returned handle cancels it. Must not keep the process alive. */
  setTimeout(fn: () => void, ms: number): { cancel(): void };
}

export const SYSTEM_CLOCK: ChannelClock = {
  now: () => new Date(),
  setTimeout: (fn, ms) => {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};
