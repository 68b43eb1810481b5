#!/usr/bin/env node
// One command that gets a machine ready for `npm test`: the system tools the tests shell out to,
// the npm dependencies, and the servers (PostgreSQL, NATS, RabbitMQ).
//
//   node scripts/setup.mjs                # tools + npm ci when needed + server check
//   node scripts/setup.mjs --no-servers   # skip the server check (e.g. only building)
//
// Plain Node ESM with no npm dependencies: it runs before `npm ci` has ever run. It is called
// first by `npm test`, so it must stay fast when everything is already there: it only looks at
// PATH, hashes one file and opens three TCP connections; apt-get and npm run only when needed.
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// System tools the tests need, installed from Debian (bookworm main). Add a line when a test
// starts to shell out to something new, e.g.
//   { command: "pdftoppm", debianPackage: "poppler-utils", why: "invoice PDF tests render pages to PNG" },
//   { command: "chromium", debianPackage: "chromium", why: "browser tests drive chromium (playwright-core)" },
const tools = [
  {
    command: "docker-compose",
    debianPackage: "docker-compose",
    why: "infra tests validate infra/docker-compose.yml with `docker-compose config` (Debian has no compose v2 plugin; v1.29.2 needs no Docker engine for this)",
  },
  {
    command: "pdftotext",
    debianPackage: "poppler-utils",
    why: "document tests read generated PDFs back as text with poppler, as a PDF viewer would",
  },
];

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = new Set(process.argv.slice(2));
const started = Date.now();

if (args.has("--help") || args.has("-h")) {
  console.log("usage: node scripts/setup.mjs [--no-servers]");
  process.exit(0);
}
for (const arg of args) {
  if (arg !== "--no-servers") fail(`unknown option ${arg} (usage: node scripts/setup.mjs [--no-servers])`);
}

ensureTools();
ensureNodeModules();
if (!args.has("--no-servers")) await ensureServers();
console.log(`setup: ready (${Date.now() - started} ms)`);

// --- system tools ----------------------------------------------------------------------------

function ensureTools() {
  const missing = tools.filter((tool) => !onPath(tool.command));
  if (missing.length === 0) return;

  const packages = [...new Set(missing.map((tool) => tool.debianPackage))];
  const install = `apt-get install -y --no-install-recommends ${packages.join(" ")}`;
  console.log("setup: missing system tools:");
  for (const tool of missing) console.log(`  - ${tool.command} (Debian package ${tool.debianPackage}): ${tool.why}`);

  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot || !onPath("apt-get")) {
    fail(
      `install them, then run this again:\n` +
        `  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive ${install}` +
        (onPath("apt-get")
          ? ""
          : "\n(no apt-get here: install the equivalent packages with your system's package manager)"),
    );
  }

  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  run("apt-get", ["update"], { env });
  run("apt-get", ["install", "-y", "--no-install-recommends", ...packages], { env });

  const stillMissing = missing.filter((tool) => !onPath(tool.command));
  if (stillMissing.length > 0) {
    fail(`installed ${packages.join(" ")} but still cannot find: ${stillMissing.map((t) => t.command).join(", ")}`);
  }
}

function onPath(command) {
  for (const dir of (process.env.PATH || "").split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

// --- npm dependencies ------------------------------------------------------------------------

// The stamp holds the sha256 of the package-lock.json that node_modules was installed from.
// `npm ci` deletes node_modules (and so the stamp); when the stamp is missing but npm's own
// hidden lockfile (node_modules/.package-lock.json, written at the end of every install) is not
// older than package-lock.json, the tree is taken as current and the stamp written, so that
// `npm ci` in .ci/run followed by `npm test` does not install twice.
function ensureNodeModules() {
  const lockfile = join(root, "package-lock.json");
  const nodeModules = join(root, "node_modules");
  const stamp = join(nodeModules, ".mkt-installed");
  const hiddenLockfile = join(nodeModules, ".package-lock.json");
  if (!existsSync(lockfile)) fail("package-lock.json is missing: run `npm install` once to create it");

  const lockHash = createHash("sha256").update(readFileSync(lockfile)).digest("hex");
  if (existsSync(stamp) && readFileSync(stamp, "utf8").trim() === lockHash) return;

  const stampMissing = !existsSync(stamp);
  const installedAfterLock =
    existsSync(hiddenLockfile) && statSync(hiddenLockfile).mtimeMs >= statSync(lockfile).mtimeMs - 2000;
  if (!(stampMissing && installedAfterLock)) {
    console.log(
      existsSync(nodeModules)
        ? "setup: node_modules is older than package-lock.json: running npm ci"
        : "setup: node_modules is missing: running npm ci",
    );
    run("npm", ["ci"], { cwd: root });
  }
  writeFileSync(stamp, `${lockHash}\n`);
}

// --- servers ---------------------------------------------------------------------------------

async function ensureServers() {
  const require = createRequire(import.meta.url);
  const { findUnreachableServers, describeUnreachable } = require("./lib/servers.cjs");
  const unreachable = await findUnreachableServers();
  if (unreachable.length === 0) return;
  fail(
    `${unreachable.length} server(s) the tests need are not reachable:\n${describeUnreachable(unreachable)}\n` +
      "(skip this check with --no-servers)",
  );
}

// --- helpers ---------------------------------------------------------------------------------

function run(command, commandArgs, options = {}) {
  console.log(`setup: $ ${command} ${commandArgs.join(" ")}`);
  const result = spawnSync(command, commandArgs, { stdio: "inherit", ...options });
  if (result.error) fail(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${commandArgs.join(" ")} failed (exit ${result.status ?? result.signal})`);
}

function fail(message) {
  console.error(`setup: ${message}`);
  process.exit(1);
}
