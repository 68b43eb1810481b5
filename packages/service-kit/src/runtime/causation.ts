import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What caused the work in progress: set by the HTTP layer for a request and by a consumer for an
 * event, read by the outbox so every event it records carries its correlation and causation ids.
 */
export interface Causation {
  correlationId: string;
  causationId: string | null;
}

const storage = new AsyncLocalStorage<Causation>();

export function runWithCausation<T>(causation: Causation, fn: () => T): T {
  return storage.run(causation, fn);
}

export function currentCausation(): Causation | undefined {
  return storage.getStore();
}
