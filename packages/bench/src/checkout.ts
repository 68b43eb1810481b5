/**
 * `npm run bench:checkout`: checkouts per second and the latency of POST /checkout with N
 * concurrent buyers, on the whole marketplace running as real processes.
 *
 *   1. migrates throwaway databases (marketplace_<service>_bench_<random>) and starts every
 *      service (scripts/lib/stack.cjs, as `npm start` does) on its own bus namespace, with the
 *      simulated card processor; seeds the demo world through the gateways (approved vendors and
 *      their solutions) and signs BENCH_CHECKOUT_BUYERS buyers up;
 *   2. measures the idle commit rate of all the run's databases (pollers commit too), then lets
 *      every buyer, at once, do BENCH_CHECKOUT_ROUNDS times: add two plans of two vendors to its
 *      cart, POST /checkout with `pm_card_visa`, and each vendor accepts its order (captured);
 *   3. waits until every order is captured, reads pg_stat_database.xact_commit again, stops the
 *      marketplace, and runs `pgbench -N` on the same server for the ceiling;
 *   4. prints checkouts/s, p50/p99 of POST /checkout, the ratio to pgbench's TPS, and commits
 *      per checkout (whole flow: cart lines, checkout, acceptance, capture, emails), raw and
 *      with the idle rate taken out.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import {
  demoOperator,
  demoVendors,
  request,
  seedDemoWorld,
  signIn,
  type GatewayUrls,
  type Json,
} from "@mkt/demo-world";
import { deleteBusNamespace } from "@mkt/test-servers";
import { ProcSampler, type CpuMark } from "./procfs.js";
import { percentile } from "./stats.js";
import { createDatabase, databaseUrl, dropDatabase, measurePgbench, table, withAdmin } from "./support/postgres.js";

const env = process.env;
const int = (name: string, fallback: number) => {
  const n = Number(env[name] ?? fallback);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${env[name]}"`);
  return n;
};
const settings = {
  adminUrl: env.DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
  natsUrl: env.NATS_URL ?? "nats://127.0.0.1:4222",
  buyers: int("BENCH_CHECKOUT_BUYERS", 50),
  rounds: int("BENCH_CHECKOUT_ROUNDS", 3),
  pgbenchSeconds: int("BENCH_PGBENCH_SECONDS", 5),
};
// Issue 11's targets (its table's third column).
const TARGET_RATIO = 0.02;
const TARGET_P99_MS = 500;
const TARGET_COMMITS = 20;

interface StackLib {
  migrateAll(options: { rootDir: string; env: NodeJS.ProcessEnv; databaseSuffix?: string }): Promise<unknown>;
  startStack(options: {
    rootDir: string;
    env: NodeJS.ProcessEnv;
    databaseSuffix?: string;
    onLog?: (record: { label: string; line: string; stream: string }) => void;
  }): Promise<{ urls: Record<string, string>; stop(): Promise<unknown> }>;
  databaseUrlFor(service: string, env: NodeJS.ProcessEnv, options?: { databaseSuffix?: string }): string;
  selectServices(names?: string[]): { name: string; database: boolean }[];
}
const rootDir = join(__dirname, "../../..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stackLib = require(join(rootDir, "scripts/lib/stack.cjs")) as StackLib;

const runId = randomBytes(3).toString("hex");
const databaseSuffix = `_bench_${runId}`;
const namespace = `bench_checkout_${runId}`;
const pgbenchDatabase = `bench_checkout_${runId}_pgbench`;
const log = (message: string) => console.log(`bench:checkout  ${message}`);

/** xact_commit of each of the run's own databases. */
async function commitsByDatabase(databases: string[]): Promise<Map<string, number>> {
  return withAdmin(settings.adminUrl, async (admin) => {
    const { rows } = await admin.query<{ datname: string; commits: string }>(
      "SELECT datname, xact_commit::text AS commits FROM pg_stat_database WHERE datname = ANY($1)",
      [databases],
    );
    return new Map(rows.map((row) => [row.datname, Number(row.commits)]));
  });
}

/** Σ xact_commit of the run's own databases. */
async function commits(databases: string[]): Promise<number> {
  let total = 0;
  for (const n of (await commitsByDatabase(databases)).values()) total += n;
  return total;
}

// Statements each service process sent so far, as count-statements.js (preloaded into every
// service) reports them, summed by service.
const statementsDir = mkdtempSync(join(tmpdir(), "bench-checkout-statements-"));
function statementsByService(): Map<string, number> {
  const totals = new Map<string, number>();
  for (const file of readdirSync(statementsDir)) {
    try {
      const { service, statements } = JSON.parse(readFileSync(join(statementsDir, file), "utf8")) as {
        service: string;
        statements: number;
      };
      totals.set(service, (totals.get(service) ?? 0) + statements);
    } catch {
      // Being rewritten at this instant: the next read sees it.
    }
  }
  return totals;
}

