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
import { join } from "node:path";
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
const TARGET_RATIO = 0.1;
const TARGET_P99_MS = 250;
const TARGET_COMMITS = 30;

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

/** Σ xact_commit of the run's own databases. */
async function commits(databases: string[]): Promise<number> {
  return withAdmin(settings.adminUrl, async (admin) => {
    const { rows } = await admin.query<{ total: string }>(
      "SELECT coalesce(sum(xact_commit), 0)::text AS total FROM pg_stat_database WHERE datname = ANY($1)",
      [databases],
    );
    return Number(rows[0]?.total ?? 0);
  });
}

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
  };
  const databases = stackLib
    .selectServices()
    .filter((s) => s.database)
    .map((s) => new URL(stackLib.databaseUrlFor(s.name, stackEnv, { databaseSuffix })).pathname.slice(1));
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

    const idleFrom = await commits(databases);
    const idleStart = Date.now();
    await sleep(5000);
    const idleRate = ((await commits(databases)) - idleFrom) / ((Date.now() - idleStart) / 1000);

    log(`${settings.buyers} buyers × ${settings.rounds} checkouts of 2 vendors' plans, each accepted by both vendors`);
    const latencies: number[] = [];
    let failures = 0;
    const before = await commits(databases);
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
            body: JSON.stringify({ paymentMethod: "pm_card_visa", saveForRenewals: false }),
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
  } finally {
    await stack.stop().catch(() => undefined);
    for (const name of [...databases, pgbenchDatabase])
      await dropDatabase(settings.adminUrl, name).catch((error: Error) =>
        log(`could not drop ${name}: ${error.message}`),
      );
    await deleteBusNamespace(namespace, settings.natsUrl).catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`bench:checkout failed: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
