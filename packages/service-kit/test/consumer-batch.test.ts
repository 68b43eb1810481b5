import { randomUUID } from "node:crypto";
import { streamNameFor } from "@mkt/contracts";
import { deleteBusNamespace, eventually, uniqueBusNamespace } from "@mkt/test-servers";
import { consumeBatch, defineService, type Bus } from "../src/index.js";
import type { PrismaClient } from "./fixtures/widgets/generated/client.js";
import {
  counterService,
  startWith,
  testEnv,
  widgetDatabase,
  widgetService,
  WidgetCreatedV1,
  createClient,
  type CounterOptions,
  type Running,
} from "./support/widgets.js";

// Waiting messages are handled many to a transaction. These tests publish a backlog before the
// consumer starts, so that it receives them together, and check each batch path's failure modes.

type Db = Awaited<ReturnType<typeof widgetDatabase>>;
let producerDb: Db;
let consumerDb: Db;
let namespace: string;
const running: Running[] = [];

beforeAll(async () => {
  [producerDb, consumerDb] = await Promise.all([widgetDatabase("kit_batch_p"), widgetDatabase("kit_batch_c")]);
});
afterAll(async () => {
  await Promise.all([producerDb?.drop(), consumerDb?.drop()]);
});
beforeEach(async () => {
  namespace = uniqueBusNamespace("bat");
  await consumerDb.query(`DELETE FROM widget_seen`);
  await consumerDb.query(`DELETE FROM inbox_message`);
});
afterEach(async () => {
  for (const service of running.splice(0).reverse()) await service.stop();
  await deleteBusNamespace(namespace);
});

const env = (db: Db, extra: Record<string, string> = {}) =>
  testEnv({ DATABASE_URL: db.url, BUS_NAMESPACE: namespace, CONSUMER_CONCURRENCY: "64", ...extra });

async function start(definition: Parameters<typeof startWith>[0], db: Db): Promise<Running> {
  const service = await startWith(definition, env(db));
  running.push(service);
  return service;
}

/** Publishes `count` widget.created events and waits until they are all on the stream. */
async function backlog(count: number): Promise<string[]> {
  const producer = await start(widgetService, producerDb);
  const ids: string[] = [];
  await producer.deps.db.transaction(async (tx) => {
    for (let i = 0; i < count; i++) {
      const widgetId = randomUUID();
      ids.push(widgetId);
      await producer.deps.outbox.add(tx, WidgetCreatedV1, { widgetId, name: `w${i}` });
    }
  });
  await eventually(async () => expect(await streamMessages(producer.bus)).toBe(count));
  return ids;
}

async function streamMessages(bus: Bus): Promise<number> {
  return (await bus.jsm.streams.info(bus.wireStream(streamNameFor("widget")))).state.messages;
}

async function seen(): Promise<Map<string, number>> {
  const rows = await consumerDb.query<{ widget_id: string; times: number }>(`SELECT widget_id, times FROM widget_seen`);
  return new Map(rows.map((row) => [row.widget_id, row.times]));
}

async function startCounter(options: CounterOptions): Promise<Running> {
  return start(counterService(options), consumerDb);
}

describe("a consumer handling waiting messages in batches", () => {
  it("applies the others of a batch when one message fails, and retries only that one", async () => {
    const widgets = await backlog(20);
    const bad = new Set<string>();
    let badEvent: string | undefined;
    const handledPerEvent = new Map<string, number>();
    await startCounter({
      failWith: (eventId, attempt) => {
        // The 7th event to be handled fails on its first delivery.
        if (badEvent === undefined && handledPerEvent.size === 6) badEvent = eventId;
        if (eventId === badEvent && attempt === 1) {
          bad.add(eventId);
          return new Error("a bad message");
        }
        return undefined;
      },
      onHandled: (eventId) => handledPerEvent.set(eventId, (handledPerEvent.get(eventId) ?? 0) + 1),
    });
    await eventually(async () => {
      const counts = await seen();
      expect(counts.size).toBe(20);
    });
    const counts = await seen();
    for (const widgetId of widgets) expect(counts.get(widgetId)).toBe(1);
    expect(bad.size).toBe(1);
    const [inbox] = await consumerDb.query<{ n: number }>(`SELECT count(*)::int AS n FROM inbox_message`);
    expect(inbox!.n).toBe(20);
  });

  it("applies each message of a batch once when its connection dies half-way through the batch", async () => {
    const widgets = await backlog(12);
    let killed = false;
    let handled = 0;
    await startCounter({
      beforeEffect: async () => {
        handled += 1;
        // Mid-batch, the transaction's connection is killed (a database restart, a crash).
        if (!killed && handled === 5) {
          killed = true;
          await consumerDb.query(
            `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'idle in transaction'`,
          );
        }
      },
    });
    await eventually(async () => expect((await seen()).size).toBe(12));
    const counts = await seen();
    for (const widgetId of widgets) expect(counts.get(widgetId)).toBe(1);
    expect(killed).toBe(true);
  });

  it("offers consumeBatch: a set-based handler gets the new events of a batch at once, never a duplicate", async () => {
    const widgets = await backlog(30);
    const batches: number[] = [];
    const definition = defineService({
      name: "set-counter",
      port: 0,
      database: createClient,
      consumers: () => [
        consumeBatch<typeof WidgetCreatedV1, PrismaClient>(WidgetCreatedV1, async (events, tx) => {
          batches.push(events.length);
          await tx.$executeRawUnsafe(
            `INSERT INTO widget_seen (widget_id, times) SELECT unnest($1::uuid[]), 1
             ON CONFLICT (widget_id) DO UPDATE SET times = widget_seen.times + 1`,
            events.map((event) => event.data.widgetId),
          );
        }),
      ],
    });
    await start(definition, consumerDb);
    await eventually(async () => expect((await seen()).size).toBe(30));
    expect(Math.max(...batches)).toBeGreaterThan(1);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(30);
    const counts = await seen();
    for (const widgetId of widgets) expect(counts.get(widgetId)).toBe(1);
  });

  it("sorts out a failing set-based handler event by event: only the faulty one is retried", async () => {
    const widgets = await backlog(10);
    const poison = widgets[3]!;
    let poisonFailures = 0;
    const definition = defineService({
      name: "picky-set-counter",
      port: 0,
      database: createClient,
      consumers: () => [
        consumeBatch<typeof WidgetCreatedV1, PrismaClient>(WidgetCreatedV1, async (events, tx) => {
          if (events.some((event) => event.data.widgetId === poison) && poisonFailures < 3) {
            poisonFailures += 1;
            throw new Error("cannot apply this one yet");
          }
          for (const event of events)
            await tx.widgetSeen.upsert({
              where: { widgetId: event.data.widgetId },
              create: { widgetId: event.data.widgetId, times: 1 },
              update: { times: { increment: 1 } },
            });
        }),
      ],
    });
    await start(definition, consumerDb);
    await eventually(async () => expect((await seen()).size).toBe(10));
    const counts = await seen();
    for (const widgetId of widgets) expect(counts.get(widgetId)).toBe(1);
  });
});