/** A snapshot of every counter the per-service table is made of. */
interface Mark {
  at: number;
  cpu: CpuMark;
  statements: Map<string, number>;
  commits: Map<string, number>;
}

const servicesDir = join(__dirname, "../../../services");
/** service name of each run database, filled in main(). */
const serviceOfDatabase = new Map<string, string>();
const sampler = new ProcSampler((pid, _comm, cmdline) => {
  if (pid === process.pid) return "bench (the buyers and vendors)";
  if (cmdline.startsWith("postgres: ")) {
    // "postgres: [cluster name: ]user database address state" (Debian sets cluster_name "15/main").
    const database = /^postgres: (?:\S+: )?\S+ (\S+) /.exec(cmdline)?.[1] ?? "";
    const service = serviceOfDatabase.get(database);
    if (service) return `db:${service}`;
    return /^postgres: (?:\S+: )?(checkpointer|background writer|walwriter|autovacuum|logical replication|archiver|walsender)/.test(
      cmdline,
    )
      ? "postgres shared (walwriter, ...)"
      : undefined; // another database's backend: not this run's
  }
  if (/ -D /.test(cmdline) && cmdline.includes("postgres"))
    // The postmaster itself, or one of its children that has not set its title yet.
    return parentCommand(pid).includes(" -D ") ? null : "postgres shared (walwriter, ...)";
  if (cmdline.includes("nats-server")) return "nats-server";
  if (cmdline.includes("beam.smp")) return "rabbitmq";
  if (!cmdline.includes("dist/main.js")) return undefined;
  try {
    const cwd = readlinkSync(`/proc/${pid}/cwd`);
    if (dirname(cwd) === servicesDir) return `node:${basename(cwd)}`;
  } catch {
    // Gone already.
  }
  return undefined;
});

