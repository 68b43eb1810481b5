import { randomUUID } from "node:crypto";

/**
 * The Idempotency-Key a gateway sends the service for one public request: the caller's own when
 * it gave one (its retries then have no second effect), else a fresh one, so that at least the
 * typed client's own retry of this request is safe. Services scope keys by the caller they act
 * for (vendor, buyer), so two callers' equal keys never meet.
 */
export function serviceIdempotencyKey(callerKey: string | undefined): string {
  return callerKey ?? randomUUID();
}
