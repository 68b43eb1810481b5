/**
 * `npm run bench:renewals [-- --subscriptions N --vendors V --replicas 1,2 --profile]`: renewals
 * per second through the real renewal path (issue 12), with 1 and with 2 replicas of the
 * subscription service.
 *
 *   1. the template: the whole marketplace as real processes (scripts/lib/stack.cjs) on throwaway
 *      databases, the demo world seeded through the gateways, one buyer buys a monthly plan with
 *      `pm_card_visa` kept for renewals and the vendor accepts: a real order, a real subscription
 *      (period 0 paid, its subscription.charge-due timer armed) and a real saved card;
 *   2. the seed: that purchase copied N - 1 times straight into subscription's, order's and
 *      payment's databases (renewal-seed.ts, generate_series), spread over V vendors, every
 *      subscription due at the same instant through its timer;
 *   3. for each replica count: fresh databases made from the seed (CREATE DATABASE … TEMPLATE),
 *      payment, order and R subscription processes started (TEST_CONTROLS: their clocks can be
 *      moved), every clock moved past the due instant, then the wait until every period is paid:
 *      the timers record the periods due, the renewal workers charge them on the simulated
 *      processor, have order issue the invoice (a PDF) and publish subscription.renewed;
 *      renewals/s, due → charged latencies, peak RSS per process; then the check that every period
 *      was charged once, invoiced once with gapless numbers per vendor, paid and renewed once;
 *   4. `pgbench -N` on the same server, for the ceiling the figures are compared with.
 *
 * With --profile the service processes run under --cpu-prof and the busiest functions of each
 * are printed after its run.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { demoOperator, demoVendors, request, seedDemoWorld, signIn, type Json } from "@mkt/demo-world";
import { deleteBusNamespace } from "@mkt/test-servers";
import { ProcSampler } from "./procfs.js";
import { copyTemplate, findTemplate, type SeedUrls, type Template } from "./renewal-seed.js";
import { percentile } from "./stats.js";
import { createDatabase, databaseUrl, dropDatabase, measurePgbench, table, withAdmin } from "./support/postgres.js";

const env = process.env;
const { values: argv } = parseArgs({
  options: {
    subscriptions: { type: "string" },
    vendors: { type: "string" },
    replicas: { type: "string" },
    profile: { type: "boolean" },
    "max-seconds": { type: "string" },
  },
});
const positive = (name: string, value: string | undefined, fallback: number) => {
  const n = Number(value ?? fallback);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${value}"`);
  return n;
};
const settings = {
  adminUrl: env.DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
  natsUrl: env.NATS_URL ?? "nats://127.0.0.1:4222",
  subscriptions: positive("--subscriptions", argv.subscriptions ?? env.BENCH_RENEWALS_SUBSCRIPTIONS, 100_000),
  vendors: positive("--vendors", argv.vendors ?? env.BENCH_RENEWALS_VENDORS, 200),
  replicas: (argv.replicas ?? env.BENCH_RENEWALS_REPLICAS ?? "1,2")
    .split(",")
    .map((r) => positive("--replicas", r.trim(), 1)),
  profile: argv.profile ?? env.BENCH_RENEWALS_PROFILE === "1",
  /** A run that has not renewed everything by then prints what it reached. */
  maxSeconds: positive("--max-seconds", argv["max-seconds"] ?? env.BENCH_RENEWALS_MAX_SECONDS, 1200),
  pgbenchSeconds: positive("BENCH_PGBENCH_SECONDS", env.BENCH_PGBENCH_SECONDS, 5),
};
// Issue 12's targets.
const TARGET_RATE = 300;
const TARGET_RATIO = 0.05;
const TARGET_RSS_MB = 200;
const RENEWAL_SERVICES = ["payment", "order", "subscription"];

