import { deleteBusNamespace, eventually, uniqueBusNamespace } from "@mkt/test-servers";
import { ControllableClock, defineService, type DueTimer } from "../src/index.js";
import { createClient, startWith, testEnv, widgetDatabase } from "./support/widgets.js";
import type { Running } from "./support/widgets.js";

type Db = Awaited<ReturnType<typeof widgetDatabase>>;

const HOUR = 60 * 60 * 1000;
let database: Db;
let namespace: string;
const running: Running[] = [];

beforeAll(async () => {
  database = await widgetDatabase("kit_timers");
  namespace = uniqueBusNamespace("timers");
});
afterAll(async () => {
  await database.drop();
  await deleteBusNamespace(namespace);
});
afterEach(async () => {
  for (const service of running.splice(0)) await service.stop();
  await database.query(`DELETE FROM timer`);
});

/** A service whose only job is to record, in its own transaction, each deadline that fires. */
function deadlineService(fired: DueTimer[], options: { fail?: (timer: DueTimer) => boolean } = {}) {
  return defineService({
    name: "deadlines",
    port: 0,
    database: createClient,
    timers: () => ({
      "order.acceptance-deadline": async (timer, tx) => {
        if (options.fail?.(timer)) throw new Error("the handler failed");
        await tx.widget.create({ data: { id: crypto.randomUUID(), name: `fired:${timer.key}` } });
        fired.push(timer);
      },
    }),
  });
}

async function start(
  fired: DueTimer[],
  clock: ControllableClock,
  options: { fail?: (timer: DueTimer) => boolean } = {},
): Promise<Running> {
  const service = await startWith(
    deadlineService(fired, options),
    testEnv({ DATABASE_URL: database.url, BUS_NAMESPACE: namespace }),
    { clock },
  );
  running.push(service);
  return service;
}

async function schedule(service: Running, key: string, dueAt: Date, payload: unknown = {}) {
  await service.deps.db.transaction((tx) =>
    service.deps.timers.schedule(tx, { type: "order.acceptance-deadline", key, dueAt, payload }),
  );
}

async function firedNames(): Promise<string[]> {
  return (
    await database.query<{ name: string }>(`SELECT name FROM widget WHERE name LIKE 'fired:%' ORDER BY name`)
  ).map((r) => r.name);
}

beforeEach(async () => {
  await database.query(`DELETE FROM widget`);
});

