import { z } from "zod";
import { Timestamp } from "./common/primitives.js";

// WIRE FORMAT: what a consumer writes to the dead-letter stream when it gives up on a message.
// Operators read these to repair and replay; keep the fields stable.
export const DEAD_LETTER_CONTEXT = "dead-letter";
export const DEAD_LETTER_STREAM = "MKT_DEAD_LETTER";

/** `mkt.dead-letter.<durable consumer name>.v1`: four tokens like every other subject. */
export function deadLetterSubject(consumer: string): string {
  return `mkt.${DEAD_LETTER_CONTEXT}.${consumer}.v1`;
}

export const DeadLetterV1 = z.object({
  /** Durable consumer that gave up, e.g. `catalog--vendor-approved-v1`. */
  consumer: z.string().min(1),
  stream: z.string(),
  streamSequence: z.number().int().nonnegative(),
  subject: z.string(),
  /** How many times the message was delivered before it was dead-lettered. */
  deliveries: z.number().int().positive(),
  reason: z.enum(["malformed-json", "invalid-envelope", "undeclared-event", "invalid-data", "handler-failed"]),
  /** Human-readable cause: the failing fields, or the handler's error message. */
  error: z.string(),
  failedAt: Timestamp,
  /** Original NATS headers, so a replay keeps the trace context. */
  headers: z.record(z.string(), z.string()),
  /** Original payload, verbatim (UTF-8). */
  body: z.string(),
});
export type DeadLetter = z.infer<typeof DeadLetterV1>;