interface StackProcess {
  service: string;
  replica: number;
  label: string;
  pid: number;
  url: string;
  exit?: unknown;
}
interface StackLib {
  migrateAll(options: { rootDir: string; env: NodeJS.ProcessEnv; databaseSuffix?: string }): Promise<unknown>;
  startStack(options: {
    rootDir: string;
    env: NodeJS.ProcessEnv;
    services?: string[];
    replicas?: Record<string, number>;
    databaseSuffix?: string;
    readyTimeoutMs?: number;
    onLog?: (record: { label: string; line: string; stream: string }) => void;
  }): Promise<{ processes: StackProcess[]; urls: Record<string, string>; stop(): Promise<unknown> }>;
  databaseUrlFor(service: string, env: NodeJS.ProcessEnv, options?: { databaseSuffix?: string }): string;
  selectServices(names?: string[]): { name: string; database: boolean }[];
}
const rootDir = join(__dirname, "../../..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stackLib = require(join(rootDir, "scripts/lib/stack.cjs")) as StackLib;

const runId = randomBytes(3).toString("hex");
const log = (message: string) => console.log(`bench:renewals  ${message}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const baseEnv: NodeJS.ProcessEnv = {
  ...env,
  // The clocks are moved through POST /__control/clock, which production refuses.
  NODE_ENV: "test",
  TEST_CONTROLS: "enabled",
  LOG_LEVEL: "warn",
  OPERATOR_EMAIL: demoOperator.email,
  OPERATOR_PASSWORD: demoOperator.password,
  AUTH_TOKEN_SECRET: randomBytes(32).toString("hex"),
  PAYMENT_PROCESSOR: "simulated",
};
const onLog = (record: { label: string; line: string; stream: string }) => {
  if (record.stream === "stderr" || /"level":(50|60)/.test(record.line))
    process.stderr.write(`${record.label} │ ${record.line}\n`);
};

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${command} exited with ${code}:\n${output}`)),
    );
  });
}

const databaseOf = (service: string, databaseSuffix: string) =>
  new URL(stackLib.databaseUrlFor(service, baseEnv, { databaseSuffix })).pathname.slice(1);
