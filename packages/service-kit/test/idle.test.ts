import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { Pool } from "pg";
import { deleteBusNamespace, eventually, uniqueBusNamespace } from "@mkt/test-servers";
import { ControllableClock, defineService, type DueTimer } from "../src/index.js";
import { OwnWrites } from "../src/db/notifications.js";
import { PrismaClient } from "./fixtures/widgets/generated/client.js";
import { startWith, testEnv, widgetDatabase, WidgetCreatedV1, type Running } from "./support/widgets.js";

// No idle commits: the relay and the timer runner do not poll. They are woken by local commits,
// by the database's notifications (another replica, a CLI), by the due times they read and by
// moves of a ControllableClock. These tests count every statement the service's pool sends.

type Db = Awaited<ReturnType<typeof widgetDatabase>>;
let database: Db;
let namespace: string;
const running: Running[] = [];
const fired: DueTimer[] = [];

beforeAll(async () => {
  database = await widgetDatabase("kit_idle");
  namespace = uniqueBusNamespace("idle");
});
afterAll(async () => {
  await database.drop();
  await deleteBusNamespace(namespace);
});
afterEach(async () => {
  for (const service of running.splice(0)) await service.stop();
  await database.query(`DELETE FROM timer`);
  await database.query(`DELETE FROM outbox_event`);
  fired.length = 0;
});

/** Statements sent by the pools of the services built with `countingClient`, and the relay's claims among them. */
let statements = 0;
let relayClaims = 0;

function countingClient({ url, poolSize }: { url: string; poolSize: number }): PrismaClient {
  const pool = new Pool({ connectionString: url, max: poolSize });
  pool.on("connect", (connection) => {
    const query = connection.query.bind(connection) as (...args: unknown[]) => unknown;
    (connection as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      statements += 1;
      const text = typeof args[0] === "string" ? args[0] : (args[0] as { text?: string } | undefined)?.text;
      if (text?.includes("UPDATE outbox_event o SET next_attempt_at")) relayClaims += 1;
      return query(...args);
    };
  });
  return new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
}

/** A replica with a relay and a timer: everything the kit would poll for. */
const replica = defineService({
  name: "idle-replica",
  port: 0,
  database: countingClient,
  timers: () => ({
    "renewal.due": async (timer, tx) => {
      await tx.widget.create({ data: { id: randomUUID(), name: `renewed:${timer.key}` } });
      fired.push(timer);
    },
  }),
});

/** Another process of the same service, without timer handlers: it writes, the replica works. */
const writer = defineService({ name: "idle-writer", port: 0, database: countingClient });

async function start<D extends typeof replica | typeof writer>(
  definition: D,
  clock: ControllableClock,
  options: { withoutRelay?: boolean } = {},
): Promise<Running> {
  const service = (await startWith(definition, testEnv({ DATABASE_URL: database.url, BUS_NAMESPACE: namespace }), {
    clock,
    ...options,
  })) as Running;
  running.push(service);
  return service;
}

