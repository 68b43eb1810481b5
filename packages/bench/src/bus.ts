/**
 * `npm run bench:bus`: how many events per second the platform's event path carries, and how
 * fast, beside the two limits under it, all measured in one run on this machine:
 *
 *   1. PostgreSQL: `pgbench -N` TPS (the path commits on both sides, so this is its ceiling), at
 *      8, 16 and 32 clients; the best is the ceiling;
 *   2. JetStream: raw pipelined publish rate of 1 KB messages (sliding window of in-flight publishes);
 *   3. end to end, flat out: producer process (deps.outbox.add in deps.db.transaction, one event
 *      per transaction, relay publishing) -> JetStream -> consumer process (the kit's
 *      EventConsumer, effect + inbox in one transaction); events/s = commits per second on the
 *      consumer over a steady window; latency = consumer commit time - envelope.occurredAt;
 *   4. the same at half the rate measured in 3, for latency under a comfortable load.
 *
 * Every process involved is watched through /proc (CPU per phase, peak memory). The run creates
 * and drops its own databases (bench_bus_<random>_*) and bus namespace (bench_bus_<random>),
 * so it never touches anyone's data. Settings come from the environment (see `settings`).
 */
import { spawn, fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpus } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import { connectBus, consume, durableName, type Bus } from "@mkt/service-kit";
import { applyMigrations } from "@mkt/db-tools";
import { deleteBusNamespace } from "@mkt/test-servers";
import { streamNameFor } from "@mkt/contracts";
import { BenchPingedV1, EVENT_BYTES } from "./contract.js";
import {
  usage,
  type ConsumerReport,
  type ProducerCommand,
  type ProducerReport,
  type PublisherReport,
  type Usage,
  type WindowStats,
} from "./ipc.js";
import { ProcSampler, type CpuMark } from "./procfs.js";
import { Samples } from "./stats.js";
import {
  createDatabase as createBenchDatabase,
  databaseUrl as sharedDatabaseUrl,
  dropDatabase as dropBenchDatabase,
  measurePgbench,
  table,
  type PgbenchRun,
} from "./support/postgres.js";

// --- settings ------------------------------------------------------------------------------

const env = process.env;
const int = (name: string, fallback: number) => {
  const value = env[name];
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
};

const list = (name: string, fallback: number[]) => {
  const value = env[name];
  if (value === undefined || value === "") return fallback;
  const items = value.split(",").map((item) => Number(item.trim()));
  if (items.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`${name} must be a comma-separated list of positive integers, got "${value}"`);
  return items;
};

const producerConcurrency = int("BENCH_PRODUCER_CONCURRENCY", 16);
// 32 messages in flight: the kit then handles up to 8 waiting messages per transaction (measured
// ~10% more events/s than the kit's default of 16, i.e. 4 per transaction).
const consumerConcurrency = int("CONSUMER_CONCURRENCY", 32);
const settings = {
  adminUrl: env.DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
  natsUrl: env.NATS_URL ?? "nats://127.0.0.1:4222",
  pgbenchScale: int("BENCH_PGBENCH_SCALE", 10),
  // PostgreSQL's TPS depends on the client count (group commit shares WAL flushes), so pgbench
  // runs at each of these and the best is the ceiling: the bus path is held to what PostgreSQL
  // can do at its best on this machine, not at a client count that would flatter the ratio.
  pgbenchClients: list("BENCH_PGBENCH_CLIENTS", [8, 16, 32]),
  pgbenchThreads: int("BENCH_PGBENCH_THREADS", 2),
  pgbenchSeconds: int("BENCH_PGBENCH_SECONDS", 5),
  rawWindow: int("BENCH_RAW_WINDOW", 256),
  rawSeconds: int("BENCH_RAW_SECONDS", 5),
  producerConcurrency,
  consumerConcurrency,
  producerPool: int("BENCH_PRODUCER_POOL_SIZE", producerConcurrency),
  // The kit's default pool: flat out, the consumer holds a few batch transactions, not 32.
  consumerPool: int("BENCH_CONSUMER_POOL_SIZE", 10),
  outboxBatchSize: int("OUTBOX_BATCH_SIZE", 200),
  outboxPollMs: int("OUTBOX_POLL_MS", 500),
  /** Flat-out mode stops producing while this many events are produced but not yet consumed. */
  maxBacklog: int("BENCH_MAX_BACKLOG", 1000),
  warmupSeconds: int("BENCH_WARMUP_SECONDS", 3),
  windowSeconds: int("BENCH_WINDOW_SECONDS", 10),
  drainTimeoutSeconds: int("BENCH_DRAIN_TIMEOUT_SECONDS", 60),
};

