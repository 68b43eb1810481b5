import { randomUUID } from "node:crypto";
import type { JsMsg } from "@nats-io/jetstream";
import { DEAD_LETTER_STREAM, DeadLetterV1, streamNameFor, type DeadLetter } from "@mkt/contracts";
import { deleteBusNamespace, eventually, uniqueBusNamespace } from "@mkt/test-servers";
import { EventConsumer, InvalidEventError, UndeclaredEventError, type Bus } from "../src/index.js";
import { VendorApprovedV1 } from "@mkt/contracts";
import { consume, defineService } from "../src/index.js";
import type { PrismaClient } from "./fixtures/widgets/generated/client.js";
import {
  WidgetCreatedV1,
  WidgetCreatedV2,
  countWidget,
  createClient,
  counterConsumer,
  counterService,
  startWith,
  testEnv,
  testRegistry,
  widgetDatabase,
  widgetService,
  type CounterOptions,
} from "./support/widgets.js";
import type { Running } from "./support/widgets.js";

type Db = Awaited<ReturnType<typeof widgetDatabase>>;

let producerDb: Db;
let consumerDb: Db;
let namespace: string;
const running: Running[] = [];

beforeAll(async () => {
  [producerDb, consumerDb] = await Promise.all([widgetDatabase("kit_producer"), widgetDatabase("kit_consumer")]);
});
afterAll(async () => {
  await Promise.all([producerDb?.drop(), consumerDb?.drop()]);
});
beforeEach(() => {
  namespace = uniqueBusNamespace("kit");
});
afterEach(async () => {
  for (const service of running.splice(0).reverse()) await service.stop();
  await deleteBusNamespace(namespace);
});

async function startProducer(options: { withoutRelay?: boolean } = {}): Promise<Running> {
  const service = await startWith(
    widgetService,
    testEnv({ DATABASE_URL: producerDb.url, BUS_NAMESPACE: namespace }),
    options,
  );
  running.push(service);
  return service;
}

async function startCounter(options: CounterOptions = {}): Promise<Running> {
  const service = await startWith(
    counterService(options),
    testEnv({ DATABASE_URL: consumerDb.url, BUS_NAMESPACE: namespace }),
  );
  running.push(service);
  return service;
}

