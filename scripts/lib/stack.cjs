// Starts the marketplace's processes (built services) and stops them again: used by `npm start`
// and the e2e tests. Plain CommonJS with no dependencies, like services.cjs and servers.cjs.
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const http = require("node:http");
const path = require("node:path");
const readline = require("node:readline");
const { services, databaseNameFor, replicaPort, serviceUrls } = require("./services.cjs");
const { canConnect } = require("./servers.cjs");

const DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres";
const LOG_LINES_KEPT = 30;
const STOP_GRACE_MS = 10_000;

/**
 * How long a supervisor waits before restarting a process that died, by restart attempt (1, 2,
 * …): 1 s doubling to 30 s at most, as a process supervisor backs off a crash loop. A process that
 * stayed up for `stableAfterMs` counts as healthy again: its next death starts over at attempt 1.
 */
const RESTART_DEFAULTS = { initialDelayMs: 1000, maxDelayMs: 30_000, stableAfterMs: 60_000 };

function restartDelay(attempt, { initialDelayMs, maxDelayMs } = RESTART_DEFAULTS) {
  return Math.min(maxDelayMs, initialDelayMs * 2 ** Math.max(0, attempt - 1));
}

/** The services called `names` (all by default), failing on a name services.cjs does not know. */
function selectServices(names) {
  if (!names) return services;
  return names.map((name) => {
    const service = services.find((s) => s.name === name);
    if (!service) throw new Error(`unknown service "${name}" (known: ${services.map((s) => s.name).join(", ")})`);
    return service;
  });
}

/** DATABASE_URL of a service: DATABASE_ADMIN_URL with the service's database name (+ suffix, e.g. per e2e run). */
function databaseUrlFor(name, env = process.env, { databaseSuffix = "" } = {}) {
  const url = new URL(env.DATABASE_ADMIN_URL || DEFAULT_ADMIN_URL);
  url.pathname = `/${databaseNameFor(name)}${databaseSuffix}`;
  return url.toString();
}

/** A URL fit for messages: no password. */
function redact(url) {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, "//$1:***@");
}

/** Runs a command to its end, collecting stdout and stderr together. */
function runCollecting(command, args, options) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", (err) => resolve({ code: -1, output: output + String(err) }));
    child.on("close", (code, signal) => resolve({ code: code ?? signal, output }));
  });
}

/**
 * Creates (if missing) and migrates the database of every selected service that has one, a few at
 * a time. Fails naming the service and showing the migrator's output.
 */
async function migrateAll({ rootDir, env = process.env, services: names, databaseSuffix = "", parallelism = 4 }) {
  const migrator = path.join(rootDir, "packages/db-tools/dist/migrate-cli.js");
  if (!fs.existsSync(migrator)) throw new Error(`${migrator} is missing: build first (npx turbo run build)`);
  const queue = selectServices(names).filter((s) => s.database);
  const results = [];
  const failures = [];
  async function worker() {
    for (let service = queue.shift(); service; service = queue.shift()) {
      const databaseUrl = databaseUrlFor(service.name, env, { databaseSuffix });
      const { code, output } = await runCollecting(process.execPath, [migrator], {
        cwd: path.join(rootDir, "services", service.name),
        env: { ...env, DATABASE_URL: databaseUrl },
      });
      if (code === 0) results.push({ service: service.name, databaseUrl, output });
      else
        failures.push(`migrating ${service.name} (${redact(databaseUrl)}) failed (exit ${code}):\n${output.trimEnd()}`);
    }
  }
  await Promise.all(Array.from({ length: parallelism }, worker));
  if (failures.length > 0) throw new Error(failures.join("\n\n"));
  return results;
}