const urlsOf = (databaseSuffix: string): SeedUrls => ({
  subscription: stackLib.databaseUrlFor("subscription", baseEnv, { databaseSuffix }),
  order: stackLib.databaseUrlFor("order", baseEnv, { databaseSuffix }),
  payment: stackLib.databaseUrlFor("payment", baseEnv, { databaseSuffix }),
});

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Step 1: the whole marketplace, one purchase kept for renewals, accepted. */
async function makeTemplate(databaseSuffix: string, namespace: string): Promise<Template> {
  const stackEnv = { ...baseEnv, BUS_NAMESPACE: namespace, AUTH_SIGNUPS_PER_ADDRESS_PER_HOUR: "100000" };
  await stackLib.migrateAll({ rootDir, env: stackEnv, databaseSuffix });
  const stack = await stackLib.startStack({ rootDir, env: stackEnv, databaseSuffix, onLog, readyTimeoutMs: 300_000 });
  try {
    const urls = {
      storefront: `${stack.urls["storefront-gateway"]}/api/v1`,
      vendorApi: `${stack.urls["vendor-api"]}/vendor/v1`,
      backoffice: `${stack.urls["backoffice-api"]}/ops/v1`,
    };
    await seedDemoWorld(urls);
    const name = "Postgres Managé"; // its Essentiel plan: monthly, no trial (demoVendors[0])
    let planId: string | undefined;
    for (let attempt = 0; !planId; attempt++) {
      const found = (await request(`${urls.storefront}/products?q=${encodeURIComponent(name)}`)).body.items?.find(
        (item: Json) => item.name === name,
      );
      if (found) {
        const product = (await request(`${urls.storefront}/products/${found.id}`)).body;
        planId = product.plans.find((p: Json) => p.billingCycle === "monthly" && !p.trialDays)?.planId;
        if (!planId) throw new Error(`${name} has no monthly plan without a trial`);
      } else if (attempt > 100) throw new Error(`${name} never appeared in the storefront`);
      else await sleep(100);
    }
    const vendor = demoVendors[0]!.company;
    const vendorToken = await signIn(urls.vendorApi, vendor.email, vendor.password);
    const signed = await request(`${urls.storefront}/auth/signup`, {
      body: {
        kind: "individual",
        email: `bench-renewals-${runId}@buyers.example`,
        password: "a long enough passphrase",
        locale: "fr",
        name: "Renewal Buyer",
      },
    });
    if (signed.status !== 201) throw new Error(`signup: ${signed.status} ${JSON.stringify(signed.body)}`);
    const token = signed.body.tokens.accessToken as string;
    for (let attempt = 0; ; attempt++) {
      const added = await request(`${urls.storefront}/cart/items`, { token, body: { planId, quantity: 1 } });
      if (added.status === 201) break;
      if (attempt > 50) throw new Error(`add to cart: ${added.status} ${JSON.stringify(added.body)}`);
      await sleep(200);
    }
    let paid: { status: number; body: Json } | undefined;
    for (let attempt = 0; attempt < 20; attempt++) {
      const response = await fetch(`${urls.storefront}/checkout`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          "idempotency-key": `bench-renewals-${runId}-${attempt}`,
        },
        body: JSON.stringify({ paymentMethod: "pm_card_visa", saveForRenewals: true }),
      });
      paid = { status: response.status, body: (await response.json()) as Json };
      if (paid.status === 201) break;
      await sleep(500); // the cart may not have heard of the buyer yet
    }
    if (paid?.status !== 201) throw new Error(`checkout: ${paid?.status} ${JSON.stringify(paid?.body)}`);
    const order = (paid.body.orders as Json[])[0];
    const accepted = await request(`${urls.vendorApi}/orders/${order.orderId}/accept`, {
      token: vendorToken,
      body: {},
    });
    if (accepted.status !== 200) throw new Error(`accept: ${accepted.status} ${JSON.stringify(accepted.body)}`);
    for (let attempt = 0; attempt < 300; attempt++) {
      const template = await findTemplate(urlsOf(databaseSuffix), order.orderId as string);
      if (template) return template;
      await sleep(200);
    }
    throw new Error(`order ${order.orderId} started no subscription with a charge-due timer`);
  } finally {
    await stack.stop();
  }
}

interface RunFigures {
  replicas: number;
  renewed: number;
  seconds: number;
  complete: boolean;
  /** Due → charged, ms, ascending. */
  latencies: number[];
  /** The first charge, from the clock's move (the timers' part). */
  firstChargeMs: number;
  rssMb: Map<string, number>;
  checks: { name: string; ok: boolean; detail: string }[];
  profile: string[];
}

