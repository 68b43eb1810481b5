import type { AddressInfo } from "node:net";
import type { Router } from "express";
import { z } from "zod";
import { events as defaultRegistry, type EventRegistry } from "@mkt/contracts";
import { connectBus, type Bus } from "./bus/bus.js";
import { createDatabase, type Database, type PrismaLike, type TxOf } from "./db/database.js";
import {
  DatabaseNotifications,
  OUTBOX_CHANNEL,
  OwnWrites,
  TIMER_CHANNEL,
  withApplicationName,
} from "./db/notifications.js";
import { createHttpApp, type ReadinessCheck } from "./http/app.js";
import { closeServer, listen } from "./http/server.js";
import { installStrayErrorGuard } from "./http/stray-errors.js";
import { EventConsumer, type ConsumerSpec } from "./inbox/consumer.js";
import { createLogger, type Logger } from "./observability/logger.js";
import { setupTracing } from "./observability/tracing.js";
import { createOutbox, type Outbox } from "./outbox/outbox.js";
import { OutboxRelay } from "./outbox/relay.js";
import { purgeExpiredRows } from "./outbox/housekeeping.js";
import { countDeadOutboxEvents } from "./outbox/dead-events.js";
import { ControllableClock, systemClock, type Clock } from "./runtime/clock.js";
import { databaseSettings, loadConfig, platformSettings, type PlatformSettings } from "./runtime/config.js";
import { WakeableLoop } from "./runtime/wakeable-loop.js";
import { createTimerScheduler, TimerRunner, type TimerHandler, type TimerScheduler } from "./timers/timers.js";

/** What a service's own code receives: its dependencies, built once in the composition root. */
export interface ServiceDeps<C extends PrismaLike, S> {
  config: PlatformSettings & S;
  log: Logger;
  clock: Clock;
  db: Database<C>;
  outbox: Outbox;
  timers: TimerScheduler;
}

/** The settings a service's definition declares, parsed: the platform's plus its own. */
type SettingsOf<S extends z.ZodRawShape> = z.infer<z.ZodObject<S>>;

/** Registers what a composition must release when the service stops (a client, a pool). */
export interface CompositionLifecycle {
  /** Called at stop, after the routes, consumers, timers and workers have stopped; last registered, first called. */
  onStop(release: () => Promise<unknown> | unknown): void;
}

export interface ServiceDefinition<C extends PrismaLike, S extends z.ZodRawShape, D = ServiceDeps<C, SettingsOf<S>>> {
  /** Service name: logs, event producer, durable consumer prefix. */
  name: string;
  /** Default HTTP port (scripts/lib/services.cjs); PORT overrides it. */
  port: number;
  /** The service's own settings, validated with the platform's. */
  settings?: S;
  /** Builds the service's Prisma client. */
  database: (config: { url: string; poolSize: number }) => C;
  /**
   * The composition root's hook: builds the service's own dependencies (a card processor, a
   * storage, typed clients, a dispatcher) once per start, from the platform's (config, log, clock,
   * db, outbox, timers). What it returns is what `routes`, `consumers`, `timers` and `workers`
   * receive, so each dependency is built once and shared by all of them. Without it they receive
   * the platform's dependencies. Runs once the database and NATS answer, before anything starts;
   * a compose that throws fails the start, naming the service's own message.
   */
  compose?: (platform: ServiceDeps<C, SettingsOf<S>>, lifecycle: CompositionLifecycle) => D | Promise<D>;
  routes?: (router: Router, deps: D) => void;
  consumers?: (deps: D) => ConsumerSpec<C>[];
  timers?: (deps: D) => Record<string, TimerHandler<TxOf<C>>>;
  /**
   * Background workers that live as long as the service: a dispatcher, a queue consumer.
   * Started in order after the outbox relay and timers and before the event consumers (so that
   * consumers can hand them work), stopped in reverse order after the consumers have finished.
   * A start() that throws fails the service's start, naming the worker.
   */
  workers?: (deps: D) => BackgroundWorker[];
  /**
   * Readiness checks of the service's own dependencies, behind /readyz beside the database and
   * NATS (notification: RabbitMQ). Each throws, naming what is wrong, when its dependency is
   * unusable; one that throws makes /readyz answer 503.
   */
  readiness?: (deps: D) => Record<string, ReadinessCheck>;
}