async function publishedAt(id: string): Promise<Date | null> {
  const [row] = await database.query<{ published_at: Date | null }>(
    `SELECT published_at FROM outbox_event WHERE payload->>'id' = $1`,
    [id],
  );
  return row?.published_at ?? null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a service with nothing to do", () => {
  it("sends no statement at all, the relay's and the timers' included", async () => {
    const clock = new ControllableClock();
    await start(replica, clock);
    // A timer far ahead: the runner knows it and sleeps until then rather than polling.
    await running[0]!.deps.db.transaction((tx) =>
      running[0]!.deps.timers.schedule(tx, {
        type: "renewal.due",
        key: "far",
        dueAt: new Date(clock.now().getTime() + 24 * 3_600_000),
      }),
    );
    await sleep(500); // the passes that start and the commit above asked for
    const before = statements;
    await sleep(3_000);
    expect(statements - before).toBe(0);
  });

  it("still relays at once an event that another process committed", async () => {
    const clock = new ControllableClock();
    await start(replica, clock);
    const other = await start(writer, clock, { withoutRelay: true });
    await sleep(300);
    const event = await other.deps.db.transaction((tx) =>
      other.deps.outbox.add(tx, WidgetCreatedV1, { widgetId: randomUUID(), name: "from-another-replica" }),
    );
    // The safety poll is a minute: only the notification can have woken the replica's relay.
    await eventually(async () => expect(await publishedAt(event.id)).not.toBeNull(), { timeoutMs: 3_000 });
  });

  it("relays an event handed back by an operator (a dead event retried from a CLI)", async () => {
    const clock = new ControllableClock();
    await start(replica, clock);
    const id = randomUUID();
    await database.query(
      `INSERT INTO outbox_event (id, type, version, subject, payload, occurred_at, attempts, dead_at, last_error)
       VALUES ($1, 'widget.created', 1, $3, $2::jsonb, now(), 20, now(), 'no stream')`,
      [
        id,
        JSON.stringify({ id, type: "widget.created", version: 1, data: { widgetId: randomUUID(), name: "x" } }),
        WidgetCreatedV1.subject,
      ],
    );
    await sleep(300);
    expect(await publishedAt(id)).toBeNull(); // dead: left alone
    await database.query(`UPDATE outbox_event SET dead_at = NULL, next_attempt_at = NULL, attempts = 0 WHERE id = $1`, [
      id,
    ]);
    await eventually(async () => expect(await publishedAt(id)).not.toBeNull(), { timeoutMs: 3_000 });
  });

  it("wakes when the lease of a row claimed by a replica that died runs out", async () => {
    const clock = new ControllableClock();
    await start(replica, clock);
    const id = randomUUID();
    // Claimed by a relay that died before publishing: leased for 1.5 s more.
    const leaseUntil = new Date(clock.now().getTime() + 1_500);
    await database.query(
      `INSERT INTO outbox_event (id, type, version, subject, payload, occurred_at, next_attempt_at)
       VALUES ($1, 'widget.created', 1, $4, $2::jsonb, now(), $3)`,
      [
        id,
        JSON.stringify({ id, type: "widget.created", version: 1, data: { widgetId: randomUUID(), name: "x" } }),
        leaseUntil,
        WidgetCreatedV1.subject,
      ],
    );
    await sleep(1_000);
    expect(await publishedAt(id)).toBeNull(); // the lease still runs
    await eventually(async () => expect(await publishedAt(id)).not.toBeNull(), { timeoutMs: 3_000 });
    expect((await publishedAt(id))!.getTime()).toBeGreaterThanOrEqual(leaseUntil.getTime() - 50);
  });

  it("fires at once a timer that another process scheduled, and one that comes due while it sleeps", async () => {
    const clock = new ControllableClock();
    await start(replica, clock);
    const other = await start(writer, clock);
    await sleep(300);
    await other.deps.db.transaction((tx) =>
      other.deps.timers.schedule(tx, { type: "renewal.due", key: "now", dueAt: clock.now() }),
    );
    await eventually(() => expect(fired.map((t) => t.key)).toEqual(["now"]), { timeoutMs: 3_000 });

    // Due in 1 s of the clock, which flows: the runner read its due time and sleeps until then.
    const dueAt = new Date(clock.now().getTime() + 1_000);
    await other.deps.db.transaction((tx) =>
      other.deps.timers.schedule(tx, { type: "renewal.due", key: "soon", dueAt }),
    );
    await sleep(500);
    expect(fired.map((t) => t.key)).toEqual(["now"]);
    await eventually(() => expect(fired.map((t) => t.key)).toEqual(["now", "soon"]), { timeoutMs: 3_000 });
  });
});

describe("a service's own commits", () => {
  it("wake its relay through afterCommit, and its own notification only for a write afterCommit could not hook", () => {
    const own = new OwnWrites("svc#1");
    expect(own.shouldWake("svc#2")).toBe(true); // another process: always
    expect(own.shouldWake(undefined)).toBe(true); // a reconnect: look
    expect(own.shouldWake("svc#1")).toBe(false); // already woken by afterCommit
    own.unhookedWrite();
    own.unhookedWrite();
    expect([own.shouldWake("svc#1"), own.shouldWake("svc#1"), own.shouldWake("svc#1")]).toEqual([true, true, false]);
  });

  it("relays an event written in a bare client.$transaction of its own, through the notification", async () => {
    const clock = new ControllableClock();
    const service = await start(replica, clock);
    await sleep(300);
    const client = service.deps.db.client as unknown as PrismaClient;
    const event = await client.$transaction((tx) =>
      service.deps.outbox.add(tx, WidgetCreatedV1, { widgetId: randomUUID(), name: "bare-transaction" }),
    );
    await eventually(async () => expect(await publishedAt(event.id)).not.toBeNull(), { timeoutMs: 3_000 });
  });

  it("costs one claim per commit, not two (the notification of its own commit does not wake it again)", async () => {
    const clock = new ControllableClock();
    const service = await start(replica, clock);
    await sleep(500);
    const before = relayClaims;
    for (const name of ["one", "two", "three"]) {
      const event = await service.deps.db.transaction((tx) =>
        service.deps.outbox.add(tx, WidgetCreatedV1, { widgetId: randomUUID(), name }),
      );
      await eventually(async () => expect(await publishedAt(event.id)).not.toBeNull(), { timeoutMs: 3_000 });
      await sleep(300); // the notification arrives after the commit: time to (not) wake the relay again
    }
    expect(relayClaims - before).toBe(3);
  });
});
