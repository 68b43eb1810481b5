import { randomUUID } from "node:crypto";
import { DEAD_LETTER_STREAM, DeadLetterV1, streamNameFor, type DeadLetter } from "@mkt/contracts";
import { eventually } from "@mkt/test-servers";
import { compensationDurableName, type Bus } from "../src/index.js";
import { widgetPipeline } from "./support/widgets.js";

// A saga step's compensation (consume's onGiveUp) must not be lost when it fails itself: it is
// driven by the dead letter and retried until it succeeds; once it ran, the step never runs.

const { start, publishWidget, timesSeen } = widgetPipeline("kit_comp");

async function deadLetters(bus: Bus): Promise<DeadLetter[]> {
  const reader = await bus.js.consumers.get(bus.wireStream(DEAD_LETTER_STREAM));
  const letters: DeadLetter[] = [];
  const info = await bus.jsm.streams.info(bus.wireStream(DEAD_LETTER_STREAM));
  for (let i = 0; i < info.state.messages; i++) {
    const message = await reader.next({ expires: 2000 });
    if (message) letters.push(DeadLetterV1.parse(message.json()));
  }
  return letters;
}

/** Publishes a dead letter's event again, as an operator's redrive does (a new message id). */
async function redrive(bus: Bus, letter: DeadLetter): Promise<void> {
  await bus.js.publish(letter.subject, letter.body, { msgID: `redrive-${randomUUID()}` });
}

describe("a compensation", () => {
  it("that fails is retried until it succeeds, and applies once", async () => {
    let compensationAttempts = 0;
    const compensated: string[] = [];
    const { producer, counter } = await start({
      failWith: () => new Error("the orders could not be created"),
      onGiveUp: async (eventId, tx, error) => {
        compensationAttempts += 1;
        // Its database was down for the first two attempts.
        if (compensationAttempts <= 2) throw new Error(`connection refused (attempt ${compensationAttempts})`);
        await tx.widgetSeen.create({ data: { widgetId: eventId, times: -1 } });
        compensated.push(`${eventId}: ${error}`);
      },
    });
    const { eventId } = await publishWidget(producer);

    // Its writes are read once committed (the callback runs before the commit).
    await eventually(async () => expect(await timesSeen(eventId)).toBe(-1));
    expect(compensated).toEqual([`${eventId}: the orders could not be created`]);
    expect(compensationAttempts).toBe(3);
    // Nothing left to retry: the compensation's durable has acknowledged its dead letter.
    await eventually(async () => {
      const info = await counter.bus.jsm.consumers.info(
        counter.bus.wireStream(DEAD_LETTER_STREAM),
        compensationDurableName("counter--widget-created-v1"),
      );
      expect(info.num_pending + info.num_ack_pending).toBe(0);
    });
  });

  it("that ran stops the step from running when its dead letter is redriven", async () => {
    let failing = true;
    const handled: string[] = [];
    const { producer, counter } = await start({
      failWith: () => (failing ? new Error("a bug") : undefined),
      onHandled: (eventId) => handled.push(eventId),
      onGiveUp: async (eventId, tx) => {
        await tx.widgetSeen.create({ data: { widgetId: eventId, times: -1 } });
      },
    });
    const { eventId } = await publishWidget(producer);
    await eventually(async () => expect(await timesSeen(eventId)).toBe(-1));

    // The bug is fixed and an operator redrives the dead letter: the saga already undid the step.
    failing = false;
    const [letter] = await deadLetters(counter.bus);
    await redrive(counter.bus, letter!);
    await eventually(async () => {
      const info = await counter.bus.jsm.consumers.info(
        counter.bus.wireStream(streamNameFor("widget")),
        "counter--widget-created-v1",
      );
      expect(info.num_pending + info.num_ack_pending).toBe(0);
      expect(info.delivered.stream_seq).toBe(2);
    });
    expect(handled).toEqual([]);
    expect(await timesSeen(eventId)).toBe(-1);
  });
});
