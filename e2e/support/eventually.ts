// How long the e2e tests wait: real processes and brokers are slower than in-process services.
// Requests go through @mkt/testing's `call`, `download` and `upload`, as every other package's tests.
import { eventually as eventuallyWithin } from "@mkt/testing";

/** Polls an assertion until it passes; processes and brokers get 20 s by default. */
export function eventually<T>(assertion: () => T | Promise<T>, timeoutMs = 20_000): Promise<T> {
  return eventuallyWithin(assertion, { timeoutMs, intervalMs: 100 });
}
