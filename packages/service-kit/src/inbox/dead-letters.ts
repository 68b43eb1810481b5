import { headers as natsHeaders } from "@nats-io/transport-node";
import { DEAD_LETTER_STREAM, DeadLetterV1, type DeadLetter } from "@mkt/contracts";
import type { Bus } from "../bus/bus.js";
import { compensationDurableName } from "./consumer.js";

/**
 * Operations on the dead-letter stream (what `mkt-dead-letters` runs): see what consumers gave
 * up on, and redrive a letter once its cause is fixed — its event is published again on its own
 * subject, so the consumer that failed handles it again, and every other consumer of that subject
 * recognises it in its inbox and does nothing.
 */
export interface ListedDeadLetter {
  /** Sequence in the dead-letter stream: what `redrive` takes. */
  sequence: number;
  letter: DeadLetter;
  /** For a consumer with a compensation: whether it ran (`done`) or is still being retried (`pending`). */
  compensation?: "done" | "pending";
}

export async function listDeadLetters(
  bus: Bus,
  options: { consumer?: string; limit?: number } = {},
): Promise<ListedDeadLetter[]> {
  const stream = bus.wireStream(DEAD_LETTER_STREAM);
  const info = await bus.jsm.streams.info(stream).catch(() => undefined);
  if (!info || info.state.messages === 0) return [];
  const listed: ListedDeadLetter[] = [];
  const floors = new Map<string, number | null>();
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && listed.length < (options.limit ?? 100); seq++) {
    const stored = await bus.jsm.streams.getMessage(stream, { seq }).catch(() => null);
    if (!stored) continue; // deleted (redriven)
    const letter = DeadLetterV1.safeParse(stored.json());
    if (!letter.success) continue;
    if (options.consumer && letter.data.consumer !== options.consumer) continue;
    const floor = await compensationFloor(bus, letter.data.consumer, floors);
    listed.push({
      sequence: seq,
      letter: letter.data,
      ...(floor === null ? {} : { compensation: seq <= floor ? "done" : "pending" }),
    });
  }
  return listed;
}

export interface RedriveOutcome {
  sequence: number;
  redriven: boolean;
  /** Why a letter was not redriven. */
  reason?: string;
}

/**
 * Publishes each letter's event again and removes the letter. Refused for a letter whose consumer
 * compensates (consume's onGiveUp): once the saga undid the step, running the step would leave it
 * half done; while the compensation is still retried, the letter is what drives it.
 */
export async function redriveDeadLetters(bus: Bus, sequences: number[]): Promise<RedriveOutcome[]> {
  const stream = bus.wireStream(DEAD_LETTER_STREAM);
  const floors = new Map<string, number | null>();
  const outcomes: RedriveOutcome[] = [];
  for (const sequence of sequences) {
    const stored = await bus.jsm.streams.getMessage(stream, { seq: sequence }).catch(() => null);
    const letter = stored ? DeadLetterV1.safeParse(stored.json()) : undefined;
    if (!letter?.success) {
      outcomes.push({ sequence, redriven: false, reason: "no dead letter with this sequence" });
      continue;
    }
    const floor = await compensationFloor(bus, letter.data.consumer, floors);
    if (floor !== null) {
      outcomes.push({
        sequence,
        redriven: false,
        reason:
          sequence <= floor
            ? "its compensation ran: the saga undid this step, so the step must not run again"
            : "its compensation is still being retried (see the consumer's logs); it cannot be redriven",
      });
      continue;
    }
    const headers = natsHeaders();
    for (const [key, value] of Object.entries(letter.data.headers)) {
      if (key.toLowerCase() !== "nats-msg-id") headers.set(key, value);
    }
    // The same redrive twice within the broker's duplicate window publishes once.
    await bus.js.publish(letter.data.subject, letter.data.body, { msgID: `redrive:${stream}:${sequence}`, headers });
    await bus.jsm.streams.deleteMessage(stream, sequence, false);
    outcomes.push({ sequence, redriven: true });
  }
  return outcomes;
}

/** The last dead-letter sequence a consumer's compensation acknowledged; null when it has none. */
async function compensationFloor(
  bus: Bus,
  consumer: string,
  cache: Map<string, number | null>,
): Promise<number | null> {
  if (cache.has(consumer)) return cache.get(consumer)!;
  const info = await bus.jsm.consumers
    .info(bus.wireStream(DEAD_LETTER_STREAM), compensationDurableName(consumer))
    .catch(() => undefined);
  const floor = info ? info.ack_floor.stream_seq : null;
  cache.set(consumer, floor);
  return floor;
}