/** Something a service runs beside its consumers and routes, started and stopped with it. */
export interface BackgroundWorker {
  /** For logs and errors. */
  readonly name: string;
  start(): Promise<void> | void;
  /** Finishes the work in progress, then releases what start() acquired. */
  stop(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string | undefined>;
  /** Replaces the clock (tests). With TEST_CONTROLS=enabled a controllable clock is made anyway. */
  clock?: Clock;
  registry?: EventRegistry;
  /** Start without the outbox relay: simulates a process that dies between commit and publish. */
  withoutRelay?: boolean;
}

export interface RunningService<C extends PrismaLike, S, D = ServiceDeps<C, S>> {
  readonly name: string;
  readonly url: string;
  /** The platform's dependencies (what `compose` received). */
  readonly deps: ServiceDeps<C, S>;
  /** What `compose` built (the platform's dependencies when the service has no compose). */
  readonly composed: D;
  readonly bus: Bus;
  readonly relay: OutboxRelay;
  readonly consumers: EventConsumer<C>[];
  readonly timerRunner: TimerRunner<C>;
  readonly workers: BackgroundWorker[];
  stop(): Promise<void>;
}

export function defineService<
  C extends PrismaLike,
  S extends z.ZodRawShape = Record<never, never>,
  D = ServiceDeps<C, SettingsOf<S>>,
>(definition: ServiceDefinition<C, S, D>): ServiceDefinition<C, S, D> {
  return definition;
}

/**
 * Starts a service: config, logs, tracing, database, bus, outbox relay, consumers, timers, HTTP.
 * Fails fast, naming what is wrong (a bad variable, an unreachable database or NATS).
 */
export async function startService<C extends PrismaLike, S extends z.ZodRawShape, D = ServiceDeps<C, SettingsOf<S>>>(
  definition: ServiceDefinition<C, S, D>,
  options: StartOptions = {},
): Promise<RunningService<C, SettingsOf<S>, D>> {
  const env = options.env ?? process.env;
  const schema = platformSettings
    .extend({ PORT: platformSettings.shape.PORT.default(definition.port) })
    .extend(databaseSettings.shape)
    .extend({
      DATABASE_URL: databaseSettings.shape.DATABASE_URL.default(
        `postgresql://postgres@127.0.0.1:5432/marketplace_${definition.name.replace(/-/g, "_")}`,
      ),
    })
    .extend(definition.settings ?? ({} as S));
  const config = loadConfig(schema, env) as PlatformSettings &
    z.infer<typeof databaseSettings> &
    z.infer<z.ZodObject<S>>;

  setupTracing({ serviceName: definition.name, otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  const log = createLogger({ service: definition.name, replica: config.SERVICE_REPLICA, level: config.LOG_LEVEL });
  const clockControl = config.TEST_CONTROLS
    ? options.clock instanceof ControllableClock
      ? options.clock
      : new ControllableClock()
    : undefined;
  const clock = clockControl ?? options.clock ?? systemClock;
  const registry = options.registry ?? defaultRegistry;

  // The pool's connections carry this process's name: the platform's notifications tell by it
  // which commits were this process's own (it woke itself after them already).
  const named = withApplicationName(config.DATABASE_URL, definition.name);
  const client = definition.database({ url: named.url, poolSize: config.DATABASE_POOL_SIZE });
  const stopped: (() => Promise<unknown>)[] = [() => client.$disconnect()];
  const stopAll = async () => {
    for (const stop of stopped.reverse())
      await stop().catch((err: unknown) => log.warn({ err }, "error while stopping"));
  };
  try {
    await client.$queryRawUnsafe("SELECT 1").then(undefined, (error: Error) => {
      throw new Error(`PostgreSQL is unreachable at ${redact(config.DATABASE_URL)}: ${error.message}`);
    });
    const bus = await connectBus({
      url: config.NATS_URL,
      namespace: config.BUS_NAMESPACE,
      name: `${definition.name}#${config.SERVICE_REPLICA}`,
    }).catch((error: Error) => {
      throw new Error(`NATS is unreachable at ${config.NATS_URL}: ${error.message}`);
    });
    stopped.push(() => bus.close());
    await bus.ensureStreams(registry);

    const db = createDatabase(client);
    const relay = new OutboxRelay(client, bus, log, clock, {
      batchSize: config.OUTBOX_BATCH_SIZE,
      pollMs: config.OUTBOX_SAFETY_POLL_MS,
      maxAttempts: config.OUTBOX_MAX_PUBLISH_ATTEMPTS,
    });
    // The timer runner needs the service's handlers, which need deps: wired just below.
    let wakeTimerRunner = () => {};
    const ownOutboxWrites = new OwnWrites(named.applicationName);
    const ownTimerWrites = new OwnWrites(named.applicationName);
    const deps: ServiceDeps<C, z.infer<z.ZodObject<S>>> = {
      config,
      log,
      clock,
      db,
      outbox: createOutbox({
        registry,
        producer: definition.name,
        clock,
        onCommitted: () => relay.nudge(),
        onUnhookedWrite: () => ownOutboxWrites.unhookedWrite(),
      }),
      timers: createTimerScheduler({
        onCommitted: () => wakeTimerRunner(),
        onUnhookedWrite: () => ownTimerWrites.unhookedWrite(),
      }),
    };
    const composed = await compose(definition, deps, stopped);

    if (!options.withoutRelay) {
      relay.start();
      stopped.push(() => relay.stop());
      // A moved clock may make retries due: look at once rather than at the next poll.
      if (clock instanceof ControllableClock) clock.onChange(() => relay.nudge());
    }

    const runner = new TimerRunner(db, definition.timers?.(composed) ?? {}, clock, log, {
      pollMs: config.TIMER_POLL_MS,
      batchSize: config.TIMER_BATCH_SIZE,
    });
    wakeTimerRunner = () => runner.nudge();
    if (clock instanceof ControllableClock) clock.onChange(() => runner.nudge());
    runner.start();
    stopped.push(() => runner.stop());

    // Commits of other processes in this database (replicas, CLIs) wake the relay and the timers:
    // neither polls, so a service with nothing to do sends no statement.
    const notifications = new DatabaseNotifications(
      config.DATABASE_URL,
      named.applicationName,
      {
        [OUTBOX_CHANNEL]: (writer) => {
          if (!options.withoutRelay && ownOutboxWrites.shouldWake(writer)) relay.nudge();
        },
        [TIMER_CHANNEL]: (writer) => {
          if (ownTimerWrites.shouldWake(writer)) runner.nudge();
        },
      },
      log,
    );
    await notifications.start();
    stopped.push(() => notifications.stop());

    const housekeeping = new WakeableLoop(
      async () => {
        const purged = await purgeExpiredRows(client, {
          outboxDays: config.OUTBOX_RETENTION_DAYS,
          inboxDays: config.INBOX_RETENTION_DAYS,
        });
        if (purged.outbox + purged.inbox > 0) log.info(purged, "expired outbox and inbox rows purged");
        return "idle";
      },
      { idleMs: 60 * 60 * 1000, onError: (err) => log.warn({ err }, "housekeeping failed") },
    );
    housekeeping.start();
    stopped.push(() => housekeeping.stop());

    const workers = definition.workers?.(composed) ?? [];
    for (const worker of workers) {
      await (async () => worker.start())().catch((error: Error) => {
        throw new Error(`worker ${worker.name} could not start: ${error.message}`, { cause: error });
      });
      stopped.push(() => worker.stop());
    }

    const consumers = (definition.consumers?.(composed) ?? []).map(
      (spec) =>
        new EventConsumer(
          definition.name,
          spec,
          { db, bus, registry, log, clock },
          {
            concurrency: config.CONSUMER_CONCURRENCY,
            batchSize: config.CONSUMER_BATCH_SIZE,
            maxDeliver: config.CONSUMER_MAX_DELIVER,
            backoffMs: config.CONSUMER_BACKOFF_MS,
          },
        ),
    );
    for (const consumer of consumers) {
      await consumer.start();
      stopped.push(() => consumer.stop());
    }

    const ownChecks = definition.readiness?.(composed) ?? {};
    for (const name of ["database", "nats"]) {
      if (name in ownChecks)
        throw new Error(`readiness check "${name}" is the kit's own: name the service's another way`);
    }
    const app = createHttpApp({
      service: definition.name,
      log,
      bodyLimit: config.HTTP_BODY_LIMIT,
      corsOrigins: config.CORS_ORIGINS,
      trustProxy: config.TRUST_PROXY,
      clockControl,
      readiness: {
        database: async () => {
          await client.$queryRawUnsafe("SELECT 1");
        },
        nats: async () => {
          if (bus.nc.isClosed()) throw new Error("connection closed");
          await bus.nc.flush();
        },
        ...ownChecks,
      },
      // Dead outbox events need an operator, not a restart: reported, never a reason to be unready.
      readinessReport: async () => ({ outbox: { deadEvents: await countDeadOutboxEvents(client) } }),
      routes: definition.routes ? (router) => definition.routes!(router, composed) : undefined,
    });
    const server = await listen(app, config.PORT);
    // Stop taking requests first: it is the last thing pushed, so the first one stopped.
    stopped.push(() => closeServer(server));
    const { port } = server.address() as AddressInfo;
    log.info({ port, consumers: consumers.map((c) => c.durable) }, `${definition.name} ready`);

    return {
      name: definition.name,
      url: `http://127.0.0.1:${port}`,
      deps,
      composed,
      bus,
      relay,
      consumers,
      timerRunner: runner,
      workers,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Runs the definition's compose once; what it registers with onStop is released just before the bus closes. */
async function compose<C extends PrismaLike, S extends z.ZodRawShape, D>(
  definition: ServiceDefinition<C, S, D>,
  platform: ServiceDeps<C, SettingsOf<S>>,
  stopped: (() => Promise<unknown>)[],
): Promise<D> {
  // Without compose, routes and the rest receive the platform's dependencies (D's default).
  if (!definition.compose) return platform as D;
  const releases: (() => Promise<unknown> | unknown)[] = [];
  stopped.push(async () => {
    for (const release of releases.reverse()) {
      await (async () => release())().catch((err: unknown) => platform.log.warn({ err }, "error while releasing"));
    }
  });
  return definition.compose(platform, { onStop: (release) => void releases.push(release) });
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

/**
 * main.ts of every service: start, stop cleanly on SIGTERM/SIGINT (stop taking requests, finish
 * in-flight handlers, drain NATS, close the pool), exit 1 with a clear message if start fails.
 */
export function runService<C extends PrismaLike, S extends z.ZodRawShape, D>(
  definition: ServiceDefinition<C, S, D>,
): void {
  startService(definition).then(
    (service) => {
      let stopping = false;
      const shutdown = (signal: string, exitCode = 0) => {
        if (stopping) return;
        stopping = true;
        service.deps.log.info({ signal }, "shutting down");
        const deadline = setTimeout(() => {
          service.deps.log.error("shutdown took too long; exiting");
          process.exit(1);
        }, service.deps.config.SHUTDOWN_TIMEOUT_MS);
        deadline.unref();
        service.stop().then(
          () => {
            service.deps.log.info("stopped");
            process.exit(exitCode);
          },
          (err: unknown) => {
            service.deps.log.error({ err }, "shutdown failed");
            process.exit(1);
          },
        );
      };
      process.on("SIGTERM", () => shutdown("SIGTERM"));
      process.on("SIGINT", () => shutdown("SIGINT"));
      installStrayErrorGuard({ log: service.deps.log, shutdown: (reason) => shutdown(reason, 1) });
    },
    (error: Error) => {
      process.stderr.write(`${definition.name} could not start: ${error.message}\n`);
      process.exit(1);
    },
  );
}