// Issue 11's table: events/s ÷ pgbench TPS ≥ 50% (aim ≥ 100%), p99 at half rate < 50 ms.
const TARGET_RATIO = 0.5;
const AIM_RATIO = 1;
const TARGET_P99_MS = 50;
const TARGET_RSS_MB = 200;

// --- run -----------------------------------------------------------------------------------

const runId = randomBytes(3).toString("hex");
const namespace = `bench_bus_${runId}`;
const databases = {
  producer: `bench_bus_${runId}_producer`,
  consumer: `bench_bus_${runId}_consumer`,
  pgbench: `bench_bus_${runId}_pgbench`,
};
const CONSUMER_SERVICE = "bench-consumer";
const durable = durableName(
  CONSUMER_SERVICE,
  consume(BenchPingedV1, async () => undefined),
);
const children = new Set<ChildProcess>();
const pids: Record<string, number | undefined> = {};

const sampler = new ProcSampler((pid, comm, cmdline) => {
  for (const [role, rolePid] of Object.entries(pids)) if (rolePid === pid) return role;
  if (pid === process.pid) return "orchestrator";
  if (comm === "nats-server") return "nats-server";
  if (cmdline.startsWith("postgres: ")) {
    if (cmdline.includes(` ${databases.producer} `)) return "pg backends: producer db";
    if (cmdline.includes(` ${databases.consumer} `)) return "pg backends: consumer db";
    if (cmdline.includes(` ${databases.pgbench} `)) return "pg backends: pgbench db";
    if (
      /^postgres: \S+: (checkpointer|background writer|walwriter|autovacuum launcher|logical replication launcher|stats collector|archiver|walsender)/.test(
        cmdline,
      )
    ) {
      return "postgres shared (walwriter, ...)";
    }
    return undefined;
  }
  if (comm === "postgres" && / -D /.test(cmdline)) return "postgres shared (walwriter, ...)";
  return undefined;
});

const phases: { name: string; cpu: Map<string, number>; others: string[] }[] = [];

async function main(): Promise<void> {
  const started = Date.now();
  log(`run ${runId}: databases ${Object.values(databases).join(", ")}; bus namespace ${namespace}`);
  sampler.start();
  process.once("SIGINT", () => void cleanup().finally(() => process.exit(130)));
  process.once("SIGTERM", () => void cleanup().finally(() => process.exit(143)));
  try {
    const pgbench = await phasePgbench();
    const raw = await phaseRawPublish();
    const e2e = await phaseEndToEnd();
    sampler.stop();
    printReport({ pgbench, raw, e2e, seconds: (Date.now() - started) / 1000 });
  } finally {
    await cleanup();
  }
}

// --- phase 1: pgbench ----------------------------------------------------------------------

type PgbenchResult = PgbenchRun & { runs: PgbenchRun[] };

async function phasePgbench(): Promise<PgbenchResult> {
  await createDatabase(databases.pgbench);
  const before = sampler.mark();
  const result = await measurePgbench({
    url: databaseUrl(databases.pgbench),
    scale: settings.pgbenchScale,
    clients: settings.pgbenchClients,
    threads: settings.pgbenchThreads,
    seconds: settings.pgbenchSeconds,
    run: (command, args) => run(command, args, "pgbench"),
    log: (message) => log(`phase 1/4: ${message}`),
  });
  recordPhase("pgbench -N", before);
  await dropDatabase(databases.pgbench);
  return result;
}

// --- phase 2: raw JetStream publish --------------------------------------------------------

async function phaseRawPublish(): Promise<Extract<PublisherReport, { type: "done" }>> {
  log(
    `phase 2/4: raw JetStream publish, ${EVENT_BYTES} B, ${settings.rawWindow} in flight (1 s warm-up + ${settings.rawSeconds} s)`,
  );
  const child = startWorker("jetstream-publisher", "jetstream-publisher.js", { BUS_NAMESPACE: `${namespace}_raw` }, [
    "1000",
    String(settings.rawSeconds * 1000),
    String(settings.rawWindow),
  ]);
  const before = sampler.mark();
  const report = await nextMessage<PublisherReport>(child, (m) => m.type === "done", (settings.rawSeconds + 30) * 1000);
  recordPhase("raw JetStream", before);
  await exited(child);
  if (report.failed > 0) log(`raw publish: ${report.failed} publishes failed (last: ${report.lastError})`);
  return report;
}

