// `npm start`: install, build, check the servers, migrate, then run every service with readable
// logs until Ctrl-C, restarting a service that dies. `npm run db:migrate` is the same with --migrate-only.
//   --migrate-only   stop after migrating      --no-build   skip `turbo run build`
//   --services=a,b   only these services       SERVICE_REPLICAS_<name>=N   N processes of a service
//   --no-demo        no demo world (by default: an operator, approved vendors with solutions, a buyer)
//   LOG_FORMAT=json  raw JSON log lines         NO_COLOR=1   no colors
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import servicesLib from "./lib/services.cjs";
import serversLib from "./lib/servers.cjs";
import stackLib from "./lib/stack.cjs";

const { services } = servicesLib;
const { findUnreachableServers, describeUnreachable } = serversLib;
const { startStack, migrateAll, selectServices } = stackLib;

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const paint = (code, text) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const step = (text) => console.log(`${paint("1;36", "▸")} ${text}`);
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)}s`;

function fail(message) {
  console.error(paint("1;31", `✖ ${message}`));
  process.exit(1);
}

function parseArgs(argv) {
  const options = { migrateOnly: false, build: true, demo: true, services: undefined };
  for (const arg of argv) {
    if (arg === "--migrate-only") options.migrateOnly = true;
    else if (arg === "--no-build") options.build = false;
    else if (arg === "--no-demo") options.demo = false;
    else if (arg.startsWith("--services="))
      options.services = arg.slice("--services=".length).split(",").filter(Boolean);
    else fail(`unknown option ${arg} (options: --migrate-only, --no-build, --no-demo, --services=a,b)`);
  }
  return options;
}

/** Runs a command; its output goes to the terminal (inherit) or is kept to be shown on failure. */
function run(command, args, { quiet = false, env = process.env } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: rootDir, env, stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit" });
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    child.on("error", (err) => resolve({ code: -1, output: `${output}${err.message}\n` }));
    child.on("close", (code) => resolve({ code, output }));
  });
}

/** SERVICE_REPLICAS_order=2 (or SERVICE_REPLICAS_vendor_kyc=2 for vendor-kyc) → { order: 2 }. */
function replicasFromEnv(env) {
  const replicas = {};
  const known = new Set();
  for (const { name } of services) {
    for (const variable of [`SERVICE_REPLICAS_${name}`, `SERVICE_REPLICAS_${name.replace(/-/g, "_")}`]) {
      known.add(variable);
      if (!env[variable]) continue;
      const count = Number(env[variable]);
      if (!Number.isInteger(count) || count < 1) fail(`${variable} must be a whole number ≥ 1, not "${env[variable]}"`);
      replicas[name] = count;
    }
  }
  // A typo (SERVICE_REPLICAS_ordr) would otherwise be silently ignored.
  const unknown = Object.keys(env).filter((key) => key.startsWith("SERVICE_REPLICAS_") && !known.has(key));
  if (unknown.length)
    fail(`${unknown.join(", ")}: no such service (services: ${services.map((s) => s.name).join(", ")})`);
  return replicas;
}

// ── Logs ────────────────────────────────────────────────────────────────────────────────────────
const LEVELS = {
  10: ["TRACE", "90"],
  20: ["DEBUG", "90"],
  30: ["INFO ", "32"],
  40: ["WARN ", "33"],
  50: ["ERROR", "31"],
  60: ["FATAL", "1;31"],
};
const PALETTE = ["36", "32", "33", "34", "35", "96", "92", "93", "94", "95", "37", "91"];
// Shown by the prefix already, or noise for a human (spanId: traceId is what one searches by).
const HIDDEN = new Set(["level", "time", "msg", "service", "replica", "pid", "hostname", "spanId"]);

function formatValue(value) {
  if (typeof value === "string") return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value);
}

function isErrorLike(value) {
  return value !== null && typeof value === "object" && typeof value.message === "string";
}

/** `order#1 │ INFO  message key=value…`, with the error's stack on the next lines. */
function formatLine(record, labelWidth) {
  const serviceIndex = services.findIndex((s) => s.name === record.service);
  const prefix = `${paint(PALETTE[serviceIndex % PALETTE.length], record.label.padEnd(labelWidth))} ${paint("90", "│")} `;
  let entry;
  try {
    entry = JSON.parse(record.line);
  } catch {
    entry = undefined;
  }
  if (!entry || typeof entry !== "object" || typeof entry.level !== "number") {
    return prefix + (record.stream === "stderr" ? paint("31", record.line) : record.line);
  }
  const [name, levelColor] = LEVELS[entry.level] ?? [`L${entry.level}`.padEnd(5), "0"];
  const errors = [];
  const fields = [];
  for (const [key, value] of Object.entries(entry)) {
    if (HIDDEN.has(key) || (key === "correlationId" && value === entry.reqId)) continue; // same id twice
    if (isErrorLike(value)) errors.push(value);
    else fields.push(`${paint("90", `${key}=`)}${formatValue(value)}`);
  }
  let text = `${prefix}${paint(levelColor, name)} ${entry.msg ?? ""}${fields.length ? " " + fields.join(" ") : ""}`;
  for (const err of errors) {
    const stack = err.stack ?? `${err.type ?? "Error"}: ${err.message}`;
    // pino's stack already starts with "Type: message"; add the message when it does not.
    const detail = stack.includes(err.message) ? stack : `${err.message}\n${stack}`;
    text +=
      "\n" +
      detail
        .split("\n")
        .map((l) => `${prefix}  ${paint("31", l)}`)
        .join("\n");
  }
  return text;
}

