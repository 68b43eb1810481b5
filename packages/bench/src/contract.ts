import { z } from "zod";
import { createEventRegistry, defineEvent } from "@mkt/contracts";

/**
 * Bench-only contract: never published by production code, and not in the marketplace registry
 * (@mkt/contracts `events`). The bench processes pass `benchRegistry` to startService.
 */
export const BenchPingedV1 = defineEvent({
  type: "bench.pinged",
  version: 1,
  description: "Benchmark event (npm run bench:bus): padded so that the envelope on the wire is about 1 KB.",
  data: z.object({
    /** Global sequence number in the producer process. */
    seq: z.number().int().min(0),
    /** Which producer worker recorded it. */
    producer: z.number().int().min(0),
    pad: z.string(),
  }),
});

export const benchRegistry = createEventRegistry([BenchPingedV1]);

/**
 * Only used to create the raw-publish stream with exactly the settings the bus gives every
 * stream (connectBus().ensureStreams): file storage, limits, 2-minute duplicate window.
 */
export const BenchRawV1 = defineEvent({
  type: "bench-raw.published",
  version: 1,
  description: "Raw JetStream publish-rate probe (npm run bench:bus); bytes, not an envelope.",
  data: z.unknown(),
});

export const rawRegistry = createEventRegistry([BenchRawV1]);

/** Target size of one event on the wire (the outbox payload, which the relay publishes as is). */
export const EVENT_BYTES = 1024;