// --- phases 3 and 4: end to end ------------------------------------------------------------

interface WindowResult {
  eventsPerSecond: number;
  stats: WindowStats;
  /** First leg only: envelope.occurredAt -> the message seen on the bus (producer commit + relay). */
  published: WindowStats;
  producedPerSecond: number;
  /** Mean backlog in the window: rows still in the outbox, messages not yet acked by the consumer. */
  outboxBacklog: number;
  streamBacklog: number;
}

interface EndToEndResult {
  max: WindowResult;
  half: WindowResult & { targetRate: number; scheduleLagMax: number };
  producerUsage: Usage;
  consumerUsage: Usage;
  padChars: number;
  wireBytes: number;
  produced: number;
  failed: number;
  check: {
    receipts: number;
    inbox: number;
    unpublished: number;
    distinctSeq: number;
    meanPayloadBytes: number;
    redelivered: number;
  };
}

async function phaseEndToEnd(): Promise<EndToEndResult> {
  await createDatabase(databases.producer);
  await createDatabase(databases.consumer);
  const migrationsDir = join(__dirname, "../prisma/migrations");
  await applyMigrations({ databaseUrl: databaseUrl(databases.producer), migrationsDir });
  await applyMigrations({ databaseUrl: databaseUrl(databases.consumer), migrationsDir });

  const common = {
    BUS_NAMESPACE: namespace,
    NATS_URL: settings.natsUrl,
    LOG_LEVEL: env.LOG_LEVEL ?? "warn",
    PORT: "0",
  };
  // The consumer first: its durable exists before the first event is published.
  const consumer = startWorker("bench-consumer", "consumer.js", {
    ...common,
    DATABASE_URL: databaseUrl(databases.consumer),
    DATABASE_POOL_SIZE: String(settings.consumerPool),
    CONSUMER_CONCURRENCY: String(settings.consumerConcurrency),
  });
  await nextMessage<ConsumerReport>(consumer, (m) => m.type === "ready", 30_000);
  const producer = startWorker("bench-producer", "producer.js", {
    ...common,
    DATABASE_URL: databaseUrl(databases.producer),
    DATABASE_POOL_SIZE: String(settings.producerPool),
    OUTBOX_BATCH_SIZE: String(settings.outboxBatchSize),
    OUTBOX_POLL_MS: String(settings.outboxPollMs),
  });
  const ready = await nextMessage<ProducerReport>(producer, (m) => m.type === "ready", 30_000);
  if (ready.type !== "ready") throw new Error("unreachable");

  // Counters kept current by the workers' progress reports; consumed counts flow to the producer.
  const counts = { produced: 0, failed: 0, consumed: 0, lastError: undefined as string | undefined };
  producer.on("message", (m: ProducerReport) => {
    if (m.type === "progress")
      Object.assign(counts, { produced: m.produced, failed: m.failed, lastError: m.lastError });
  });
  consumer.on("message", (m: ConsumerReport) => {
    if (m.type !== "progress") return;
    counts.consumed = m.consumed;
    if (producer.connected) producer.send({ type: "consumed", count: m.consumed } satisfies ProducerCommand);
  });

  const bus = await connectBus({ url: settings.natsUrl, namespace, name: "bench-orchestrator" });
  // A plain NATS subscription on the event subject sees each message as the relay publishes it
  // (JetStream stores it and forwards it to core subscribers alike): it splits the latency into
  // "occurredAt -> on the bus" (producer commit, relay) and the rest (delivery, consumer).
  const published = new Samples();
  const tap = bus.nc.subscribe(bus.wireSubject(BenchPingedV1.subject), {
    callback: (_error, message) => {
      const now = Date.now();
      const text = message.string();
      const at = text.indexOf('"occurredAt"');
      const start = text.indexOf('"', text.indexOf(":", at)) + 1;
      const occurredAt = Date.parse(text.slice(start, text.indexOf('"', start)));
      if (at >= 0 && Number.isFinite(occurredAt)) published.add(now, now - occurredAt);
    },
  });
  const producerDb = new Client({ connectionString: databaseUrl(databases.producer) });
  producerDb.on("error", () => undefined);
  await producerDb.connect();
  try {
    const backlog = async () => {
      const [outbox, info] = await Promise.all([
        producerDb.query<{ n: string }>("SELECT count(*) AS n FROM outbox_event WHERE published_at IS NULL"),
        bus.jsm.consumers.info(bus.wireStream(streamNameFor(BenchPingedV1.context)), durable),
      ]);
      return { outbox: Number(outbox.rows[0]!.n), stream: info.num_pending + info.num_ack_pending };
    };

    const measure = async (name: string, command: ProducerCommand) => {
      producer.send(command);
      await sleep(settings.warmupSeconds * 1000);
      const from = Date.now();
      const producedAtStart = counts.produced;
      const cpuFrom = sampler.mark();
      const samples: { outbox: number; stream: number }[] = [];
      while (Date.now() - from < settings.windowSeconds * 1000) {
        await sleep(Math.min(1000, settings.windowSeconds * 1000 - (Date.now() - from)));
        samples.push(await backlog());
      }
      const to = Date.now();
      const producedPerSecond = ((counts.produced - producedAtStart) * 1000) / (to - from);
      recordPhase(name, cpuFrom);
      producer.send({ type: "pause" } satisfies ProducerCommand);
      const paused = await nextMessage<ProducerReport>(producer, (m) => m.type === "paused", 30_000);
      if (counts.failed > 0) log(`${counts.failed} producer transactions failed so far (last: ${counts.lastError})`);
      consumer.send({ type: "window", from, to });
      const window = await nextMessage<ConsumerReport>(consumer, (m) => m.type === "window", 30_000);
      if (window.type !== "window" || paused.type !== "paused") throw new Error("unreachable");
      await drain(counts, paused.produced);
      const mean = (pick: (s: { outbox: number; stream: number }) => number) =>
        samples.reduce((a, s) => a + pick(s), 0) / Math.max(1, samples.length);
      return {
        result: {
          eventsPerSecond: (window.stats.count * 1000) / (to - from),
          stats: window.stats,
          published: published.window(from, to),
          producedPerSecond,
          outboxBacklog: mean((s) => s.outbox),
          streamBacklog: mean((s) => s.stream),
        },
        scheduleLagMax: paused.scheduleLagMax,
      };
    };

    log(
      `phase 3/4: end to end flat out: ${settings.producerConcurrency} producer transactions in flight (backlog cap ${settings.maxBacklog}), ` +
        `consumer concurrency ${settings.consumerConcurrency} (${settings.warmupSeconds} s warm-up + ${settings.windowSeconds} s)`,
    );
    const max = await measure("e2e flat out", {
      type: "max",
      concurrency: settings.producerConcurrency,
      maxBacklog: settings.maxBacklog,
    });
    const targetRate = Math.max(1, Math.round(max.result.eventsPerSecond / 2));
    log(
      `phase 4/4: end to end at half that rate: ${targetRate} events/s (${settings.warmupSeconds} s warm-up + ${settings.windowSeconds} s)`,
    );
    const half = await measure("e2e half rate", {
      type: "rate",
      concurrency: settings.producerConcurrency,
      rate: targetRate,
    });

    producer.send({ type: "stop" } satisfies ProducerCommand);
    consumer.send({ type: "stop" });
    const [producerStopped, consumerStopped] = await Promise.all([
      nextMessage<ProducerReport>(producer, (m) => m.type === "stopped", 30_000),
      nextMessage<ConsumerReport>(consumer, (m) => m.type === "stopped", 30_000),
    ]);
    await Promise.all([exited(producer), exited(consumer)]);
    if (producerStopped.type !== "stopped" || consumerStopped.type !== "stopped") throw new Error("unreachable");

    const check = await verify(producerDb, bus);
    return {
      max: max.result,
      half: { ...half.result, targetRate, scheduleLagMax: half.scheduleLagMax },
      producerUsage: producerStopped.usage,
      consumerUsage: consumerStopped.usage,
      padChars: ready.padChars,
      wireBytes: ready.wireBytes,
      produced: producerStopped.produced,
      failed: producerStopped.failed,
      check,
    };
  } finally {
    tap.unsubscribe();
    await producerDb.end().catch(() => undefined);
    await bus.close().catch(() => undefined);
  }
}

