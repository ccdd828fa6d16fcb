// Small helpers for the extension e2e tests.

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value (returned) or the timeout passes (throws). */
export async function waitFor(fn, { timeout = 10_000, interval = 100, what = "a condition" } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) {
      const why = last instanceof Error ? `: ${last.message}` : last !== undefined ? ` (last: ${JSON.stringify(last)})` : "";
      throw new Error(`timed out after ${timeout} ms waiting for ${what}${why}`);
    }
    await sleep(interval);
  }
}

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}

export function assertEq(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}
