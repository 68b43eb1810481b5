// The whole marketplace for one e2e test file: every built service as a real process (through
// scripts/lib/stack.cjs, like `npm start`), on databases and a bus namespace of its own, so runs
// never touch the developer's marketplace_* databases nor each other's streams.
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { deleteBusNamespace } from "@mkt/testing";

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StackProcess {
  service: string;
  /** 0-based (SERVICE_REPLICA); the label shows it 1-based: "order#1". */
  replica: number;
  label: string;
  port: number;
  url: string;
  pid: number;
  /** The last 30 output lines. */
  logs: string[];
  exit?: ExitStatus;
}

export interface LogRecord {
  service: string;
  replica: number;
  label: string;
  stream: "stdout" | "stderr";
  line: string;
}

export interface StopResult extends ExitStatus {
  label: string;
  /** Did not exit within 10 s of SIGTERM and was SIGKILLed. */
  forced: boolean;
}

// The parts of the plain-CommonJS helpers (shared with `npm start`) that the tests use.
interface StackHandle {
  processes: StackProcess[];
  urls: Record<string, string>;
  stop(): Promise<StopResult[]>;
  kill(service: string, replica?: number): Promise<ExitStatus>;
  start(service: string, replica?: number): Promise<StackProcess>;
  killAndRestart(service: string, replica?: number): Promise<StackProcess>;
}
interface StackLib {
  startStack(options: {
    rootDir: string;
    env: NodeJS.ProcessEnv;
    services?: string[];
    replicas?: Record<string, number>;
    databaseSuffix?: string;
    readyTimeoutMs?: number;
    onLog?: (record: LogRecord) => void;
    restart?: RestartOptions;
    onRestart?: (proc: StackProcess, restart: { attempt: number; delayMs: number; exit: ExitStatus }) => void;
    onRestarted?: (proc: StackProcess) => void;
  }): Promise<StackHandle>;
  migrateAll(options: {
    rootDir: string;
    env: NodeJS.ProcessEnv;
    services?: string[];
    databaseSuffix?: string;
  }): Promise<unknown>;
  databaseUrlFor(service: string, env: NodeJS.ProcessEnv, options?: { databaseSuffix?: string }): string;
  selectServices(names?: string[]): { name: string; database: boolean }[];
}
/** The supervisor's backoff (scripts/lib/stack.cjs); `npm start` runs with its defaults. */
export interface RestartOptions {
  initialDelayMs?: number;
  maxDelayMs?: number;
  stableAfterMs?: number;
}

/** What the supervisor did: a restart scheduled for a process that died, then the process back. */
export type RestartRecord =
  | { kind: "scheduled"; label: string; pid: number; attempt: number; delayMs: number; exit: ExitStatus }
  | { kind: "back"; label: string; pid: number };

interface ServersLib {
  findUnreachableServers(env: NodeJS.ProcessEnv): Promise<unknown[]>;
  describeUnreachable(unreachable: unknown[]): string;
}
/* eslint-disable @typescript-eslint/no-require-imports */
const stackLib = require("../../scripts/lib/stack.cjs") as StackLib;
const serversLib = require("../../scripts/lib/servers.cjs") as ServersLib;
/* eslint-enable @typescript-eslint/no-require-imports */

export interface MarketplaceOptions {
  /** Service names (scripts/lib/services.cjs); all by default. */
  services?: string[];
  /** Processes per service, e.g. { order: 2 }; 1 by default. */
  replicas?: Record<string, number>;
  /** Extra environment for every process, e.g. { OUTBOX_POLL_MS: "50" }. */
  env?: Record<string, string>;
  /** Repository root; only the stack's own tests point it elsewhere. */
  rootDir?: string;
  /** Supervise like `npm start`: restart a process that dies on its own (off by default: tests kill on purpose). */
  restart?: RestartOptions;
  /**
   * How long each process may take to answer /readyz (60 s by default; one that exits fails at
   * once). More only with a beforeAll timeout above it: a hook that times out while the stack is
   * still starting leaves its processes running and their ports taken for the next test file.
   */
  readyTimeoutMs?: number;
}