/** Waits until the consumer has handled everything produced so far (bounded). */
async function drain(counts: { consumed: number }, produced: number): Promise<void> {
  const deadline = Date.now() + settings.drainTimeoutSeconds * 1000;
  while (counts.consumed < produced) {
    if (Date.now() > deadline)
      throw new Error(
        `the consumer did not catch up within ${settings.drainTimeoutSeconds} s (${counts.consumed}/${produced})`,
      );
    await sleep(50);
  }
}

/** Exactly-once check: every event produced has one effect, and nothing is left behind. */
async function verify(producerDb: Client, bus: Bus): Promise<EndToEndResult["check"]> {
  const consumerDb = new Client({ connectionString: databaseUrl(databases.consumer) });
  consumerDb.on("error", () => undefined);
  await consumerDb.connect();
  try {
    const receipts = await consumerDb.query<{ n: string; seqs: string }>(
      "SELECT count(*) AS n, count(DISTINCT seq) AS seqs FROM bench_receipt",
    );
    const inbox = await consumerDb.query<{ n: string }>("SELECT count(*) AS n FROM inbox_message");
    const outbox = await producerDb.query<{ unpublished: string; bytes: string }>(
      "SELECT count(*) FILTER (WHERE published_at IS NULL) AS unpublished, avg(octet_length(payload::text)) AS bytes FROM outbox_event",
    );
    const info = await bus.jsm.consumers.info(bus.wireStream(streamNameFor(BenchPingedV1.context)), durable);
    return {
      receipts: Number(receipts.rows[0]!.n),
      distinctSeq: Number(receipts.rows[0]!.seqs),
      inbox: Number(inbox.rows[0]!.n),
      unpublished: Number(outbox.rows[0]!.unpublished),
      meanPayloadBytes: Number(outbox.rows[0]!.bytes),
      redelivered: info.num_redelivered,
    };
  } finally {
    await consumerDb.end().catch(() => undefined);
  }
}

