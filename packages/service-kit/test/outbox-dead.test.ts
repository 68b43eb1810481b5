import { randomUUID } from "node:crypto";
import { streamNameFor } from "@mkt/contracts";
import { deleteBusNamespace, eventually, uniqueBusNamespace } from "@mkt/test-servers";
import { ControllableClock, outboxRetryDelayMs } from "../src/index.js";
import { runDeadLettersCli } from "../src/inbox/dead-letters-cli.js";
import { startWith, testEnv, widgetDatabase, widgetService, type Running } from "./support/widgets.js";

// An outbox row the bus will never take (a subject no stream binds, a payload above the server's
// max_payload): retried with growing delays on the service's clock, then dead, visible, retried
// by an operator once the cause is fixed; the rows behind it go out all along.

type Db = Awaited<ReturnType<typeof widgetDatabase>>;
let db: Db;
let namespace: string;
let clock: ControllableClock;
let producer: Running;

interface OutboxRow {
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date | null;
  dead_at: Date | null;
  published_at: Date | null;
}

beforeAll(async () => {
  db = await widgetDatabase("kit_outbox_dead");
});
afterAll(async () => {
  await db?.drop();
});
beforeEach(async () => {
  await db.query(`DELETE FROM outbox_event`);
  namespace = uniqueBusNamespace("obx");
  clock = new ControllableClock({ frozen: true });
  producer = await startWith(
    widgetService,
    testEnv({
      DATABASE_URL: db.url,
      BUS_NAMESPACE: namespace,
      TEST_CONTROLS: "enabled",
      OUTBOX_MAX_PUBLISH_ATTEMPTS: "3",
    }),
    { clock },
  );
});
afterEach(async () => {
  await producer.stop();
  await deleteBusNamespace(namespace);
});

/** A row written as outbox.add writes one, but with what the bus refuses. */
async function poisonRow(options: { subject?: string; dataBytes?: number } = {}): Promise<string> {
  const id = randomUUID();
  const envelope = {
    id,
    type: "gadget.created",
    version: 1,
    occurredAt: clock.now().toISOString(),
    producer: "widgets",
    correlationId: id,
    causationId: null,
    data: { blob: "x".repeat(options.dataBytes ?? 10) },
  };
  await db.query(
    `INSERT INTO outbox_event (id, type, version, subject, payload, occurred_at) VALUES ($1, 'gadget.created', 1, $2, $3::jsonb, now())`,
    [id, options.subject ?? "mkt.gadget.created", JSON.stringify(envelope)],
  );
  producer.relay.nudge();
  return id;
}

async function row(id: string): Promise<OutboxRow> {
  const [found] = await db.query<OutboxRow>(
    `SELECT attempts, last_error, next_attempt_at, dead_at, published_at FROM outbox_event WHERE id = $1`,
    [id],
  );
  if (!found) throw new Error(`no outbox row ${id}`);
  return found;
}

async function widgetEventsOnTheBus(): Promise<number> {
  return (await producer.bus.jsm.streams.info(producer.bus.wireStream(streamNameFor("widget")))).state.messages;
}

async function createWidget(): Promise<void> {
  const response = await fetch(`${producer.url}/widgets`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "gear" }),
  });
  expect(response.status).toBe(201);
}

async function cli(args: string[]): Promise<{ code: number; output: string }> {
  let output = "";
  const code = await runDeadLettersCli(args, { DATABASE_URL: db.url }, (text) => void (output += text));
  return { code, output };
}

