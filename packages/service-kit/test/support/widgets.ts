import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { Pool } from "pg";
import { z } from "zod";
import { createEventRegistry, defineEvent } from "@mkt/contracts";
import { applyMigrations } from "@mkt/db-tools";
import { createTestDatabase, deleteBusNamespace, uniqueBusNamespace } from "@mkt/test-servers";
import { PrismaClient } from "../fixtures/widgets/generated/client.js";
import {
  consume,
  defineService,
  parseInput,
  startService,
  type ConsumerSpec,
  type RunningService,
  type ServiceDefinition,
  type StartOptions,
  type TxOf,
} from "../../src/index.js";

/** A test-only contract: the kit's tests publish it, never production code. */
export const WidgetCreatedV1 = defineEvent({
  type: "widget.created",
  version: 1,
  description: "Test fixture event.",
  data: z.object({ widgetId: z.uuid(), name: z.string().min(1) }),
});
/** v2 renames `name` to `label`: a breaking change, so a new version published beside v1. */
export const WidgetCreatedV2 = defineEvent({
  type: "widget.created",
  version: 2,
  description: "Test fixture event, second major version.",
  data: z.object({ widgetId: z.uuid(), label: z.string().min(1) }),
});
export const testRegistry = createEventRegistry([WidgetCreatedV1, WidgetCreatedV2]);

export const createWidgetBody = z.object({ name: z.string().min(1).max(50) });

export function createClient({ url, poolSize }: { url: string; poolSize: number }): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: poolSize }) });
}

/** Producer: POST /widgets stores a widget and records widget.created in the same transaction. */
export const widgetService = defineService({
  name: "widgets",
  port: 0,
  database: createClient,
  routes: (router, { db, outbox }) => {
    router.post("/widgets", async (req, res) => {
      const { name } = parseInput(createWidgetBody, req.body);
      const widget = await db.transaction(async (tx) => {
        const created = await tx.widget.create({ data: { id: crypto.randomUUID(), name } });
        await outbox.add(tx, WidgetCreatedV1, { widgetId: created.id, name });
        return created;
      });
      res.status(201).json(widget);
    });
    router.get("/boom", () => {
      throw new Error("secret internal detail");
    });
  },
});

/** Consumer: counts each widget.created it handles (a duplicate effect would show as 2). */
export interface CounterOptions {
  onHandled?: (eventId: string) => void;
  failWith?: (eventId: string, attempt: number) => Error | undefined;
  /** Runs inside the transaction before the effect, e.g. to hold a handler in flight. */
  beforeEffect?: () => Promise<void>;
  withoutConsumers?: boolean;
  /** The consumer's compensation once it gives up on an event (consume's onGiveUp). */
  onGiveUp?: (eventId: string, tx: TxOf<PrismaClient>, error: string) => Promise<void>;
}

export function counterService(options: CounterOptions = {}) {
  const attempts = new Map<string, number>();
  return defineService({
    name: "counter",
    port: 0,
    database: createClient,
    consumers: (): ConsumerSpec<PrismaClient>[] =>
      options.withoutConsumers ? [] : [counterConsumer(options, attempts)],
  });
}

/** The counter's effect: one more sighting of a widget. */
export async function countWidget(tx: TxOf<PrismaClient>, widgetId: string): Promise<void> {
  await tx.widgetSeen.upsert({
    where: { widgetId },
    create: { widgetId, times: 1 },
    update: { times: { increment: 1 } },
  });
}

export function counterConsumer(
  options: CounterOptions = {},
  attempts = new Map<string, number>(),
): ConsumerSpec<PrismaClient> {
  return consume<typeof WidgetCreatedV1, PrismaClient>(
    WidgetCreatedV1,
    async (event, tx) => {
      const attempt = (attempts.get(event.id) ?? 0) + 1;
      attempts.set(event.id, attempt);
      const failure = options.failWith?.(event.id, attempt);
      if (failure) throw failure;
      await options.beforeEffect?.();
      await countWidget(tx, event.data.widgetId);
      options.onHandled?.(event.id);
    },
    options.onGiveUp ? { onGiveUp: (event, tx, failure) => options.onGiveUp!(event.id, tx, failure.error) } : {},
  );
}