const capitalize = (text) => text[0].toUpperCase() + text.slice(1);

// The demo world's accounts (packages/demo-world/src/demo-data.ts); a developer's machine only.
const DEMO = {
  password: "marketplace-demo",
  operator: "operator@marketplace.localhost",
  vendor: "vendor@nuage-souverain.example",
  buyer: "buyer@acme.example",
};
let demoLines = [];

/** Seeds the demo world through the gateways once they are ready; safe at every start. */
async function seedDemo(stack) {
  const gateway = (name, base) => `${stack.urls[name]}${base}`;
  const since = Date.now();
  step("Seeding the demo world (packages/demo-world)…");
  const { code, output } = await run(process.execPath, ["packages/demo-world/dist/main.js"], {
    quiet: true,
    env: {
      ...process.env,
      STOREFRONT_URL: gateway("storefront-gateway", "/api/v1"),
      VENDOR_API_URL: gateway("vendor-api", "/vendor/v1"),
      BACKOFFICE_URL: gateway("backoffice-api", "/ops/v1"),
    },
  });
  if (code !== 0) {
    process.stderr.write(output);
    console.error(paint("33", "The demo world could not be seeded (above); the marketplace runs without it."));
    return;
  }
  step(`Demo world ready in ${seconds(since)}`);
  demoLines = [
    `Sign in (password "${DEMO.password}"):`,
    `  operator ${DEMO.operator}   vendor ${DEMO.vendor}   buyer ${DEMO.buyer}`,
    "",
  ];
}

function printReadyBox(stack) {
  const gateways = services.filter((s) => s.publicUrl && stack.urls[s.name]);
  const origin = (s) => stack.urls[s.name].replace("127.0.0.1", "localhost");
  const lines = gateways.length
    ? gateways.map((s) => `${capitalize(s.audience).padEnd(10)} ${origin(s)}${s.publicUrl}`)
    : Object.entries(stack.urls).map(([name, url]) => `${name.padEnd(20)} ${url}`);
  const body = [
    `Marketplace is running (${stack.processes.length} processes).`,
    "",
    ...lines,
    "",
    ...demoLines,
    "Ctrl-C stops everything (twice: at once).",
  ];
  const width = Math.max(...body.map((l) => l.length)) + 2;
  const edge = (text) => paint("36", text);
  console.log(
    [
      edge(`┌${"─".repeat(width)}┐`),
      ...body.map((l) => `${edge("│")} ${paint("1", l.padEnd(width - 1))}${edge("│")}`),
      edge(`└${"─".repeat(width)}┘`),
    ].join("\n"),
  );
}

