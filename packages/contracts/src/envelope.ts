import { z } from "zod";
import { Timestamp } from "./common/primitives.js";

// WIRE FORMAT: every event on the bus is this envelope serialized as JSON. Renaming or removing a
// field breaks every consumer in production; add optional fields only (see README, "Versioning").
export const EventEnvelope = z.object({
  /** Unique per event; also the JetStream `Nats-Msg-Id` (publisher dedupe) and the inbox key. */
  id: z.uuid(),
  /** `<context>.<event>`, e.g. `vendor.approved`. */
  type: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/),
  /** Major version of the data schema. */
  version: z.number().int().positive(),
  occurredAt: Timestamp,
  /** Name of the service that produced the event. */
  producer: z.string().min(1),
  /** Ties together everything one user action caused (the HTTP request id of the first step). */
  correlationId: z.string().min(1),
  /** Id of the event (or request) that directly caused this one; null for a first cause. */
  causationId: z.string().min(1).nullable(),
  /** W3C trace context at the moment the event was recorded, so the trace survives the outbox. */
  trace: z.object({ traceparent: z.string(), tracestate: z.string().optional() }).optional(),
  data: z.unknown(),
});
export type EventEnvelope<Data = unknown> = Omit<z.infer<typeof EventEnvelope>, "data"> & { data: Data };