/** Step 3: one measured run on fresh copies of the seed databases. */
async function measure(replicas: number, seedSuffix: string, template: Template): Promise<RunFigures> {
  const databaseSuffix = `_bench_${runId}_r${replicas}`;
  const namespace = `bench_renewals_${runId}_r${replicas}`;
  const urls = urlsOf(databaseSuffix);
  const count = settings.subscriptions;
  for (const service of RENEWAL_SERVICES)
    await withAdmin(settings.adminUrl, (admin) =>
      admin.query(
        `CREATE DATABASE ${admin.escapeIdentifier(databaseOf(service, databaseSuffix))} TEMPLATE ${admin.escapeIdentifier(databaseOf(service, seedSuffix))}`,
      ),
    );
  const profileDir = settings.profile ? mkdtempSync(join(tmpdir(), "bench-renewals-prof-")) : undefined;
  const labels = new Map<number, string>();
  const sampler = new ProcSampler((pid, _comm, cmdline) => {
    const label = labels.get(pid);
    if (label) return label;
    if (cmdline.startsWith("postgres: ")) {
      const database = /^postgres: (?:\S+: )?\S+ (\S+) /.exec(cmdline)?.[1] ?? "";
      const service = RENEWAL_SERVICES.find((s) => databaseOf(s, databaseSuffix) === database);
      return service ? `db:${service}` : undefined;
    }
    return undefined;
  });
  const stack = await stackLib.startStack({
    rootDir,
    env: {
      ...baseEnv,
      BUS_NAMESPACE: namespace,
      ...(profileDir
        ? {
            SERVICE_NODE_ARGS: [env.SERVICE_NODE_ARGS ?? "", `--cpu-prof --cpu-prof-dir=${profileDir}`]
              .join(" ")
              .trim(),
          }
        : {}),
    },
    services: RENEWAL_SERVICES,
    replicas: { subscription: replicas },
    databaseSuffix,
    onLog,
    readyTimeoutMs: 300_000,
  });
  const figures: RunFigures = {
    replicas,
    renewed: 0,
    seconds: 0,
    complete: false,
    latencies: [],
    firstChargeMs: NaN,
    rssMb: new Map(),
    checks: [],
    profile: [],
  };
  try {
    for (const proc of stack.processes) labels.set(proc.pid, proc.label);
    sampler.start();
    // Every process's clock a minute past the due instant, all at once.
    const advanceByMs = template.nextDueAt.getTime() - Date.now() + 60_000;
    const movedAt = Date.now() + advanceByMs; // on the services' clocks
    const started = performance.now();
    await Promise.all(
      stack.processes.map(async (proc) => {
        const response = await fetch(`${proc.url}/__control/clock`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ advanceByMs }),
        });
        if (response.status !== 200)
          throw new Error(`${proc.label}: clock ${response.status} ${await response.text()}`);
      }),
    );
    log(`${replicas} replica(s): clocks moved past the due instant of ${count} subscriptions`);
    const sub = new pg.Client({ connectionString: urls.subscription });
    await sub.connect();
    try {
      let lastLog = 0;
      for (;;) {
        const [row] = (
          await sub.query<{ paid: string; due: string; fired: string }>(
            `SELECT (SELECT count(*) FROM subscription_period WHERE number >= 1 AND state = 'paid')::text AS paid,
                    (SELECT count(*) FROM subscription_period WHERE number >= 1)::text AS due,
                    (SELECT count(*) FROM timer WHERE type = 'subscription.charge-due' AND status = 'fired')::text AS fired`,
          )
        ).rows;
        figures.renewed = Number(row!.paid);
        figures.seconds = (performance.now() - started) / 1000;
        if (figures.renewed >= count) {
          figures.complete = true;
          break;
        }
        if (figures.seconds - lastLog >= 10) {
          lastLog = figures.seconds;
          log(
            `  ${figures.seconds.toFixed(0)} s: ${row!.fired} timers fired, ${row!.due} periods recorded, ${figures.renewed} paid (${(figures.renewed / figures.seconds).toFixed(0)}/s)`,
          );
        }
        if (figures.seconds > settings.maxSeconds) {
          log(`  stopped after ${settings.maxSeconds} s with ${figures.renewed} of ${count} renewed`);
          break;
        }
        await sleep(250);
      }
      // subscription.renewed leaves through the outbox: let the relay publish it all.
      for (let i = 0; i < 120; i++) {
        const [left] = (
          await sub.query<{ n: string }>(`SELECT count(*)::text AS n FROM outbox_event WHERE published_at IS NULL`)
        ).rows;
        if (left!.n === "0") break;
        await sleep(500);
      }
    } finally {
      await sub.end();
    }
    sampler.stop();
    for (const proc of stack.processes)
      figures.rssMb.set(proc.label, (sampler.peak(proc.label)?.rssMaxKb ?? NaN) / 1024);
    const charged = await query<{ ms: string }>(
      urls.payment,
      `SELECT (extract(epoch FROM charged_at) * 1000 - ${movedAt})::text AS ms FROM renewal_charge WHERE status = 'succeeded' ORDER BY charged_at`,
    );
    figures.latencies = charged.map((c) => Math.max(0, Number(c.ms)));
    figures.firstChargeMs = figures.latencies[0] ?? NaN;
  } finally {
    sampler.stop();
    await stack.stop();
  }
  figures.checks = await verify(urls, count, figures.renewed);
  if (profileDir) {
    figures.profile = summariseProfiles(profileDir, stack.processes);
    rmSync(profileDir, { recursive: true, force: true });
  }
  for (const service of RENEWAL_SERVICES)
    await dropDatabase(settings.adminUrl, databaseOf(service, databaseSuffix)).catch((error: Error) =>
      log(`could not drop ${databaseOf(service, databaseSuffix)}: ${error.message}`),
    );
  await deleteBusNamespace(namespace, settings.natsUrl).catch(() => undefined);
  return figures;
}

