import { createHash } from "node:crypto";
import { isUniqueViolation } from "../db/database.js";

/**
 * The request an Idempotency-Key was first used with, as a hash: stored beside the key, it tells a
 * retry (same hash: answer what the first call did) from a reuse of the key for another request
 * (another hash: 409 `idempotency-key-reused`). Object keys are sorted, so the hash does not depend
 * on the order the fields were sent in; `operation` names the call, so one key used for two
 * different operations is a reuse too.
 */
export function requestFingerprint(operation: string, request: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify([operation, canonical(request)]))
    .digest("hex");
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object" && !(value instanceof Date))
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, field]) => field !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, field]) => [name, canonical(field)]),
    );
  return value;
}

/**
 * A creation keyed by an Idempotency-Key: answers what the key already made (`replay`, which
 * also refuses the key reused for another request), else runs `create`. Of two concurrent calls
 * with one key, the unique index on the key lets one insert; the other answers the winner's.
 */
export async function createOnce<T>(replay: () => Promise<T | undefined>, create: () => Promise<T>): Promise<T> {
  const previous = await replay();
  if (previous !== undefined) return previous;
  try {
    return await create();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await replay();
    if (winner === undefined) throw error;
    return winner;
  }
}
