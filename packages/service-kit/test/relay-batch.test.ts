import { randomUUID } from "node:crypto";
import { pino } from "pino";
import { streamNameFor } from "@mkt/contracts";
import { deleteBusNamespace, uniqueBusNamespace } from "@mkt/test-servers";
import { ControllableClock, OutboxRelay, type PrismaLike } from "../src/index.js";
import { startWith, testEnv, widgetDatabase, widgetService, WidgetCreatedV1, type Running } from "./support/widgets.js";

// The relay claims a batch (a lease on next_attempt_at), publishes it outside any row lock with
// every publish in flight, then marks it in one statement. These tests cover the failure modes of
// that split: a crash between publish and mark, and replicas claiming at the same moment.

type Db = Awaited<ReturnType<typeof widgetDatabase>>;
let db: Db;
let namespace: string;
let clock: ControllableClock;
let producer: Running;
const log = pino({ level: "silent" });
const LEASE_MS = 30_000;

beforeAll(async () => {
  db = await widgetDatabase("kit_relay_batch");
});
afterAll(async () => {
  await db?.drop();
});
beforeEach(async () => {
  await db.query(`DELETE FROM outbox_event`);
  namespace = uniqueBusNamespace("rlb");
  clock = new ControllableClock({ frozen: true });
  // Its own relay stays off: each test drives relays of its own.
  producer = await startWith(widgetService, testEnv({ DATABASE_URL: db.url, BUS_NAMESPACE: namespace }), {
    clock,
    withoutRelay: true,
  });
});
afterEach(async () => {
  await producer.stop();
  await deleteBusNamespace(namespace);
});

function relay(client: PrismaLike, batchSize = 200): OutboxRelay {
  return new OutboxRelay(client, producer.bus, log, clock, {
    batchSize,
    pollMs: 60_000,
    maxAttempts: 3,
    leaseMs: LEASE_MS,
  });
}

async function addEvents(count: number): Promise<void> {
  await producer.deps.db.transaction(async (tx) => {
    for (let i = 0; i < count; i++)
      await producer.deps.outbox.add(tx, WidgetCreatedV1, { widgetId: randomUUID(), name: `w${i}` });
  });
}

async function streamMessages(): Promise<number> {
  const info = await producer.bus.jsm.streams.info(producer.bus.wireStream(streamNameFor("widget")));
  return info.state.messages;
}

async function unpublished(): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_event WHERE published_at IS NULL`);
  return row!.n;
}

/** Every message as it is published, duplicates included (a core subscription sees them all). */
function tapPublishes(): { ids: string[]; stop: () => void } {
  const ids: string[] = [];
  const sub = producer.bus.nc.subscribe(producer.bus.wireSubject(WidgetCreatedV1.subject), {
    callback: (_error, message) => {
      ids.push((JSON.parse(message.string()) as { id: string }).id);
    },
  });
  return { ids, stop: () => sub.unsubscribe() };
}

describe("the outbox relay, a batch at a time", () => {
  it("publishes a batch that was published but not marked (a crash) again once its lease has passed; the broker drops the copies", async () => {
    await addEvents(5);
    const client = producer.deps.db.client;
    // The process dies right after the publishes were acknowledged, before the mark.
    const crashing: PrismaLike = {
      $queryRawUnsafe: (query, ...values) => client.$queryRawUnsafe(query, ...values),
      $executeRawUnsafe: (query, ...values) =>
        query.includes("SET published_at = now()")
          ? Promise.reject(new Error("process died"))
          : client.$executeRawUnsafe(query, ...values),
      $transaction: (...args: unknown[]) => client.$transaction(...(args as [never])),
      $disconnect: () => client.$disconnect(),
    };
    await expect(relay(crashing).publishBatch()).rejects.toThrow("process died");
    expect(await streamMessages()).toBe(5);
    expect(await unpublished()).toBe(5);

    // Another relay leaves them alone while the lease runs (the first one may still be working).
    const restarted = relay(client);
    expect(await restarted.publishBatch()).toBe("idle");
    expect(await unpublished()).toBe(5);

    clock.advanceBy(LEASE_MS);
    const tap = tapPublishes();
    expect(await restarted.publishBatch()).toBe("idle");
    await producer.bus.nc.flush();
    tap.stop();
    expect(tap.ids).toHaveLength(5); // published again, same Nats-Msg-Id…
    expect(await streamMessages()).toBe(5); // …and dropped by the duplicate window
    expect(await unpublished()).toBe(0);
  });

  it("lets replicas claim side by side without ever publishing a row twice", async () => {
    await addEvents(250);
    const tap = tapPublishes();
    const client = producer.deps.db.client;
    const replicas = [relay(client, 40), relay(client, 40), relay(client, 40)];
    await Promise.all(
      replicas.map(async (replica) => {
        while ((await replica.publishBatch()) === "more");
      }),
    );
    await producer.bus.nc.flush();
    tap.stop();
    expect(await unpublished()).toBe(0);
    expect(tap.ids).toHaveLength(250);
    expect(new Set(tap.ids).size).toBe(250);
  });
});