/** No period charged twice or skipped: payment's, order's and subscription's own records. */
async function verify(urls: SeedUrls, count: number, renewed: number): Promise<RunFigures["checks"]> {
  const n = (rows: { n: string }[]) => Number(rows[0]!.n);
  const checks: RunFigures["checks"] = [];
  const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });

  const [charges] = await query<{ succeeded: string; periods: string; twice: string; failed: string }>(
    urls.payment,
    `SELECT count(*) FILTER (WHERE status = 'succeeded')::text AS succeeded,
            count(DISTINCT (subscription_id, period_number)) FILTER (WHERE status = 'succeeded')::text AS periods,
            count(*) FILTER (WHERE status <> 'succeeded')::text AS failed,
            (SELECT count(*) FROM (SELECT 1 FROM renewal_charge WHERE status = 'succeeded'
               GROUP BY subscription_id, period_number HAVING count(*) > 1) d)::text AS twice
     FROM renewal_charge`,
  );
  check(
    "payment: one succeeded renewal_charge per period",
    Number(charges!.twice) === 0 && Number(charges!.periods) === Number(charges!.succeeded),
    `${charges!.succeeded} succeeded for ${charges!.periods} periods, ${charges!.twice} periods charged twice, ${charges!.failed} failed`,
  );

  const [invoices] = await query<{ total: string; periods: string; vendors: string; gaps: string }>(
    urls.order,
    `SELECT (SELECT count(*) FROM renewal_invoice)::text AS total,
            (SELECT count(DISTINCT (subscription_id, period_number)) FROM renewal_invoice)::text AS periods,
            (SELECT count(DISTINCT vendor_id) FROM renewal_invoice)::text AS vendors,
            (SELECT count(*) FROM (
               SELECT vendor_id FROM (SELECT vendor_id, (regexp_match(number, '(\\d+)$'))[1]::int AS seq FROM renewal_invoice) r
               GROUP BY vendor_id HAVING max(seq) - min(seq) + 1 <> count(*) OR count(DISTINCT seq) <> count(*)) g)::text AS gaps`,
  );
  check(
    "order: one renewal_invoice per period, gapless per vendor",
    Number(invoices!.total) === Number(invoices!.periods) &&
      Number(invoices!.gaps) === 0 &&
      Number(invoices!.total) === Number(charges!.succeeded),
    `${invoices!.total} invoices for ${invoices!.periods} periods of ${invoices!.vendors} vendors, ${invoices!.gaps} vendors with a gap or a repeat`,
  );

  const [periods] = await query<{ paid: string; other: string; subs: string }>(
    urls.subscription,
    `SELECT count(*) FILTER (WHERE state = 'paid')::text AS paid, count(*) FILTER (WHERE state <> 'paid')::text AS other,
            (SELECT count(*) FROM subscriptions WHERE paid_period = 1 AND state = 'active')::text AS subs
     FROM subscription_period WHERE number = 1`,
  );
  check(
    "subscription: every period 1 paid, none skipped",
    Number(periods!.paid) === count && Number(periods!.other) === 0 && Number(periods!.subs) === count,
    `${periods!.paid} of ${count} paid, ${periods!.other} not, ${periods!.subs} subscriptions active with period 1 paid`,
  );

  const [renewedEvents] = await query<{ total: string; periods: string; unpublished: string }>(
    urls.subscription,
    `SELECT count(*)::text AS total,
            count(DISTINCT (payload->'data'->'subscription'->>'subscriptionId', payload->'data'->'period'->>'number'))::text AS periods,
            count(*) FILTER (WHERE published_at IS NULL)::text AS unpublished
     FROM outbox_event WHERE type = 'subscription.renewed'`,
  );
  check(
    "outbox: one subscription.renewed per period, published",
    Number(renewedEvents!.total) === renewed &&
      Number(renewedEvents!.periods) === renewed &&
      Number(renewedEvents!.unpublished) === 0,
    `${renewedEvents!.total} events for ${renewedEvents!.periods} periods, ${renewedEvents!.unpublished} unpublished`,
  );
  void n;
  return checks;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** The busiest functions (self time) of each profiled process, and its split by package. */