/** Status code of a GET, or the reason there is none (connection refused, timeout). */
function getStatus(url, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", (err) => resolve(err.code || err.message));
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function describeExit({ code, signal }) {
  return signal ? `signal ${signal}` : `exit code ${code}`;
}

function failure(proc, what) {
  const lines = proc.logs.length ? proc.logs.map((l) => `  | ${l}`).join("\n") : "  (no output)";
  const error = new Error(`${proc.label} ${what}. Last log lines:\n${lines}`);
  error.service = proc.service;
  return error;
}

/**
 * Starts every selected service × replica (`node dist/main.js`, cwd = the service folder) and
 * resolves once each answers 200 on /readyz. Options:
 *   rootDir, env (base environment), services (names; all by default), replicas ({ order: 2 }),
 *   databaseSuffix (appended to each database name), readyTimeoutMs (default 60 s),
 *   onLog({ service, replica, label, stream, line }) for each output line,
 *   onExit(proc, { code, signal }) when a process exits on its own (not through stop/kill),
 *   restart (supervise: a process that exits on its own once the stack is up is started again,
 *     after restartDelay(attempt); `true` or { initialDelayMs, maxDelayMs, stableAfterMs }),
 *   onRestart(proc, { attempt, delayMs, exit }) when a restart is scheduled, onRestarted(proc) once
 *     the new process is ready, onRestartFailed(proc, error) when it died again before being ready,
 *   signal (AbortSignal: cancels startup, stopping what was started),
 *   ownProcessGroup (children do not receive the terminal's Ctrl-C: for a caller that forwards
 *     signals itself, like `npm start`; tests leave it off so a Ctrl-C on jest reaches them too).
 * Labels are "order#1", "order#2"… (replica index + 1); SERVICE_REPLICA is the 0-based index.
 */
async function startStack(options) {
  const { rootDir, env = process.env, replicas = {}, databaseSuffix = "", readyTimeoutMs = 60_000 } = options;
  const { onLog, onExit, signal: abortSignal, ownProcessGroup = false } = options;
  const restart = options.restart
    ? { ...RESTART_DEFAULTS, ...(options.restart === true ? {} : options.restart) }
    : null;
  const selected = selectServices(options.services);
  for (const name of Object.keys(replicas)) selectServices([name]);
  const processes = [];
  let stopping = false;
  // The supervisor takes over once every process was ready: a failing start is startStack's to report.
  let started = false;
  let stopResults;

  // If this process ends without stop() (jest crash, second Ctrl-C, uncaught error), take the
  // children along.
  const killAllNow = () => processes.forEach((p) => p.exit || p.child.kill("SIGKILL"));
  process.on("exit", killAllNow);

  // A process already on the port (another `npm start` or e2e run) would answer /readyz for ours.
  async function ensurePortFree(service, replica) {
    const port = replicaPort(service, replica, env);
    if (await canConnect({ host: "127.0.0.1", port }, 500)) {
      throw new Error(
        `port ${port} (${service.name}#${replica + 1}) is already in use: is another \`npm start\` or e2e run going on?`,
      );
    }
  }

  function spawnOne(service, replica) {
    const cwd = path.join(rootDir, "services", service.name);
    const main = path.join(cwd, "dist/main.js");
    if (!fs.existsSync(main)) throw new Error(`${main} is missing: build first (npx turbo run build)`);
    const port = replicaPort(service, replica, env);
    // Each service is told where the others listen (their settings' defaults assume no offset).
    const childEnv = { ...serviceUrls(env), ...env, PORT: String(port), SERVICE_REPLICA: String(replica) };
    if (service.database) childEnv.DATABASE_URL = databaseUrlFor(service.name, env, { databaseSuffix });
    else delete childEnv.DATABASE_URL;
    // SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof": node flags for every service process
    // (NODE_OPTIONS refuses --cpu-prof); for profiling a benchmark or an e2e run.
    const nodeArgs = (env.SERVICE_NODE_ARGS ?? "").split(" ").filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, "dist/main.js"], {
      cwd,
      env: childEnv,
      stdio: ["ignore", "pipe", "pipe"],
      detached: ownProcessGroup,
    });
    const proc = {
      service: service.name,
      startedAt: Date.now(),
      restarts: 0,
      replica,
      label: `${service.name}#${replica + 1}`,
      port,
      url: `http://127.0.0.1:${port}`,
      pid: child.pid,
      child,
      logs: [],
      exit: undefined,
      expectedExit: false,
      forced: false,
    };
    for (const stream of ["stdout", "stderr"]) {
      readline.createInterface({ input: child[stream], crlfDelay: Infinity }).on("line", (line) => {
        proc.logs.push(line);
        if (proc.logs.length > LOG_LINES_KEPT) proc.logs.shift();
        onLog?.({ service: proc.service, replica, label: proc.label, stream, line });
      });
    }
    proc.exited = new Promise((resolve) => {
      child.on("error", (err) => proc.logs.push(`failed to start: ${err.message}`));
      child.on("close", (code, signal) => {
        proc.exit = { code, signal };
        if (!stopping && !proc.expectedExit) {
          onExit?.(proc, proc.exit);
          if (restart && started) scheduleRestart(proc);
        }
        resolve(proc.exit);
      });
    });
    return proc;
  }

  async function waitReady(proc, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    let last = "no answer yet";
    for (;;) {
      if (stopping || abortSignal?.aborted) throw new Error(`startup of ${proc.label} was cancelled`);
      if (proc.exit) throw failure(proc, `exited (${describeExit(proc.exit)}) before it was ready`);
      if (Date.now() > deadline) throw failure(proc, `was not ready within ${timeoutMs} ms (last /readyz: ${last})`);
      last = await getStatus(`${proc.url}/readyz`);
      if (last === 200) return;
      await sleep(100);
    }
  }

  function find(name, replica = 0) {
    const index = processes.findIndex((p) => p.service === name && p.replica === replica);
    if (index < 0) throw new Error(`${name}#${replica + 1} is not part of this stack`);
    return { index, proc: processes[index] };
  }

  const restartTimers = new Set();

  /** The supervisor: starts a process that died on its own again, backing off while it keeps dying. */
  function scheduleRestart(dead) {
    const upFor = Date.now() - dead.startedAt;
    const attempt = upFor >= restart.stableAfterMs ? 1 : dead.restarts + 1;
    const delayMs = restartDelay(attempt, restart);
    options.onRestart?.(dead, { attempt, delayMs, exit: dead.exit });
    const timer = setTimeout(async () => {
      restartTimers.delete(timer);
      const index = processes.indexOf(dead);
      if (stopping || index < 0) return; // stopped, or replaced by start() meanwhile
      const service = selectServices([dead.service])[0];
      let fresh;
      try {
        await ensurePortFree(service, dead.replica);
        fresh = spawnOne(service, dead.replica);
      } catch (err) {
        // The port is taken or the build is gone: try again later, saying why.
        dead.restarts = attempt;
        options.onRestartFailed?.(dead, err);
        if (!stopping) scheduleRestart(dead);
        return;
      }
      fresh.restarts = attempt;
      processes[index] = fresh;
      try {
        await waitReady(fresh, readyTimeoutMs);
        options.onRestarted?.(fresh);
      } catch (err) {
        if (stopping) return;
        options.onRestartFailed?.(fresh, err);
        // Died before being ready: its close handler schedules the next attempt; a process that
        // hangs without becoming ready is killed, which does the same.
        if (!fresh.exit) fresh.child.kill("SIGKILL");
      }
    }, delayMs);
    restartTimers.add(timer);
  }

  async function terminate(proc) {
    if (!proc.exit) {
      proc.expectedExit = true;
      proc.child.kill("SIGTERM");
      const timer = setTimeout(() => {
        proc.forced = true;
        proc.child.kill("SIGKILL");
      }, STOP_GRACE_MS);
      await proc.exited;
      clearTimeout(timer);
    }
    return { label: proc.label, ...proc.exit, forced: proc.forced };
  }

  /** SIGTERM to all, SIGKILL after 10 s; resolves with each process's exit once all have exited. */
  async function stop() {
    stopping = true;
    for (const timer of restartTimers) clearTimeout(timer);
    restartTimers.clear();
    stopResults ??= Promise.all(processes.map(terminate)).finally(() => process.off("exit", killAllNow));
    return stopResults;
  }

  /** SIGKILL one process (no graceful shutdown: as if the machine died) and wait for it to be gone. */
  async function kill(name, replica = 0) {
    const { proc } = find(name, replica);
    if (proc.exit) return proc.exit;
    proc.expectedExit = true;
    proc.child.kill("SIGKILL");
    return proc.exited;
  }

  /** Starts a process that was killed (or crashed) again, on the same port, and waits until it is ready. */
  async function start(name, replica = 0) {
    const { index, proc } = find(name, replica);
    if (!proc.exit) throw new Error(`${proc.label} is still running`);
    if (stopping) throw new Error("the stack is stopping");
    const service = selectServices([name])[0];
    await ensurePortFree(service, replica);
    const fresh = spawnOne(service, replica);
    processes[index] = fresh;
    await waitReady(fresh, readyTimeoutMs);
    return fresh;
  }

  async function killAndRestart(name, replica = 0) {
    await kill(name, replica);
    return start(name, replica);
  }

  const urls = Object.fromEntries(selected.map((s) => [s.name, `http://127.0.0.1:${replicaPort(s, 0)}`]));
  const handle = {
    processes,
    urls,
    stop,
    kill,
    start,
    killAndRestart,
    process: (name, replica) => find(name, replica).proc,
  };
  const wanted = selected.flatMap((service) =>
    Array.from({ length: replicas[service.name] ?? 1 }, (_, replica) => ({ service, replica })),
  );
  try {
    await Promise.all(wanted.map(({ service, replica }) => ensurePortFree(service, replica)));
    for (const { service, replica } of wanted) processes.push(spawnOne(service, replica));
    await Promise.all(processes.map((p) => waitReady(p, readyTimeoutMs)));
    started = true;
  } catch (err) {
    await stop();
    throw err;
  }
  return handle;
}

module.exports = { startStack, migrateAll, databaseUrlFor, selectServices, redact, restartDelay };