describe("durable timers", () => {
  it("fire when the clock reaches their due time, not before", async () => {
    const clock = new ControllableClock({ frozen: true, start: new Date("2026-03-15T10:00:00Z") });
    const fired: DueTimer[] = [];
    const service = await start(fired, clock);
    await schedule(service, "order-1", new Date("2026-03-17T10:00:00Z"), { orderId: "order-1" });

    clock.advanceBy(47 * HOUR);
    expect(await service.timerRunner.fireNext()).toBe("idle");
    expect(fired).toHaveLength(0);

    clock.advanceBy(HOUR);
    // The handler runs inside the transaction: wait for the commit, not only for the call.
    await eventually(async () => expect(await firedNames()).toEqual(["fired:order-1"]));
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({ key: "order-1", payload: { orderId: "order-1" } });
    const [row] = await database.query<{ status: string; fired_at: Date }>(
      `SELECT status, fired_at FROM timer WHERE key = 'order-1'`,
    );
    expect(row).toMatchObject({ status: "fired", fired_at: new Date("2026-03-17T10:00:00Z") });
  });

  it("can be cancelled before they fire", async () => {
    const clock = new ControllableClock({ frozen: true });
    const fired: DueTimer[] = [];
    const service = await start(fired, clock);
    await schedule(service, "order-2", new Date(clock.now().getTime() + HOUR));
    const cancelled = await service.deps.db.transaction((tx) =>
      service.deps.timers.cancel(tx, { type: "order.acceptance-deadline", key: "order-2" }),
    );
    expect(cancelled).toBe(true);
    clock.advanceBy(2 * HOUR);
    expect(await service.timerRunner.fireNext()).toBe("idle");
    expect(fired).toHaveLength(0);
  });

  it("are kept only if the transaction that scheduled them commits", async () => {
    const clock = new ControllableClock({ frozen: true });
    const service = await start([], clock);
    await expect(
      service.deps.db.transaction(async (tx) => {
        await service.deps.timers.schedule(tx, {
          type: "order.acceptance-deadline",
          key: "order-3",
          dueAt: clock.now(),
        });
        throw new Error("order creation failed");
      }),
    ).rejects.toThrow();
    expect(await database.query(`SELECT 1 FROM timer WHERE key = 'order-3'`)).toHaveLength(0);
  });

  it("survive a restart and catch up on what came due while the service was down", async () => {
    const clock = new ControllableClock({ frozen: true, start: new Date("2026-01-31T09:00:00Z") });
    const first = await start([], clock);
    await schedule(first, "order-4", new Date("2026-01-31T10:00:00Z"));
    await first.stop();
    running.splice(running.indexOf(first), 1);

    clock.advanceBy(5 * HOUR); // downtime
    const fired: DueTimer[] = [];
    await start(fired, clock);
    await eventually(() => expect(fired.map((t) => t.key)).toEqual(["order-4"]));
  });

  it("fire once even with several replicas polling", async () => {
    const clock = new ControllableClock({ frozen: true });
    const fired: DueTimer[] = [];
    const replicas = await Promise.all([start(fired, clock), start(fired, clock), start(fired, clock)]);
    for (let i = 0; i < 30; i++) await schedule(replicas[0]!, `order-r${i}`, new Date(clock.now().getTime() + HOUR));
    clock.advanceBy(HOUR);
    await eventually(async () => expect(await firedNames()).toHaveLength(30));
    expect(new Set(fired.map((t) => t.key)).size).toBe(30);
    expect(fired).toHaveLength(30);
  });

  it("retry a failing handler later, and give up after the last attempt", async () => {
    const clock = new ControllableClock({ frozen: true });
    const fired: DueTimer[] = [];
    const service = await start(fired, clock, { fail: (timer) => timer.attempts < 1 });
    await schedule(service, "order-5", clock.now());
    await eventually(async () => {
      const [row] = await database.query<{ attempts: number; last_error: string; status: string }>(
        `SELECT attempts, last_error, status FROM timer WHERE key = 'order-5'`,
      );
      expect(row).toMatchObject({ attempts: 1, last_error: "the handler failed", status: "pending" });
    });
    expect(fired).toHaveLength(0);
    clock.advanceBy(HOUR);
    await eventually(() => expect(fired.map((t) => t.key)).toEqual(["order-5"]));
  });

  it("re-arm when the same business key is scheduled again", async () => {
    const clock = new ControllableClock({ frozen: true });
    const fired: DueTimer[] = [];
    const service = await start(fired, clock);
    await schedule(service, "sub-1", clock.now());
    await eventually(() => expect(fired).toHaveLength(1));
    await schedule(service, "sub-1", new Date(clock.now().getTime() + HOUR));
    clock.advanceBy(HOUR);
    await eventually(() => expect(fired).toHaveLength(2));
  });

  it("fire in batches, and a failing timer in a batch is rolled back alone and retried later", async () => {
    const clock = new ControllableClock({ frozen: true });
    const fired: DueTimer[] = [];
    const service = await start(fired, clock, { fail: (timer) => timer.key === "batch-3" && timer.attempts < 1 });
    await service.timerRunner.stop(); // driven by hand below
    for (let i = 1; i <= 6; i++) await schedule(service, `batch-${i}`, clock.now());

    expect(await service.timerRunner.fireNext()).toBe("more"); // a failure: look again
    expect(fired.map((t) => t.key).sort()).toEqual(["batch-1", "batch-2", "batch-4", "batch-5", "batch-6"]);
    expect(await firedNames()).toEqual([
      "fired:batch-1",
      "fired:batch-2",
      "fired:batch-4",
      "fired:batch-5",
      "fired:batch-6",
    ]);
    const [failed] = await database.query<{ attempts: number; last_error: string; status: string; due_at: Date }>(
      `SELECT attempts, last_error, status, due_at FROM timer WHERE key = 'batch-3'`,
    );
    expect(failed).toMatchObject({ attempts: 1, last_error: "the handler failed", status: "pending" });
    expect(failed!.due_at.getTime()).toBeGreaterThan(clock.now().getTime());
    expect(await service.timerRunner.fireNext()).toBe("idle"); // its retry is not due yet

    clock.advanceBy(HOUR);
    expect(await service.timerRunner.fireNext()).toBe("idle");
    expect(fired.map((t) => t.key)).toContain("batch-3");
    expect(fired).toHaveLength(6);
  });

  it("that lose their connection mid-batch are fired one by one: the others fire once, the culprit is retried", async () => {
    const clock = new ControllableClock({ frozen: true });
    const fired: DueTimer[] = [];
    const service = await startWith(
      defineService({
        name: "deadlines",
        port: 0,
        database: createClient,
        timers: () => ({
          "order.acceptance-deadline": async (timer, tx) => {
            await tx.widget.create({ data: { id: crypto.randomUUID(), name: `fired:${timer.key}` } });
            // The transaction dies with its connection, as in a crash: nothing of the batch commits.
            if (timer.key === "lost-2") await tx.$executeRawUnsafe(`SELECT pg_terminate_backend(pg_backend_pid())`);
            fired.push(timer);
          },
        }),
      }),
      testEnv({ DATABASE_URL: database.url, BUS_NAMESPACE: namespace }),
      { clock },
    );
    running.push(service);
    await service.timerRunner.stop();
    for (let i = 1; i <= 4; i++) await schedule(service, `lost-${i}`, clock.now());

    expect(await service.timerRunner.fireNext()).toBe("more");
    expect(await firedNames()).toEqual(["fired:lost-1", "fired:lost-3", "fired:lost-4"]);
    const rows = await database.query<{ key: string; status: string; attempts: number }>(
      `SELECT key, status, attempts FROM timer ORDER BY key`,
    );
    expect(rows).toEqual([
      { key: "lost-1", status: "fired", attempts: 1 },
      { key: "lost-2", status: "pending", attempts: 1 },
      { key: "lost-3", status: "fired", attempts: 1 },
      { key: "lost-4", status: "fired", attempts: 1 },
    ]);
  });
});