describe("an outbox row the bus refuses", () => {
  it("is retried with growing delays on the clock, not in a loop, while the rows behind it are published", async () => {
    const poison = await poisonRow();
    await eventually(async () => expect((await row(poison)).attempts).toBe(1));
    const first = await row(poison);
    expect(first.last_error).toMatch(/^no stream takes subject obx_\w+\.mkt\.gadget\.created/);
    expect(first.next_attempt_at!.getTime()).toBe(clock.now().getTime() + outboxRetryDelayMs(1));

    await createWidget();
    await eventually(async () => expect(await widgetEventsOnTheBus()).toBe(1));
    // The relay polled many times meanwhile (every 50 ms): the clock did not move, so no retry.
    expect((await row(poison)).attempts).toBe(1);

    clock.advanceBy(outboxRetryDelayMs(1));
    await eventually(async () => expect((await row(poison)).attempts).toBe(2));
    expect((await row(poison)).next_attempt_at!.getTime()).toBe(clock.now().getTime() + outboxRetryDelayMs(2));
    expect(outboxRetryDelayMs(2)).toBe(2 * outboxRetryDelayMs(1));
  });

  it("is dead at the cap, counted by /readyz (which stays ready), listed by the CLI and published once retried", async () => {
    const poison = await poisonRow();
    for (let attempt = 1; attempt <= 3; attempt++) {
      await eventually(async () => expect((await row(poison)).attempts).toBe(attempt));
      clock.advanceBy(10 * 60_000);
    }
    await eventually(async () => expect((await row(poison)).dead_at).not.toBeNull());
    const dead = await row(poison);
    expect(dead).toMatchObject({ attempts: 3, next_attempt_at: null, published_at: null });

    // Dead: the relay leaves it alone however far the clock moves.
    clock.advanceBy(24 * 60 * 60_000);
    await createWidget();
    await eventually(async () => expect(await widgetEventsOnTheBus()).toBe(1));
    expect((await row(poison)).attempts).toBe(3);

    const ready = await fetch(`${producer.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", outbox: { deadEvents: 1 } });

    const listed = await cli(["outbox", "list"]);
    expect(listed.code).toBe(0);
    expect(listed.output).toContain(poison);
    expect(listed.output).toContain("gadget.created.v1 on mkt.gadget.created  after 3 attempts");
    expect(listed.output).toContain("no stream takes subject");

    // The cause is fixed (a stream now takes the subject), then the operator retries it.
    await producer.bus.jsm.streams.add({
      name: producer.bus.wireStream("GADGET"),
      subjects: [producer.bus.wireSubject("mkt.gadget.>")],
    });
    const retried = await cli(["outbox", "retry", poison]);
    expect(retried).toEqual({ code: 0, output: expect.stringContaining(`${poison} handed back to the relay`) });
    await eventually(async () => expect((await row(poison)).published_at).not.toBeNull());
    expect(await cli(["outbox", "list"])).toEqual({ code: 0, output: "No dead outbox events.\n" });
    expect(await (await fetch(`${producer.url}/readyz`)).json()).toMatchObject({ outbox: { deadEvents: 0 } });
  });

  it("above the server's max_payload reaches the cap without breaking the relay or its connection", async () => {
    const maxPayload = producer.bus.nc.info!.max_payload;
    const tooBig = await poisonRow({ subject: "mkt.widget.created", dataBytes: maxPayload + 1024 });
    await eventually(async () => expect((await row(tooBig)).attempts).toBe(1));
    expect((await row(tooBig)).last_error).toMatch(/max.?payload/i);
    clock.advanceBy(10 * 60_000);
    await eventually(async () => expect((await row(tooBig)).attempts).toBe(2));
    clock.advanceBy(10 * 60_000);
    await eventually(async () => expect((await row(tooBig)).dead_at).not.toBeNull());

    expect(producer.bus.nc.isClosed()).toBe(false);
    await createWidget();
    await eventually(async () => expect(await widgetEventsOnTheBus()).toBe(1));
    const listed = await cli(["outbox", "list"]);
    expect(listed.output).toContain(tooBig);
    expect(Number(/\((\d+) bytes\)/.exec(listed.output)![1])).toBeGreaterThan(maxPayload);
  });

  it("is not blamed while JetStream itself is unreachable: its attempts are kept for when the bus is back", async () => {
    await producer.relay.stop();
    await producer.bus.nc.close();
    const id = await poisonRow({ subject: "mkt.widget.created" });
    await expect(producer.relay.publishBatch()).rejects.toThrow(/JetStream is unavailable/);
    expect(await row(id)).toMatchObject({ attempts: 0, last_error: null, dead_at: null });
  });

  it("is retried only when dead: the CLI says so for an unknown or a live id, and refuses a malformed one", async () => {
    const unknown = randomUUID();
    const outcome = await cli(["outbox", "retry", unknown]);
    expect(outcome).toEqual({ code: 1, output: `${unknown} not retried: no dead outbox event with this id\n` });
    expect((await cli(["outbox", "retry", "42"])).code).toBe(2);
    expect((await cli(["outbox", "purge"])).code).toBe(2);
  });
});