export interface Marketplace {
  /** Unique per run: names the databases (marketplace_<name>_e2e_<runId>) and BUS_NAMESPACE (e2e_<runId>). */
  runId: string;
  busNamespace: string;
  /** Every process, the current one for each service × replica (a restart replaces its entry). */
  processes: readonly StackProcess[];
  /** http://127.0.0.1:<port of the replica><path>, e.g. url("storefront-gateway", "/api/v1/products"). */
  url(service: string, path?: string, replica?: number): string;
  /** Moves the clock of every running process forward (POST /__control/clock). */
  advanceClock(ms: number): Promise<void>;
  /** Moves the clock of every running process forward to `to` (POST /__control/clock); an instant already past fails. */
  setClock(to: Date): Promise<void>;
  /** SIGKILL (no graceful shutdown) and wait until it is gone. */
  kill(service: string, replica?: number): Promise<ExitStatus>;
  /** Start a killed process again and wait until it is ready. */
  start(service: string, replica?: number): Promise<StackProcess>;
  killAndRestart(service: string, replica?: number): Promise<StackProcess>;
  /** Every output line of this run so far (LOG_LEVEL=warn: warnings, errors and crashes). */
  logs(service?: string): LogRecord[];
  /** What the supervisor did so far (with `restart`). */
  restarts(): RestartRecord[];
  /** Stops every process (SIGTERM, SIGKILL after 10 s) and drops the run's databases. Safe to call twice. */
  stop(): Promise<StopResult[]>;
}

const repoRoot = path.resolve(__dirname, "../..");

export async function startMarketplace(options: MarketplaceOptions = {}): Promise<Marketplace> {
  const rootDir = options.rootDir ?? repoRoot;
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  const databaseSuffix = `_e2e_${runId}`;
  const busNamespace = `e2e_${runId}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "test",
    LOG_LEVEL: "warn",
    ...options.env,
    TEST_CONTROLS: "enabled",
    BUS_NAMESPACE: busNamespace,
  };

  const unreachable = await serversLib.findUnreachableServers(env);
  if (unreachable.length > 0) throw new Error(`e2e needs its servers:\n${serversLib.describeUnreachable(unreachable)}`);

  const databases = stackLib
    .selectServices(options.services)
    .filter((s) => s.database)
    .map((s) => new URL(stackLib.databaseUrlFor(s.name, env, { databaseSuffix })).pathname.slice(1));
  const dropDatabases = () =>
    dropAll(env.DATABASE_ADMIN_URL || "postgresql://postgres@127.0.0.1:5432/postgres", databases);

  const logs: LogRecord[] = [];
  const restarts: RestartRecord[] = [];
  let stack: StackHandle;
  try {
    await stackLib.migrateAll({ rootDir, env, services: options.services, databaseSuffix });
    stack = await stackLib.startStack({
      rootDir,
      env,
      services: options.services,
      replicas: options.replicas,
      databaseSuffix,
      readyTimeoutMs: options.readyTimeoutMs,
      onLog: (record) => {
        logs.push(record);
        if (process.env.E2E_LOGS) process.stderr.write(`${record.label} │ ${record.line}\n`);
      },
      restart: options.restart,
      onRestart: (proc, { attempt, delayMs, exit }) =>
        restarts.push({ kind: "scheduled", label: proc.label, pid: proc.pid, attempt, delayMs, exit }),
      onRestarted: (proc) => restarts.push({ kind: "back", label: proc.label, pid: proc.pid }),
    });
  } catch (err) {
    await dropDatabases();
    throw err;
  }

  let stopped: Promise<StopResult[]> | undefined;
  const moveClock = async (move: { advanceByMs: number } | { to: string }) => {
    const running = stack.processes.filter((p) => !p.exit);
    await Promise.all(
      running.map(async (p) => {
        const response = await fetch(`${p.url}/__control/clock`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(move),
        });
        const body = await response.text();
        if (response.status !== 200)
          throw new Error(`${p.label}: POST /__control/clock answered ${response.status}: ${body}`);
      }),
    );
  };
  return {
    runId,
    busNamespace,
    processes: stack.processes,
    url(service, urlPath = "/", replica = 0) {
      const proc = stack.processes.find((p) => p.service === service && p.replica === replica);
      if (!proc) throw new Error(`${service}#${replica + 1} is not running in this marketplace`);
      return `${proc.url}${urlPath}`;
    },
    advanceClock: (ms) => moveClock({ advanceByMs: ms }),
    setClock: (to) => moveClock({ to: to.toISOString() }),
    kill: (service, replica) => stack.kill(service, replica),
    start: (service, replica) => stack.start(service, replica),
    killAndRestart: (service, replica) => stack.killAndRestart(service, replica),
    logs: (service) => (service ? logs.filter((l) => l.service === service) : [...logs]),
    restarts: () => [...restarts],
    stop() {
      stopped ??= stack.stop().then(async (results) => {
        await dropDatabases();
        await deleteBusNamespace(busNamespace, env.NATS_URL);
        return results;
      });
      return stopped;
    },
  };
}

/** Drops the run's databases, even if a connection was left open (FORCE, PostgreSQL 13+). */
async function dropAll(adminUrl: string, databases: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const name of databases) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
