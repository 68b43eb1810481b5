import { randomUUID } from "node:crypto";
import { streamNameFor } from "@mkt/contracts";
import { deleteBusNamespace, eventually, uniqueBusNamespace } from "@mkt/test-servers";
import { listDeadLetters, redriveDeadLetters } from "../src/index.js";
import { runDeadLettersCli } from "../src/inbox/dead-letters-cli.js";
import {
  WidgetCreatedV1,
  counterService,
  startWith,
  testEnv,
  widgetDatabase,
  widgetService,
  type CounterOptions,
  type Running,
} from "./support/widgets.js";

// An operator's view of what consumers gave up on, and the redrive once the cause is fixed.

type Db = Awaited<ReturnType<typeof widgetDatabase>>;
let producerDb: Db;
let consumerDb: Db;
let namespace: string;
const running: Running[] = [];

beforeAll(async () => {
  [producerDb, consumerDb] = await Promise.all([widgetDatabase("kit_dl_producer"), widgetDatabase("kit_dl")]);
});
afterAll(async () => {
  await Promise.all([producerDb?.drop(), consumerDb?.drop()]);
});
beforeEach(() => {
  namespace = uniqueBusNamespace("dl");
});
afterEach(async () => {
  for (const service of running.splice(0).reverse()) await service.stop();
  await deleteBusNamespace(namespace);
});

async function start(options: CounterOptions): Promise<{ producer: Running; counter: Running }> {
  const producer = await startWith(widgetService, testEnv({ DATABASE_URL: producerDb.url, BUS_NAMESPACE: namespace }));
  running.push(producer);
  const counter = await startWith(
    counterService(options),
    testEnv({ DATABASE_URL: consumerDb.url, BUS_NAMESPACE: namespace }),
  );
  running.push(counter);
  return { producer, counter };
}

async function publishWidget(producer: Running): Promise<{ eventId: string; widgetId: string }> {
  const widgetId = randomUUID();
  const event = await producer.deps.db.transaction((tx) =>
    producer.deps.outbox.add(tx, WidgetCreatedV1, { widgetId, name: "gear" }),
  );
  return { eventId: event.id, widgetId };
}

async function timesSeen(widgetId: string): Promise<number | undefined> {
  const rows = await consumerDb.query<{ times: number }>(`SELECT times FROM widget_seen WHERE widget_id = $1`, [
    widgetId,
  ]);
  return rows[0]?.times;
}

async function cli(...argv: string[]): Promise<{ code: number; output: string }> {
  let output = "";
  const code = await runDeadLettersCli(argv, { ...process.env, BUS_NAMESPACE: namespace }, (text) => {
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