function parentCommand(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const ppid = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1];
    return readFileSync(`/proc/${ppid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
}

async function mark(databases: string[]): Promise<Mark> {
  return {
    at: Date.now(),
    cpu: sampler.mark(),
    statements: statementsByService(),
    commits: await commitsByDatabase(databases),
  };
}

const TICK_MS = 10; // /proc CPU ticks are 1/100 s.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

async function main(): Promise<void> {
  const stackEnv: NodeJS.ProcessEnv = {
    ...env,
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    BUS_NAMESPACE: namespace,
    OPERATOR_EMAIL: demoOperator.email,
    OPERATOR_PASSWORD: demoOperator.password,
    AUTH_TOKEN_SECRET: randomBytes(32).toString("hex"),
    PAYMENT_PROCESSOR: "simulated",
    CHECKOUT_WAIT_MS: "30000",
    // Every simulated buyer signs up from 127.0.0.1: the per-address sign-up limit would stop the
    // 21st, and it is not what is measured.
    AUTH_SIGNUPS_PER_ADDRESS_PER_HOUR: "100000",
    // Outside production the kit checks every response against its contract: not what users run.
    BENCH_STATEMENTS_DIR: statementsDir,
    SERVICE_NODE_ARGS: [env.SERVICE_NODE_ARGS ?? "", `--require ${join(__dirname, "count-statements.js")}`]
      .join(" ")
      .trim(),
  };
  const databases = stackLib
    .selectServices()
    .filter((s) => s.database)
    .map((s) => new URL(stackLib.databaseUrlFor(s.name, stackEnv, { databaseSuffix })).pathname.slice(1));
  for (const service of stackLib.selectServices().filter((s) => s.database))
    serviceOfDatabase.set(
      new URL(stackLib.databaseUrlFor(service.name, stackEnv, { databaseSuffix })).pathname.slice(1),
      service.name,
    );
  sampler.start();
  log(`run ${runId}: ${databases.length} databases (*${databaseSuffix}), bus namespace ${namespace}`);
  await stackLib.migrateAll({ rootDir, env: stackEnv, databaseSuffix });
  const stack = await stackLib.startStack({
    rootDir,
    env: stackEnv,
    databaseSuffix,
    onLog: (record) => {
      if (record.stream === "stderr" || /"level":(50|60)/.test(record.line))
        process.stderr.write(`${record.label} │ ${record.line}\n`);
    },
  });
  try {
    const urls: GatewayUrls = {
      storefront: `${stack.urls["storefront-gateway"]}/api/v1`,
      vendorApi: `${stack.urls["vendor-api"]}/vendor/v1`,
      backoffice: `${stack.urls["backoffice-api"]}/ops/v1`,
    };
    await seedDemoWorld(urls);
    const planOf = async (name: string) => {
      for (let attempt = 0; ; attempt++) {
        const found = (await request(`${urls.storefront}/products?q=${encodeURIComponent(name)}`)).body.items?.find(
          (item: Json) => item.name === name,
        );
        if (found) {
          const product = (await request(`${urls.storefront}/products/${found.id}`)).body;
          return product.plans.find((p: Json) => p.billingCycle === "monthly").planId as string;
        }
        if (attempt > 100) throw new Error(`${name} never appeared in the storefront`);
        await sleep(100);
      }
    };
    const planIds = [await planOf("Coffre-Fort Numérique"), await planOf("Factura Compta")];
    const vendorTokens = new Map<string, string>();
    for (const vendor of demoVendors)
      vendorTokens.set(
        vendor.company.legalName,
        await signIn(urls.vendorApi, vendor.company.email, vendor.company.password),
      );

    log(`signing ${settings.buyers} buyers up`);
    const buyers = await Promise.all(
      Array.from({ length: settings.buyers }, async (_, i) => {
        const signed = await request(`${urls.storefront}/auth/signup`, {
          body: {
            kind: "individual",
            email: `bench-${runId}-${i}@buyers.example`,
            password: "a long enough passphrase",
            locale: "fr",
            name: `Buyer ${i}`,
          },
        });
        if (signed.status !== 201) throw new Error(`signup: ${signed.status} ${JSON.stringify(signed.body)}`);
        return signed.body.tokens.accessToken as string;
      }),
    );
    await sleep(2000); // the cart hears of the buyers through buyer.registered

    const idleFrom = await mark(databases);
    await sleep(5000);
    const idleTo = await mark(databases);
    const idleRate = (sum(idleTo.commits) - sum(idleFrom.commits)) / ((idleTo.at - idleFrom.at) / 1000);

    log(`${settings.buyers} buyers × ${settings.rounds} checkouts of 2 vendors' plans, each accepted by both vendors`);
    const latencies: number[] = [];
    let failures = 0;
    const before = await commits(databases);
    const windowFrom = await mark(databases);
    const started = Date.now();
    await Promise.all(
      buyers.map(async (token, buyer) => {
        for (let round = 0; round < settings.rounds; round++) {
          for (const planId of planIds) {
            const added = await request(`${urls.storefront}/cart/items`, { token, body: { planId, quantity: 1 } });
            if (added.status !== 201) throw new Error(`add to cart: ${added.status} ${JSON.stringify(added.body)}`);
          }
          const sent = performance.now();
          const response = await fetch(`${urls.storefront}/checkout`, {
            method: "POST",
            headers: {
              authorization: `Bearer ${token}`,
              "content-type": "application/json",
              "idempotency-key": `bench-${runId}-${buyer}-${round}`,
            },
            body: JSON.stringify({ paymentMethod: "pm_card_visa", saveForRenewals: true }),
          });
          const body = (await response.json()) as Json;
          latencies.push(performance.now() - sent);
          if (response.status !== 201) {
            failures++;
            continue;
          }
          for (const order of body.orders as Json[]) {
            const accepted = await request(`${urls.vendorApi}/orders/${order.orderId}/accept`, {
              token: vendorTokens.get(order.vendor.legalName)!,
              body: {},
            });
            if (accepted.status !== 200) throw new Error(`accept: ${accepted.status} ${JSON.stringify(accepted.body)}`);
          }
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    const checkouts = latencies.length - failures;

    // Let the captures and emails finish: until the commit count settles back to the idle rate.
    let settled = await commits(databases);
    for (let i = 0; i < 60; i++) {
      await sleep(1000);
      const now = await commits(databases);
      if (now - settled <= idleRate * 1.5) break;
      settled = now;
    }
    const after = await commits(databases);
    const windowTo = await mark(databases);
    const flowSeconds = (Date.now() - started) / 1000;
    const raw = (after - before) / checkouts;
    const corrected = (after - before - idleRate * flowSeconds) / checkouts;

    await stack.stop();
    await createDatabase(settings.adminUrl, pgbenchDatabase, `npm run bench:checkout, run ${runId}`);
    const pgbench = await measurePgbench({
      url: databaseUrl(settings.adminUrl, pgbenchDatabase),
      scale: 10,
      clients: [8, 16, 32],
      threads: 2,
      seconds: settings.pgbenchSeconds,
      run,
      log,
    });
    const rate = checkouts / seconds;
    const sorted = [...latencies].sort((a, b) => a - b);
    const p50 = percentile(sorted, 0.5);
    const p99 = percentile(sorted, 0.99);
    const ratio = rate / pgbench.tps;
    const verdict = (ok: boolean) => (ok ? "ok" : "MISS");
    console.log("");
    console.log(
      table(
        ["figure", "value", "target", ""],
        [
          [
            "checkouts (2 vendor orders each, accepted)",
            `${checkouts} in ${seconds.toFixed(1)} s, ${failures} failed`,
            "",
            "",
          ],
          ["checkouts/s", rate.toFixed(1), "", ""],
          ["PostgreSQL pgbench -N (best of 8/16/32 clients)", `${pgbench.tps.toFixed(0)} TPS`, "ceiling", ""],
          [
            "checkouts/s ÷ pgbench TPS",
            `${(100 * ratio).toFixed(1)}%`,
            `≥ ${100 * TARGET_RATIO}%`,
            verdict(ratio >= TARGET_RATIO),
          ],
          [
            `POST /checkout p50 / p99 (${settings.buyers} concurrent buyers)`,
            `${p50.toFixed(0)} / ${p99.toFixed(0)} ms`,
            `p99 < ${TARGET_P99_MS} ms`,
            verdict(p99 < TARGET_P99_MS),
          ],
          ["DB commits per checkout, all services (raw)", raw.toFixed(1), "", ""],
          [
            `… without the idle pollers (${idleRate.toFixed(0)} commits/s idle)`,
            corrected.toFixed(1),
            `≤ ${TARGET_COMMITS}`,
            verdict(corrected <= TARGET_COMMITS),
          ],
        ],
      ),
    );
    console.log("");
    console.log(perServiceTable({ idleFrom, idleTo, windowFrom, windowTo, checkouts }));
  } finally {
    sampler.stop();
    await stack.stop().catch(() => undefined);
    rmSync(statementsDir, { recursive: true, force: true });
    for (const name of [...databases, pgbenchDatabase])
      await dropDatabase(settings.adminUrl, name).catch((error: Error) =>
        log(`could not drop ${name}: ${error.message}`),
      );
    await deleteBusNamespace(namespace, settings.natsUrl).catch(() => undefined);
  }
}

function sum(values: Map<string, number>): number {
  let total = 0;
  for (const n of values.values()) total += n;
  return total;
}

/**
 * Per checkout, by service: CPU of its Node process, CPU of its PostgreSQL backends, statements
 * sent and transactions committed, each with the idle rate (pollers) taken out.
 */
function perServiceTable(m: { idleFrom: Mark; idleTo: Mark; windowFrom: Mark; windowTo: Mark; checkouts: number }) {
  const idleSeconds = (m.idleTo.at - m.idleFrom.at) / 1000;
  const windowSeconds = (m.windowTo.at - m.windowFrom.at) / 1000;
  /** (window delta − idle rate × window length) ÷ checkouts. */
  const perCheckout = (get: (mark: Mark) => number) =>
    (get(m.windowTo) - get(m.windowFrom) - ((get(m.idleTo) - get(m.idleFrom)) / idleSeconds) * windowSeconds) /
    m.checkouts;
  const cpuMs = (group: string) => perCheckout((mark) => (mark.cpu.groups.get(group) ?? 0) * TICK_MS);
  const services = [...new Set([...serviceOfDatabase.values(), "storefront-gateway", "vendor-api", "backoffice-api"])];
  const totals = { node: 0, db: 0, statements: 0, commits: 0 };
  const rows = services.map((service) => {
    const database = [...serviceOfDatabase].find(([, s]) => s === service)?.[0];
    const node = cpuMs(`node:${service}`);
    const db = cpuMs(`db:${service}`);
    const statements = perCheckout((mark) => mark.statements.get(service) ?? 0);
    const commits = database ? perCheckout((mark) => mark.commits.get(database) ?? 0) : 0;
    totals.node += node;
    totals.db += db;
    totals.statements += statements;
    totals.commits += commits;
    return [
      service,
      node.toFixed(1),
      database ? db.toFixed(1) : "",
      statements.toFixed(1),
      database ? commits.toFixed(1) : "",
    ];
  });
  const shared = ["postgres shared (walwriter, ...)", "nats-server", "rabbitmq", "bench (the buyers and vendors)"].map(
    (group) => [group, cpuMs(group).toFixed(1), "", "", ""],
  );
  // Raw (idle not taken out): whatever else ran on the machine meanwhile is in it.
  const machine = ((m.windowTo.cpu.busy - m.windowFrom.cpu.busy) * TICK_MS) / m.checkouts;
  return table(
    ["per checkout (idle rate taken out)", "CPU ms node", "CPU ms its db", "statements", "commits"],
    [
      ...rows.filter((row) => row.slice(1).some((cell) => cell !== "" && cell !== "0.0" && cell !== "-0.0")),
      [
        "all services",
        totals.node.toFixed(1),
        totals.db.toFixed(1),
        totals.statements.toFixed(1),
        totals.commits.toFixed(1),
      ],
      ...shared,
      [`whole machine, raw (${cpus().length} cores, other work included)`, machine.toFixed(1), "", "", ""],
    ],
  );
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`bench:checkout failed: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
