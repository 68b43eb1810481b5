import { streamNameFor } from "@mkt/contracts";
import { eventually } from "@mkt/test-servers";
import { listDeadLetters, redriveDeadLetters } from "../src/index.js";
import { runDeadLettersCli } from "../src/inbox/dead-letters-cli.js";
import { widgetPipeline } from "./support/widgets.js";

// An operator's view of what consumers gave up on, and the redrive once the cause is fixed.

const { namespace, start, publishWidget, timesSeen } = widgetPipeline("kit_dl");

async function cli(...argv: string[]): Promise<{ code: number; output: string }> {
  let output = "";
  const code = await runDeadLettersCli(argv, { ...process.env, BUS_NAMESPACE: namespace() }, (text) => {
    output += text;
  });
  return { code, output };
}

describe("dead letters", () => {
  it("are listed with their consumer, reason and error, and a redrive applies the event once the bug is fixed", async () => {
    let broken = true;
    const { producer, counter } = await start({
      failWith: () => (broken ? new Error("the tax table is empty") : undefined),
    });
    const { eventId, widgetId } = await publishWidget(producer);

    const [listed] = await eventually(async () => {
      const letters = await listDeadLetters(counter.bus);
      expect(letters).toHaveLength(1);
      return letters;
    });
    expect(listed!.letter).toMatchObject({
      consumer: "counter--widget-created-v1",
      reason: "handler-failed",
      error: "the tax table is empty",
    });
    expect(listed!.compensation).toBeUndefined();
    const shown = await cli("list");
    expect(shown.code).toBe(0);
    expect(shown.output).toContain(`#${listed!.sequence}`);
    expect(shown.output).toContain(`widget.created.v1 ${eventId}`);
    expect(shown.output).toContain("the tax table is empty");

    broken = false;
    expect(await cli("redrive", String(listed!.sequence))).toEqual({
      code: 0,
      output: `#${listed!.sequence} redriven\n`,
    });
    await eventually(async () => expect(await timesSeen(widgetId)).toBe(1));
    expect(await listDeadLetters(counter.bus)).toEqual([]);
    // Redriving it again: it is gone.
    expect(await redriveDeadLetters(counter.bus, [listed!.sequence])).toEqual([
      { sequence: listed!.sequence, redriven: false, reason: "no dead letter with this sequence" },
    ]);
    const info = await counter.bus.jsm.consumers.info(
      counter.bus.wireStream(streamNameFor("widget")),
      "counter--widget-created-v1",
    );
    expect(info.num_pending + info.num_ack_pending).toBe(0);
  });

  it("of a consumer that compensates are not redriven: the saga already undid the step", async () => {
    const { producer, counter } = await start({
      failWith: () => new Error("a bug"),
      onGiveUp: async (eventId, tx) => {
        await tx.widgetSeen.create({ data: { widgetId: eventId, times: -1 } });
      },
    });
    const { eventId } = await publishWidget(producer);
    await eventually(async () => expect(await timesSeen(eventId)).toBe(-1));
    const [listed] = await eventually(async () => {
      const letters = await listDeadLetters(counter.bus);
      expect(letters).toEqual([expect.objectContaining({ compensation: "done" })]);
      return letters;
    });
    const refused = await cli("redrive", String(listed!.sequence));
    expect(refused.code).toBe(1);
    expect(refused.output).toContain("its compensation ran");
    expect(await listDeadLetters(counter.bus)).toHaveLength(1);
  });

  it("refuses a command it does not know, saying how to call it", async () => {
    expect((await cli("replay")).code).toBe(2);
    expect((await cli("redrive", "abc")).code).toBe(2);
  });
});