// --- report --------------------------------------------------------------------------------

function printReport(r: {
  pgbench: PgbenchResult;
  raw: Extract<PublisherReport, { type: "done" }>;
  e2e: EndToEndResult;
  seconds: number;
}): void {
  const { pgbench, raw, e2e } = r;
  const rawRate = raw.published / raw.seconds;
  const ratio = e2e.max.eventsPerSecond / pgbench.tps;
  const mark = (ok: boolean) => (ok ? "PASS" : "MISS");
  const mb = (kb: number | undefined) => (kb === undefined || kb === 0 ? "n/a" : `${(kb / 1024).toFixed(0)} MB`);
  const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(0)} ms` : "n/a");
  const rate = (n: number) => `${Math.round(n).toLocaleString("en-US")}/s`;

  const rows: string[][] = [
    [
      "PostgreSQL pgbench -N",
      `${rate(pgbench.tps)} TPS`,
      "ceiling",
      "",
      `best of -c ${pgbench.runs.map((r) => `${r.clients}: ${Math.round(r.tps)}`).join(", ")} (-j ${settings.pgbenchThreads} -T ${settings.pgbenchSeconds} each, scale ${settings.pgbenchScale})`,
    ],
    [
      "JetStream raw publish",
      `${rate(rawRate)} msgs`,
      "limit",
      "",
      `${raw.bytes} B, ${raw.window} in flight, msgID each, ${raw.seconds.toFixed(1)} s`,
    ],
    [
      "e2e events/s (flat out)",
      `${rate(e2e.max.eventsPerSecond)} events`,
      "",
      "",
      `consumer commits in a ${settings.windowSeconds} s window; produced ${rate(e2e.max.producedPerSecond)}`,
    ],
    [
      "e2e / pgbench TPS",
      pct(ratio),
      `>= ${pct(TARGET_RATIO)} (aim ${pct(AIM_RATIO)})`,
      ratio >= AIM_RATIO ? "PASS (aim met)" : mark(ratio >= TARGET_RATIO),
      `e2e / raw JetStream = ${pct(e2e.max.eventsPerSecond / rawRate)}`,
    ],
    [
      "latency p50 / p99 flat out",
      `${ms(e2e.max.stats.p50)} / ${ms(e2e.max.stats.p99)}`,
      "(info)",
      "",
      `max ${ms(e2e.max.stats.max)}; on the bus after ${ms(e2e.max.published.p50)} / ${ms(e2e.max.published.p99)}; mean backlog: outbox ${e2e.max.outboxBacklog.toFixed(0)}, stream ${e2e.max.streamBacklog.toFixed(0)}`,
    ],
    [
      "e2e at half rate",
      `${rate(e2e.half.eventsPerSecond)} events`,
      `${rate(e2e.half.targetRate)}`,
      mark(e2e.half.eventsPerSecond >= 0.95 * e2e.half.targetRate),
      `produced ${rate(e2e.half.producedPerSecond)}; schedule lag max ${e2e.half.scheduleLagMax} events`,
    ],
    [
      "latency p50 / p99 half rate",
      `${ms(e2e.half.stats.p50)} / ${ms(e2e.half.stats.p99)}`,
      `p99 < ${TARGET_P99_MS} ms`,
      mark(e2e.half.stats.p99 < TARGET_P99_MS),
      `max ${ms(e2e.half.stats.max)}; on the bus after ${ms(e2e.half.published.p50)} / ${ms(e2e.half.published.p99)}; mean backlog: outbox ${e2e.half.outboxBacklog.toFixed(0)}, stream ${e2e.half.streamBacklog.toFixed(0)}`,
    ],
  ];
  const memory = (label: string, kb: number | undefined, target: boolean, note: string) =>
    rows.push([
      `peak RSS ${label}`,
      mb(kb),
      target ? `< ${TARGET_RSS_MB} MB` : "(info)",
      target && kb ? mark(kb / 1024 < TARGET_RSS_MB) : "",
      note,
    ]);
  const parts = (u: Usage) =>
    `peaks: V8 heap ${u.memory.heapTotal} MB (used ${u.memory.heapUsed}), external ${u.memory.external} MB`;
  memory(
    "bench-producer",
    e2e.producerUsage.maxRssKb,
    true,
    `service process: outbox + relay (maxRSS); ${parts(e2e.producerUsage)}`,
  );
  memory(
    "bench-consumer",
    e2e.consumerUsage.maxRssKb,
    true,
    `service process: EventConsumer (maxRSS); ${parts(e2e.consumerUsage)}`,
  );
  memory("jetstream publisher", raw.usage.maxRssKb, false, `phase 2 worker (maxRSS); ${parts(raw.usage)}`);
  memory("orchestrator", usage().maxRssKb, false, "this process (maxRSS)");
  const nats = sampler.peak("nats-server");
  memory(
    "nats-server",
    nats?.rssMaxKb,
    false,
    nats
      ? `sampled VmRSS during this run; VmHWM ${mb(nats.hwmKb)} covers its whole life, other users included`
      : "not found in /proc",
  );
  for (const [group, label] of [
    ["pg backends: producer db", "pg backend (producer db)"],
    ["pg backends: consumer db", "pg backend (consumer db)"],
    ["pg backends: pgbench db", "pg backend (pgbench db)"],
  ] as const) {
    const peak = sampler.peak(group);
    memory(
      label,
      peak?.hwmKb,
      false,
      peak
        ? `VmHWM, highest of ${peak.processes} backends; ${mb(peak.rssShmemKb)} of it is shared memory (shared_buffers)`
        : "not seen in /proc",
    );
  }
  const pgbenchPeak = sampler.peak("pgbench");
  memory("pgbench client", pgbenchPeak?.hwmKb, false, "VmHWM");

  log("");
  console.log(table(["figure", "value", "target", "mark", "notes"], rows));

  // CPU per phase, in % of one core (the machine has `cores` of them).
  const cores = cpus().length;
  const groups = [
    "bench-producer",
    "bench-consumer",
    "jetstream-publisher",
    "pgbench",
    "nats-server",
    "pg backends: producer db",
    "pg backends: consumer db",
    "pg backends: pgbench db",
    "postgres shared (walwriter, ...)",
    "orchestrator",
    "other",
    "machine busy",
  ];
  console.log("");
  console.log(
    table(
      [`CPU, % of one core (${cores} cores = ${cores * 100}%)`, ...phases.map((p) => p.name)],
      groups.map((g) => [
        g === "other" ? "other processes (not this bench)" : g,
        ...phases.map((p) => fmtPct(p.cpu.get(g))),
      ]),
    ),
  );

  console.log("");
  console.log(
    [
      `settings: producer ${settings.producerConcurrency} transactions in flight (pool ${settings.producerPool}), backlog cap ${settings.maxBacklog}; ` +
        `relay OUTBOX_BATCH_SIZE=${settings.outboxBatchSize} OUTBOX_POLL_MS=${settings.outboxPollMs}; ` +
        `consumer CONSUMER_CONCURRENCY=${settings.consumerConcurrency} (pool ${settings.consumerPool}; the kit handles up to ` +
        `${Math.max(1, Math.min(32, Math.floor(settings.consumerConcurrency / 4)))} waiting messages per transaction); ` +
        `event payload ${e2e.check.meanPayloadBytes.toFixed(0)} B on the wire (pad ${e2e.padChars} chars); ` +
        `windows ${settings.warmupSeconds} s warm-up + ${settings.windowSeconds} s.`,
      `check: ${e2e.produced} events produced (${e2e.failed} transactions failed), ${e2e.check.receipts} effects (${e2e.check.distinctSeq} distinct), ` +
        `${e2e.check.inbox} inbox rows, ${e2e.check.unpublished} left unpublished, ${e2e.check.redelivered} redelivered: ` +
        (e2e.check.receipts === e2e.produced &&
        e2e.check.distinctSeq === e2e.produced &&
        e2e.check.inbox === e2e.produced &&
        e2e.check.unpublished === 0
          ? "exactly one effect per event."
          : "MISMATCH."),
      `run ${runId} took ${r.seconds.toFixed(0)} s.`,
      ...phases
        .filter((phase) => (phase.cpu.get("other") ?? 0) >= 20)
        .map(
          (phase) =>
            `WARNING: processes outside this bench used ${fmtPct(phase.cpu.get("other"))} of one core during "${phase.name}" ` +
            `(busiest: ${phase.others.join(", ") || "many small ones"}): its figures are disturbed.`,
        ),
    ].join("\n"),
  );
}

function pct(x: number): string {
  return Number.isFinite(x) ? `${(100 * x).toFixed(0)}%` : "n/a";
}

function fmtPct(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? "-" : `${x.toFixed(0)}%`;
}

function recordPhase(name: string, from: CpuMark): void {
  const to = sampler.mark();
  phases.push({
    name,
    cpu: ProcSampler.cpuBetween(from, to, cpus().length),
    others: ProcSampler.othersBetween(from, to),
  });
}

// --- processes -----------------------------------------------------------------------------

function startWorker(role: string, file: string, extraEnv: Record<string, string>, args: string[] = []): ChildProcess {
  const child = fork(join(__dirname, file), args, {
    env: { ...process.env, ...extraEnv },
    // E.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the workers.
    execArgv: [...process.execArgv, ...(env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean)],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  children.add(child);
  pids[role] = child.pid;
  child.once("exit", () => children.delete(child));
  return child;
}

function nextMessage<M extends { type: string }>(
  child: ChildProcess,
  accept: (message: M) => boolean,
  timeoutMs: number,
): Promise<M> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error(`no answer from worker ${child.pid} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onMessage = (message: M) => {
      if (accept(message)) finish(undefined, message);
    };
    const onExit = (code: number | null) => finish(new Error(`worker ${child.pid} exited (${code}) before answering`));
    const finish = (error?: Error, message?: M) => {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
      if (error) reject(error);
      else resolve(message!);
    };
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** Runs a command to completion; resolves with stdout+stderr, rejects on a non-zero exit. */
function run(command: string, args: string[], role: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    children.add(child);
    pids[role] = child.pid;
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => {
      children.delete(child);
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(" ")} exited with ${code}:\n${output}`));
    });
  });
}

// --- databases and cleanup -----------------------------------------------------------------

const databaseUrl = (name: string) => sharedDatabaseUrl(settings.adminUrl, name);
const createDatabase = (name: string) =>
  createBenchDatabase(settings.adminUrl, name, `npm run bench:bus, run ${runId}`);
const dropDatabase = (name: string) => dropBenchDatabase(settings.adminUrl, name);

let cleaned = false;
async function cleanup(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  for (const child of children) child.kill("SIGTERM");
  await Promise.all([...children].map((child) => Promise.race([exited(child), sleep(5000)])));
  for (const name of Object.values(databases))
    await dropDatabase(name).catch((error: Error) => log(`could not drop database ${name}: ${error.message}`));
  for (const ns of [namespace, `${namespace}_raw`]) {
    await deleteBusNamespace(ns, settings.natsUrl).catch((error: Error) =>
      log(`could not delete bus namespace ${ns}: ${error.message}`),
    );
  }
}

function log(message: string): void {
  console.log(message === "" ? "" : `bench:bus  ${message}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench:bus failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