async function createWidget(producer: Running, name = "gear"): Promise<string> {
  const response = await fetch(`${producer.url}/widgets`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function timesSeen(widgetId: string): Promise<number> {
  const rows = await consumerDb.query<{ times: number }>(`SELECT times FROM widget_seen WHERE widget_id = $1`, [
    widgetId,
  ]);
  return rows[0]?.times ?? 0;
}

async function streamMessages(bus: Bus, context = "widget"): Promise<number> {
  return (await bus.jsm.streams.info(bus.wireStream(streamNameFor(context)))).state.messages;
}

/** Waits until the durable consumer has acknowledged everything in its stream. */
async function drained(bus: Bus, durable = "counter--widget-created-v1"): Promise<void> {
  await eventually(async () => {
    const info = await bus.jsm.consumers.info(bus.wireStream(streamNameFor("widget")), durable);
    expect(info.num_pending).toBe(0);
    expect(info.num_ack_pending).toBe(0);
  });
}

async function nextDeadLetter(bus: Bus): Promise<DeadLetter> {
  const reader = await bus.js.consumers.get(bus.wireStream(DEAD_LETTER_STREAM));
  const message = await reader.next({ expires: 10_000 });
  if (!message) throw new Error("no dead letter arrived");
  return DeadLetterV1.parse(message.json());
}

describe("the event path: outbox → JetStream → idempotent consumer", () => {
  it("publishes an event once its transaction commits, and the consumer applies it once", async () => {
    const producer = await startProducer();
    await startCounter();
    const widgetId = await createWidget(producer);
    await eventually(async () => expect(await timesSeen(widgetId)).toBe(1));
    const rows = await producerDb.query<{ published_at: Date | null }>(
      `SELECT published_at FROM outbox_event WHERE payload->'data'->>'widgetId' = $1`,
      [widgetId],
    );
    expect(rows[0]?.published_at).toBeInstanceOf(Date);
  });

  it("handles a lone event at once, every time, batching or not (no waiting for a next one)", async () => {
    const producer = await startProducer();
    // 16 in flight: batches of up to 4, where the stall was (nats.js counts its re-pull callbacks as pending messages).
    const counter = await startWith(
      counterService({}),
      testEnv({ DATABASE_URL: consumerDb.url, BUS_NAMESPACE: namespace, CONSUMER_CONCURRENCY: "16" }),
    );
    running.push(counter);
    let slowest = 0;
    for (let i = 0; i < 60; i++) {
      const started = Date.now();
      const widgetId = await createWidget(producer, `lone-${i}`);
      await eventually(async () => expect(await timesSeen(widgetId)).toBe(1), { timeoutMs: 5000, intervalMs: 5 });
      slowest = Math.max(slowest, Date.now() - started);
    }
    // The relay wakes on commit; a handled event takes milliseconds, not the next event's arrival
    // (which never comes: a stall waits out the whole 5 s). Loose for a loaded 2-core CI machine.
    expect(slowest).toBeLessThan(3000);
  });

  it("publishes nothing when the transaction rolls back", async () => {
    const producer = await startProducer();
    const widgetId = randomUUID();
    await expect(
      producer.deps.db.transaction(async (tx) => {
        await producer.deps.outbox.add(tx, WidgetCreatedV1, { widgetId, name: "never" });
        throw new Error("the state change failed");
      }),
    ).rejects.toThrow("the state change failed");
    await producer.relay.publishBatch();
    expect(
      await producerDb.query(`SELECT 1 FROM outbox_event WHERE payload->'data'->>'widgetId' = $1`, [widgetId]),
    ).toHaveLength(0);
    expect(await streamMessages(producer.bus)).toBe(0);
  });

  it("still publishes an event whose process died after the commit and before publishing", async () => {
    const crashed = await startProducer({ withoutRelay: true });
    const widgetId = await createWidget(crashed);
    expect(await streamMessages(crashed.bus)).toBe(0);
    await crashed.stop();
    running.splice(running.indexOf(crashed), 1);

    await startCounter();
    const restarted = await startProducer();
    await eventually(async () => expect(await timesSeen(widgetId)).toBe(1));
    expect(await streamMessages(restarted.bus)).toBe(1);
  });

  it("refuses at the publisher an event that the contracts do not declare, or with a wrong field", async () => {
    const producer = await startProducer();
    await producer.deps.db.transaction(async (tx) => {
      await expect(
        producer.deps.outbox.add(tx, VendorApprovedV1, {
          vendorId: "v1",
          legalName: "Nuage SAS",
          publicContact: { email: "a@b.example", phone: "+33 1 00" },
          approvedAt: new Date().toISOString(),
        }),
      ).rejects.toBeInstanceOf(UndeclaredEventError);
      const invalid = producer.deps.outbox.add(tx, WidgetCreatedV1, { widgetId: "not-a-uuid", name: "x" });
      await expect(invalid).rejects.toBeInstanceOf(InvalidEventError);
      await expect(invalid).rejects.toThrow(/widgetId/);
    });
  });

  it("applies an event published twice (past the broker's dedupe) only once", async () => {
    const producer = await startProducer();
    const counter = await startCounter();
    const widgetId = await createWidget(producer);
    await eventually(async () => expect(await timesSeen(widgetId)).toBe(1));
    const [row] = await producerDb.query<{ payload: string }>(
      `SELECT payload::text AS payload FROM outbox_event WHERE payload->'data'->>'widgetId' = $1`,
      [widgetId],
    );
    await producer.bus.js.publish(producer.bus.wireSubject(WidgetCreatedV1.subject), row!.payload, {
      msgID: "a-different-message-id",
    });
    expect(await streamMessages(producer.bus)).toBe(2);
    await drained(counter.bus);
    expect(await timesSeen(widgetId)).toBe(1);
  });

  it("lets the broker drop a republished event with the same message id", async () => {
    const producer = await startProducer();
    const widgetId = await createWidget(producer);
    await eventually(async () => expect(await streamMessages(producer.bus)).toBe(1));
    await producerDb.query(`UPDATE outbox_event SET published_at = NULL WHERE payload->'data'->>'widgetId' = $1`, [
      widgetId,
    ]);
    await producer.relay.publishBatch();
    expect(await streamMessages(producer.bus)).toBe(1);
  });

  it("applies a redelivered event once when its first acknowledgement was lost", async () => {
    const producer = await startProducer({ withoutRelay: true });
    const host = await startCounter({ withoutConsumers: true });
    const consumer = new EventConsumer(
      "counter",
      counterConsumer(),
      { db: host.deps.db, bus: host.bus, registry: testRegistry, log: host.deps.log, clock: host.deps.clock },
      { concurrency: 1, maxDeliver: 3, backoffMs: 0 },
    );
    await consumer.ensure();
    const widgetId = await createWidget(producer);
    await producer.relay.publishBatch();

    const pull = await host.bus.js.consumers.get(consumer.stream, consumer.durable);
    const first = (await pull.next({ expires: 5_000 }))!;
    // The effect commits, then the process "dies" before its ack reaches the server.
    const ackLost = new Proxy(first, {
      get: (target, property) => (property === "ack" ? () => target.nak() : Reflect.get(target, property, target)),
    }) as JsMsg;
    expect(await consumer.process(ackLost)).toBe("handled");

    const second = (await pull.next({ expires: 5_000 }))!;
    expect(second.info.deliveryCount).toBe(2);
    expect(await consumer.process(second)).toBe("duplicate");
    expect(await timesSeen(widgetId)).toBe(1);
  });

  it("lets a consumer read v1 and v2 of an event during a migration and apply each fact once", async () => {
    const producer = await startProducer();
    const migrating = defineService({
      name: "counter",
      port: 0,
      database: createClient,
      consumers: () => [
        consume<typeof WidgetCreatedV1, PrismaClient>(
          WidgetCreatedV1,
          (event, tx) => countWidget(tx, event.data.widgetId),
          { inbox: "widget-created" },
        ),
        consume<typeof WidgetCreatedV2, PrismaClient>(
          WidgetCreatedV2,
          (event, tx) => countWidget(tx, event.data.widgetId),
          { inbox: "widget-created" },
        ),
      ],
    });
    const counter = await startWith(migrating, testEnv({ DATABASE_URL: consumerDb.url, BUS_NAMESPACE: namespace }));
    running.push(counter);

    const widgetId = randomUUID();
    const [v1, v2] = await producer.deps.db.transaction(async (tx) => {
      const first = await producer.deps.outbox.add(tx, WidgetCreatedV1, { widgetId, name: "twin" });
      return [
        first,
        await producer.deps.outbox.add(tx, WidgetCreatedV2, { widgetId, label: "twin" }, { sameFactAs: first }),
      ];
    });
    expect(v2.id).toBe(v1.id);
    expect(v2.version).toBe(2);
    await eventually(async () => expect(await streamMessages(producer.bus)).toBe(2));
    await drained(counter.bus, "counter--widget-created-v1");
    await drained(counter.bus, "counter--widget-created-v2");
    expect(await timesSeen(widgetId)).toBe(1);
  });

  it("lets two replicas share one durable consumer, each event handled exactly once", async () => {
    const handledBy = new Map<string, string[]>();
    const track = (replica: string) => (eventId: string) =>
      handledBy.set(eventId, [...(handledBy.get(eventId) ?? []), replica]);
    const replicaA = await startCounter({ onHandled: track("a") });
    await startCounter({ onHandled: track("b") });
    const producer = await startProducer();

    const total = 200;
    await producer.deps.db.transaction(async (tx) => {
      for (let i = 0; i < total; i++)
        await producer.deps.outbox.add(tx, WidgetCreatedV1, { widgetId: randomUUID(), name: `w${i}` });
    });
    await eventually(() => expect(handledBy.size).toBe(total), { timeoutMs: 20_000 });
    await drained(replicaA.bus);

    expect([...handledBy.values()].every((replicas) => replicas.length === 1)).toBe(true);
    const perReplica = [...handledBy.values()]
      .flat()
      .reduce<Record<string, number>>((acc, r) => ({ ...acc, [r]: (acc[r] ?? 0) + 1 }), {});
    expect(perReplica.a).toBeGreaterThan(0);
    expect(perReplica.b).toBeGreaterThan(0);
    const inbox = await consumerDb.query<{ n: string }>(`SELECT count(*) AS n FROM inbox_message`);
    expect(Number(inbox[0]!.n)).toBeGreaterThanOrEqual(total);
  });

  it("dead-letters a message that is not valid JSON, with the reason", async () => {
    const counter = await startCounter();
    await counter.bus.js.publish(counter.bus.wireSubject(WidgetCreatedV1.subject), "{not json");
    const letter = await nextDeadLetter(counter.bus);
    expect(letter).toMatchObject({
      consumer: "counter--widget-created-v1",
      reason: "malformed-json",
      deliveries: 1,
      body: "{not json",
    });
    // Parked means done for the server too: nothing stays pending, so the consumer never clogs.
    await drained(counter.bus);
  });

  it("dead-letters an event whose data breaks the contract, naming the field", async () => {
    const counter = await startCounter();
    const envelope = {
      id: randomUUID(),
      type: "widget.created",
      version: 1,
      occurredAt: new Date().toISOString(),
      producer: "someone",
      correlationId: "c1",
      causationId: null,
      data: { widgetId: "not-a-uuid", name: "x" },
    };
    await counter.bus.js.publish(counter.bus.wireSubject(WidgetCreatedV1.subject), JSON.stringify(envelope));
    const letter = await nextDeadLetter(counter.bus);
    expect(letter.reason).toBe("invalid-data");
    expect(letter.error).toContain("data.widgetId");
  });

  it("dead-letters an event it gives up on, then compensates once, in its own transaction", async () => {
    const gaveUp: string[] = [];
    const counter = await startCounter({
      failWith: () => new Error("the order could not be created"),
      // The compensation's writes commit (here: a sighting marked -1, as a compensating record would).
      onGiveUp: async (eventId, tx, error) => {
        gaveUp.push(`${eventId}: ${error}`);
        await tx.widgetSeen.create({ data: { widgetId: eventId, times: -1 } });
      },
    });
    const producer = await startProducer();
    await createWidget(producer);
    const letter = await nextDeadLetter(counter.bus);
    const eventId = (JSON.parse(letter.body) as { id: string }).id;
    // The compensation is driven by the dead letter (so that it can be retried): it follows it.
    // Its writes are read once committed (the callback runs before the commit).
    await eventually(async () => expect(await timesSeen(eventId)).toBe(-1));
    expect(gaveUp).toEqual([`${eventId}: the order could not be created`]);
    await drained(counter.bus);
  });

  it("dead-letters an event whose handler fails on every delivery, with the error", async () => {
    const counter = await startCounter({ failWith: () => new Error("the downstream system refused") });
    const producer = await startProducer();
    await createWidget(producer);
    const letter = await nextDeadLetter(counter.bus);
    expect(letter).toMatchObject({ reason: "handler-failed", deliveries: 3, error: "the downstream system refused" });
    await drained(counter.bus);
    expect(JSON.parse(letter.body)).toMatchObject({ type: "widget.created" });
    expect(letter.headers.traceparent).toMatch(/^00-/);
  });

  it("retries a failing handler with backoff and applies the event once it succeeds", async () => {
    const counter = await startCounter({
      failWith: (_id, attempt) => (attempt < 3 ? new Error(`attempt ${attempt} failed`) : undefined),
    });
    const producer = await startProducer();
    const widgetId = await createWidget(producer);
    await eventually(async () => expect(await timesSeen(widgetId)).toBe(1));
    await drained(counter.bus);
    expect(await timesSeen(widgetId)).toBe(1);
  });

  it("finishes the handlers in flight before it stops, and acknowledges them", async () => {
    let entered!: () => void;
    const handlerEntered = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const counter = await startCounter({
      beforeEffect: async () => {
        entered();
        await gate;
      },
    });
    const producer = await startProducer();
    const widgetId = await createWidget(producer);
    await handlerEntered;

    const stopping = counter.stop();
    running.splice(running.indexOf(counter), 1);
    setTimeout(release, 100);
    await stopping;

    expect(await timesSeen(widgetId)).toBe(1);
    await drained(producer.bus);
  });
});