// ── Steps ───────────────────────────────────────────────────────────────────────────────────────
async function main() {
  const options = parseArgs(process.argv.slice(2));
  let selected;
  try {
    selected = selectServices(options.services);
  } catch (err) {
    fail(err.message);
  }
  const names = selected.map((s) => s.name);
  const replicas = replicasFromEnv(process.env);

  // (a) Dependencies: setup.mjs knows how (system tools, `npm ci` when stale); without it, npm ci.
  if (existsSync(path.join(rootDir, "scripts/setup.mjs"))) {
    step("Checking tools and dependencies (scripts/setup.mjs)");
    const { code } = await run(process.execPath, ["scripts/setup.mjs", "--no-servers"]);
    if (code !== 0) fail(`scripts/setup.mjs failed (exit ${code})`);
  } else if (!existsSync(path.join(rootDir, "node_modules"))) {
    step("Installing dependencies (npm ci)");
    const { code } = await run("npm", ["ci"]);
    if (code !== 0) fail(`npm ci failed (exit ${code})`);
  }

  // (b) Build, quietly unless it fails.
  if (options.build) {
    const since = Date.now();
    step("Building (npx turbo run build)…");
    const { code, output } = await run("npx", ["turbo", "run", "build"], { quiet: true });
    if (code !== 0) {
      process.stderr.write(output);
      fail(`build failed (exit ${code})`);
    }
    step(`Built in ${seconds(since)}`);
  }

  // (c) PostgreSQL, NATS and RabbitMQ must already be running.
  const unreachable = await findUnreachableServers(process.env);
  if (unreachable.length) {
    console.error(describeUnreachable(unreachable));
    fail(
      `${unreachable.map((s) => s.name).join(", ")} not reachable: start ${unreachable.length > 1 ? "them" : "it"} and run again`,
    );
  }
  step("PostgreSQL, NATS and RabbitMQ are reachable");

  // (d) Migrations.
  const databases = selected.filter((s) => s.database).length;
  if (databases) {
    const since = Date.now();
    try {
      await migrateAll({ rootDir, env: process.env, services: names });
    } catch (err) {
      console.error(err.message);
      fail("migration failed");
    }
    step(`Migrated ${databases} database${databases > 1 ? "s" : ""} in ${seconds(since)}`);
  }
  if (options.migrateOnly) return;

  // (e)–(h) Run everything until Ctrl-C, SIGTERM or a crash.
  const count = selected.reduce((sum, s) => sum + (replicas[s.name] ?? 1), 0);
  step(
    `Starting ${selected.length} service${selected.length > 1 ? "s" : ""} (${count} process${count > 1 ? "es" : ""})…`,
  );
  const labelWidth = Math.max(...selected.map((s) => `${s.name}#${replicas[s.name] ?? 1}`.length));
  const json = process.env.LOG_FORMAT === "json";
  const startup = new AbortController();
  let stack;
  let stopping = false;

  async function shutdown(reason, exitCode) {
    if (stopping) return;
    stopping = true;
    step(reason);
    if (!stack) return startup.abort(); // startStack stops what it started, then rejects
    const results = await stack.stop();
    const forced = results.filter((r) => r.forced).map((r) => r.label);
    if (forced.length) console.error(paint("33", `${forced.join(", ")} did not stop within 10 s and were killed`));
    step("Stopped");
    process.exit(exitCode);
  }

  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, () => {
      // Second signal: leave now; stack.cjs SIGKILLs the children when this process exits.
      if (stopping) {
        console.error(paint("1;31", "Killing everything now."));
        process.exit(130);
      }
      shutdown(`${signal === "SIGINT" ? "Ctrl-C" : signal}: stopping everything (Ctrl-C again to kill at once)…`, 0);
    });
  }

  try {
    stack = await startStack({
      rootDir,
      env: {
        // The demo's operator is created at start unless one is configured (backoffice-api).
        ...(options.demo ? { OPERATOR_EMAIL: DEMO.operator, OPERATOR_PASSWORD: DEMO.password } : {}),
        ...process.env,
        NODE_ENV: process.env.NODE_ENV || "development",
      },
      services: names,
      replicas,
      signal: startup.signal,
      ownProcessGroup: true, // Ctrl-C is ours to handle: a child exiting on it would look like a crash
      onLog: (record) => console.log(json ? record.line : formatLine(record, labelWidth)),
      // A process that dies once the marketplace runs is started again, backing off while it keeps
      // dying (1 s doubling to 30 s), as a process supervisor would in production: one crash must
      // not stop the marketplace.
      restart: true,
      onRestart: (proc, { attempt, delayMs, exit }) => {
        const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
        const again = attempt > 1 ? ` (restart ${attempt} in a row)` : "";
        console.error(paint("1;41;97", ` ✖ ${proc.label} ${how}: restarting it in ${delayMs / 1000} s${again} `));
      },
      onRestarted: (proc) => console.error(paint("1;32", `✔ ${proc.label} is back (pid ${proc.pid})`)),
      onRestartFailed: (proc, err) =>
        console.error(paint("33", `${proc.label} did not come back: ${err.message.split("\n")[0]}`)),
    });
  } catch (err) {
    if (stopping) {
      step("Stopped"); // Ctrl-C during startup: startStack stopped what it had started
      process.exit(0);
    }
    console.error(err.message);
    fail("startup failed");
  }
  const gatewaysRunning = ["storefront-gateway", "vendor-api", "backoffice-api"].every((name) => stack.urls[name]);
  if (!stopping && options.demo && gatewaysRunning) await seedDemo(stack);
  if (!stopping) printReadyBox(stack);
}

main().catch((err) => fail(err.stack ?? String(err)));