function summariseProfiles(dir: string, processes: StackProcess[]): string[] {
  const lines: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"))) {
    const pid = Number(/^CPU\.\d+\.\d+\.(\d+)\./.exec(file)?.[1]);
    const label = processes.find((p) => p.pid === pid)?.label ?? `pid ${pid}`;
    const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as {
      nodes: ProfileNode[];
      startTime: number;
      endTime: number;
      samples: number[];
    };
    const total = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
    const byFunction = new Map<string, number>();
    const byPackage = new Map<string, number>();
    for (const node of profile.nodes) {
      const hits = node.hitCount ?? 0;
      if (!hits) continue;
      const { functionName, url, lineNumber } = node.callFrame;
      const where = url.replace(/^file:\/\//, "").replace(rootDir, "");
      const pkg =
        /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where)?.[1] ??
        /^\/(services|packages)\/([^/]+)/.exec(where)?.slice(1).join("/") ??
        (functionName.startsWith("(") ? functionName : url.startsWith("node:") ? "node" : where || "(native)");
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + hits);
      const key = `${functionName || "(anonymous)"} ${where.split("/").slice(-2).join("/")}:${lineNumber + 1}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + hits);
    }
    const top = (m: Map<string, number>, k: number) =>
      [...m]
        .sort((a, b) => b[1] - a[1])
        .slice(0, k)
        .map(([name, hits]) => `${((100 * hits) / total).toFixed(1)}% ${name}`);
    const seconds = (profile.endTime - profile.startTime) / 1e6;
    lines.push(`${label} (${seconds.toFixed(0)} s profiled): by package ${top(byPackage, 6).join(", ")}`);
    for (const entry of top(byFunction, 8)) lines.push(`    ${entry}`);
  }
  return lines;
}

async function main(): Promise<void> {
  const seedSuffix = `_bench_${runId}_seed`;
  const seedNamespace = `bench_renewals_${runId}_seed`;
  const seedDatabases = stackLib
    .selectServices()
    .filter((s) => s.database)
    .map((s) => databaseOf(s.name, seedSuffix));
  const pgbenchDatabase = `bench_renewals_${runId}_pgbench`;
  log(
    `run ${runId}: ${settings.subscriptions} subscriptions of ${settings.vendors} vendors, replicas ${settings.replicas.join(" and ")}${settings.profile ? ", profiled" : ""}`,
  );
  const results: RunFigures[] = [];
  try {
    log("the template purchase, through the whole marketplace");
    const template = await makeTemplate(seedSuffix, seedNamespace);
    await deleteBusNamespace(seedNamespace, settings.natsUrl).catch(() => undefined);
    const seeding = performance.now();
    const written = await copyTemplate(urlsOf(seedSuffix), template, settings.subscriptions, settings.vendors);
    log(
      `seeded in ${((performance.now() - seeding) / 1000).toFixed(1)} s: ${JSON.stringify(written)} copies, due ${template.nextDueAt.toISOString()}`,
    );
    for (const replicas of settings.replicas) {
      const figures = await measure(replicas, seedSuffix, template);
      results.push(figures);
      log(
        `${replicas} replica(s): ${figures.renewed} renewed in ${figures.seconds.toFixed(1)} s = ${(figures.renewed / figures.seconds).toFixed(1)}/s`,
      );
      for (const line of figures.profile) log(line);
    }
    await createDatabase(settings.adminUrl, pgbenchDatabase, `npm run bench:renewals, run ${runId}`);
    const pgbench = await measurePgbench({
      url: databaseUrl(settings.adminUrl, pgbenchDatabase),
      scale: 10,
      clients: [8, 16, 32],
      threads: 2,
      seconds: settings.pgbenchSeconds,
      run,
      log,
    });
    printReport(results, pgbench.tps);
    if (results.some((r) => r.checks.some((c) => !c.ok))) process.exitCode = 1;
  } finally {
    for (const name of [...seedDatabases, pgbenchDatabase])
      await dropDatabase(settings.adminUrl, name).catch((error: Error) =>
        log(`could not drop ${name}: ${error.message}`),
      );
  }
}

function printReport(results: RunFigures[], tps: number): void {
  const verdict = (ok: boolean) => (ok ? "ok" : "MISS");
  const rows: string[][] = [];
  for (const r of results) {
    const rate = r.renewed / r.seconds;
    rows.push([
      `renewals/s, ${r.replicas} subscription replica(s)`,
      `${rate.toFixed(1)} (${r.renewed} in ${r.seconds.toFixed(1)} s${r.complete ? "" : ", INCOMPLETE"})`,
      `≥ ${TARGET_RATE}`,
      verdict(r.complete && rate >= TARGET_RATE),
    ]);
    rows.push([
      `  ÷ pgbench TPS`,
      `${((100 * rate) / tps).toFixed(1)}%`,
      `≥ ${100 * TARGET_RATIO}%`,
      verdict(rate / tps >= TARGET_RATIO),
    ]);
    const sorted = r.latencies;
    rows.push([
      `  due → charged p50 / p99 (first charge)`,
      `${(percentile(sorted, 0.5) / 1000).toFixed(1)} / ${(percentile(sorted, 0.99) / 1000).toFixed(1)} s (${(r.firstChargeMs / 1000).toFixed(2)} s)`,
      "",
      "",
    ]);
    const rss = [...r.rssMb].map(([label, mb]) => `${label} ${mb.toFixed(0)}`).join(", ");
    const worst = Math.max(...r.rssMb.values());
    rows.push([`  peak RSS per process, MB`, rss, `< ${TARGET_RSS_MB}`, verdict(worst < TARGET_RSS_MB)]);
    for (const c of r.checks) rows.push([`  ${c.name}`, c.detail, "", verdict(c.ok)]);
  }
  if (results.length === 2) {
    const [one, two] = results as [RunFigures, RunFigures];
    const ratio = two.renewed / two.seconds / (one.renewed / one.seconds);
    rows.push([`${two.replicas} replicas ÷ ${one.replicas}`, `×${ratio.toFixed(2)}`, "≥ ×1", verdict(ratio >= 1)]);
  }
  rows.push(["PostgreSQL pgbench -N (best of 8/16/32 clients)", `${tps.toFixed(0)} TPS`, "ceiling", ""]);
  console.log("");
  console.log(table(["figure", "value", "target", ""], rows));
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: Error) => {
    console.error(`bench:renewals failed: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