export const migrationsDir = join(__dirname, "../fixtures/widgets/prisma/migrations");

/**
 * A throwaway database with the widgets fixture's migrations and a query helper. (Services get
 * this from @mkt/testing's harness, which depends on the kit, so the kit's own tests cannot.)
 */
export async function widgetDatabase(label: string) {
  const database = await createTestDatabase({
    label,
    migrate: (url) => applyMigrations({ databaseUrl: url, migrationsDir }),
  });
  const pool = new Pool({ connectionString: database.url, max: 2 });
  return {
    url: database.url,
    async query<Row = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<Row[]> {
      return (await pool.query(text, params)).rows as Row[];
    },
    async drop() {
      await pool.end();
      await database.drop();
    },
  };
}

/** Quick test settings: silent logs, any free port, short polls (as @mkt/testing's testSettings). */
export function testEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: "test",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
    PORT: "0",
    CONSUMER_BACKOFF_MS: "20",
    CONSUMER_MAX_DELIVER: "3",
    // No fast polls: the relay and the timers must be woken (commits, notifications, the clock).
    ...overrides,
  };
}

export type Running = RunningService<PrismaClient, Record<string, never>>;

export function startWith(
  definition: ServiceDefinition<PrismaClient, Record<never, never>>,
  env: Record<string, string>,
  options: StartOptions = {},
): Promise<Running> {
  return startService(definition, { registry: testRegistry, env, ...options });
}

/**
 * A widget producer and a counting consumer on databases of their own, in a fresh bus namespace for
 * each test; registers the jest hooks that make and drop them.
 */
export function widgetPipeline(label: string) {
  let producerDb: Awaited<ReturnType<typeof widgetDatabase>>;
  let consumerDb: Awaited<ReturnType<typeof widgetDatabase>>;
  let namespace = "";
  const running: Running[] = [];

  beforeAll(async () => {
    [producerDb, consumerDb] = await Promise.all([widgetDatabase(`${label}_producer`), widgetDatabase(label)]);
  });
  afterAll(async () => {
    await Promise.all([producerDb?.drop(), consumerDb?.drop()]);
  });
  beforeEach(() => {
    namespace = uniqueBusNamespace(label);
  });
  afterEach(async () => {
    for (const service of running.splice(0).reverse()) await service.stop();
    await deleteBusNamespace(namespace);
  });

  return {
    /** This test's bus namespace. */
    namespace: () => namespace,
    async start(options: CounterOptions): Promise<{ producer: Running; counter: Running }> {
      const producer = await startWith(
        widgetService,
        testEnv({ DATABASE_URL: producerDb.url, BUS_NAMESPACE: namespace }),
      );
      running.push(producer);
      const counter = await startWith(
        counterService(options),
        testEnv({ DATABASE_URL: consumerDb.url, BUS_NAMESPACE: namespace }),
      );
      running.push(counter);
      return { producer, counter };
    },
    async publishWidget(producer: Running): Promise<{ eventId: string; widgetId: string }> {
      const widgetId = randomUUID();
      const event = await producer.deps.db.transaction((tx) =>
        producer.deps.outbox.add(tx, WidgetCreatedV1, { widgetId, name: "gear" }),
      );
      return { eventId: event.id, widgetId };
    },
    /** How often the consumer counted a widget (-1: a compensation's mark), undefined when never. */
    async timesSeen(widgetId: string): Promise<number | undefined> {
      const rows = await consumerDb.query<{ times: number }>(`SELECT times FROM widget_seen WHERE widget_id = $1`, [
        widgetId,
      ]);
      return rows[0]?.times;
    },
  };
}
