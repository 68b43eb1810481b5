/**
 * Applies a service's Prisma migrations without Prisma's schema engine (it cannot be downloaded
 * on our machines), recording them in `_prisma_migrations` exactly as `prisma migrate deploy`
 * does, so that Prisma run later on a connected machine agrees on what has been applied.
 *
 * Differences from Prisma, on purpose:
 * - a migration whose file changed after it was applied stops the run (Prisma only warns);
 * - the migration SQL and its "finished" bookkeeping commit in one transaction, so a crash
 *   cannot leave a migration applied but recorded as failed.
 */
import { createHash, randomUUID } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { Client } from "pg";

/** The advisory lock key `prisma migrate` takes, so our runs and Prisma's exclude each other. */
export const PRISMA_MIGRATE_ADVISORY_LOCK = 72707369;

/** Prisma's PostgreSQL DDL for its bookkeeping table (read from the schema engine). */
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export type MigrationErrorCode =
  /** The migrations folder is missing or malformed. */
  | "INVALID_MIGRATIONS"
  /** A previous run failed and was not marked rolled back (Prisma's P3009). */
  | "FAILED_MIGRATION_PENDING"
  /** An applied migration's migration.sql no longer matches its recorded checksum. */
  | "MODIFIED_MIGRATION"
  /** A migration's SQL failed now (Prisma's P3018). */
  | "MIGRATION_FAILED"
  /** Another migrator held the advisory lock for longer than `lockTimeoutMs`. */
  | "LOCK_TIMEOUT"
  /** The database URL cannot be used. */
  | "INVALID_DATABASE_URL";

/** An expected migration failure: its message is meant for humans, without a stack trace. */
export class MigrationError extends Error {
  override readonly name: string = "MigrationError";
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
    /** The migration concerned, when there is one. */
    readonly migration?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class FailedMigrationError extends MigrationError {
  override readonly name = "FailedMigrationError";
  constructor(
    migration: string,
    readonly startedAt: Date,
    readonly logs: string | null,
  ) {
    super(
      "FAILED_MIGRATION_PENDING",
      `Migration ${migration} (started ${startedAt.toISOString()}) failed earlier and is still recorded as failed ` +
        `in _prisma_migrations, so no new migration will be applied (as Prisma's P3009).` +
        (logs ? `\nIts error was: ${firstLine(logs)}` : "") +
        `\nIts transaction was rolled back. Fix migration.sql, then mark it rolled back with ` +
        `\`npx prisma migrate resolve --rolled-back ${migration}\` or ` +
        `\`UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '${migration}' AND finished_at IS NULL\`, and run again.`,
      migration,
    );
  }
}

export class ModifiedMigrationError extends MigrationError {
  override readonly name = "ModifiedMigrationError";
  constructor(
    readonly migrations: { name: string; recordedChecksum: string; fileChecksum: string }[],
    migrationsDir: string,
  ) {
    const names = migrations.map((m) => m.name);
    super(
      "MODIFIED_MIGRATION",
      `Migration${names.length > 1 ? "s" : ""} ${names.join(", ")} ${names.length > 1 ? "were" : "was"} modified after being applied: ` +
        `migration.sql in ${migrationsDir} no longer matches the checksum recorded in _prisma_migrations ` +
        migrations.map((m) => `(${m.name}: recorded ${m.recordedChecksum}, file ${m.fileChecksum})`).join(", ") +
        `. Applied migrations must not change: restore the file and put the change in a new migration.`,
      names[0],
    );
  }
}

export class MigrationFailedError extends MigrationError {
  override readonly name = "MigrationFailedError";
  constructor(
    migration: string,
    /** The database error text, as recorded in `_prisma_migrations.logs`. */
    readonly logs: string,
    cause: unknown,
  ) {
    super(
      "MIGRATION_FAILED",
      `Migration ${migration} failed: ${logs}\n` +
        `Its transaction was rolled back and it is recorded as failed in _prisma_migrations; later runs refuse to ` +
        `proceed until it is marked rolled back (\`npx prisma migrate resolve --rolled-back ${migration}\`).`,
      migration,
      { cause },
    );
  }
}

export interface ApplyMigrationsOptions {
  databaseUrl: string;
  /** A Prisma migrations folder: `<YYYYMMDDHHMMSS_name>/migration.sql` + `migration_lock.toml`. */
  migrationsDir: string;
  /** Receives one line per applied migration and any warning. */
  log?: (message: string) => void;
  /** How long to wait for another migrator's advisory lock (default 60 s). */
  lockTimeoutMs?: number;
}

export interface ApplyMigrationsResult {
  applied: string[];
  alreadyApplied: string[];
}

interface LocalMigration {
  name: string;
  script: Buffer;
  checksum: string;
}

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
}

/**
 * Creates the database named in `databaseUrl` when it does not exist, through the server's
 * maintenance database. Returns true when this call created it. Safe when several processes
 * race: losing the race counts as "already there".
 */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const { database } = parseDatabaseUrl(databaseUrl);
  const client = await connectMaintenance(databaseUrl);
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
      return true;
    } catch (error) {
      // 42P04 duplicate_database; 23505 when two CREATE DATABASE collide on pg_database's unique index.
      if (isPgError(error, "42P04") || isPgError(error, "23505")) return false;
      throw error;
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Applies every migration of `migrationsDir` not yet applied to the database, in name order,
 * under Prisma's advisory lock. Idempotent: a second run applies nothing.
 */
export async function applyMigrations(options: ApplyMigrationsOptions): Promise<ApplyMigrationsResult> {
  const { databaseUrl, migrationsDir, log = () => undefined, lockTimeoutMs = 60_000 } = options;
  // Read the files first: a malformed folder should fail before touching the database.
  const local = await readLocalMigrations(migrationsDir);
  const { connectionString, schema } = parseDatabaseUrl(databaseUrl);

  const client = new Client({ connectionString });
  // Errors while a query runs reject that query; this only keeps a dropped idle connection from crashing the process.
  client.on("error", () => undefined);
  await client.connect();
  let locked = false;
  try {
    if (schema) await client.query(`SET search_path TO ${client.escapeIdentifier(schema)}`);
    await acquireLock(client, lockTimeoutMs);
    locked = true;
    // Created under the lock: concurrent CREATE ... IF NOT EXISTS can still collide in PostgreSQL.
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${client.escapeIdentifier(schema)}`);
    await client.query(CREATE_MIGRATIONS_TABLE);

    const rows = (
      await client.query<MigrationRow>(
        `SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at
           FROM "_prisma_migrations" ORDER BY started_at ASC`,
      )
    ).rows;

    const failed = rows.find((row) => row.finished_at === null && row.rolled_back_at === null);
    if (failed) throw new FailedMigrationError(failed.migration_name, failed.started_at, failed.logs);

    const appliedRows = new Map<string, MigrationRow>();
    for (const row of rows) {
      if (row.finished_at !== null && row.rolled_back_at === null) appliedRows.set(row.migration_name, row);
    }

    const modified = local.flatMap((migration) => {
      const row = appliedRows.get(migration.name);
      return row && !scriptMatchesChecksum(migration.script, row.checksum)
        ? [{ name: migration.name, recordedChecksum: row.checksum, fileChecksum: migration.checksum }]
        : [];
    });
    if (modified.length > 0) throw new ModifiedMigrationError(modified, migrationsDir);

    const localNames = new Set(local.map((m) => m.name));
    for (const name of appliedRows.keys()) {
      if (!localNames.has(name))
        log(`Warning: migration ${name} is recorded as applied but is not in ${migrationsDir}`);
    }

    const result: ApplyMigrationsResult = { applied: [], alreadyApplied: [] };
    for (const migration of local) {
      if (appliedRows.has(migration.name)) {
        result.alreadyApplied.push(migration.name);
        continue;
      }
      const startedAt = Date.now();
      await applyOne(client, migration);
      result.applied.push(migration.name);
      log(`Applied migration ${migration.name} (${Date.now() - startedAt} ms)`);
    }
    return result;
  } finally {
    if (locked) {
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_ADVISORY_LOCK]).catch(() => undefined);
    }
    await client.end().catch(() => undefined);
  }
}

/** sha256 hex of the bytes of a migration.sql, as Prisma records it. */
export function migrationChecksum(script: Buffer | string): string {
  return createHash("sha256").update(script).digest("hex");
}

/**
 * Prisma's comparison: line-ending agnostic (git may convert them), and it accepts the
 * non-zero-padded hex that early Prisma versions wrote (prisma-engines#1887).
 */
function scriptMatchesChecksum(script: Buffer, recorded: string): boolean {
  const text = script.toString("utf8");
  const variants = [script, Buffer.from(text.replace(/\r\n/g, "\n")), Buffer.from(text.replace(/\n/g, "\r\n"))];
  return variants.some((variant) => {
    const digest = createHash("sha256").update(variant).digest();
    const formatted =
      recorded.length !== 64 && recorded.length > 0
        ? Array.from(digest, (byte) => byte.toString(16)).join("")
        : digest.toString("hex");
    return formatted === recorded;
  });
}

async function applyOne(client: Client, migration: LocalMigration): Promise<void> {
  const id = randomUUID();
  // Recorded before running, outside the migration's transaction, so a failure stays on record.
  await client.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`,
    [id, migration.checksum, migration.name],
  );
  const sql = migration.script.toString("utf8");
  try {
    await client.query("BEGIN");
    await client.query(sql);
    await client.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [
      id,
    ]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    const logs = describeSqlError(error, sql);
    await client.query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [id, logs]).catch(() => undefined); // the connection may be gone; the row then stays unfinished without logs
    throw new MigrationFailedError(migration.name, logs, error);
  }
}

async function acquireLock(client: Client, timeoutMs: number): Promise<void> {
  // lock_timeout also bounds advisory lock waits; reset before any migration SQL runs.
  await client.query(`SET lock_timeout = ${Math.max(0, Math.floor(timeoutMs))}`);
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_ADVISORY_LOCK]);
  } catch (error) {
    if (isPgError(error, "55P03")) {
      throw new MigrationError(
        "LOCK_TIMEOUT",
        `Timed out after ${timeoutMs} ms waiting for the migration lock (pg_advisory_lock(${PRISMA_MIGRATE_ADVISORY_LOCK})): ` +
          `another migrator is running on this database.`,
      );
    }
    throw error;
  } finally {
    await client.query("RESET lock_timeout");
  }
}

async function readLocalMigrations(migrationsDir: string): Promise<LocalMigration[]> {
  let entries;
  try {
    entries = await fs.readdir(migrationsDir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new MigrationError("INVALID_MIGRATIONS", `Migrations folder not found: ${migrationsDir}`);
    }
    throw error;
  }

  const lockFile = entries.find((entry) => entry.isFile() && entry.name === "migration_lock.toml");
  if (lockFile) {
    const lock = await fs.readFile(path.join(migrationsDir, lockFile.name), "utf8");
    const provider = /^\s*provider\s*=\s*"([^"]*)"/m.exec(lock)?.[1];
    if (provider && provider !== "postgresql") {
      throw new MigrationError(
        "INVALID_MIGRATIONS",
        `${path.join(migrationsDir, lockFile.name)} says provider = "${provider}"; these migrations are not for PostgreSQL.`,
      );
    }
  }

  // Prisma orders migrations by folder name (the timestamp prefix), byte-wise.
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(migrationsDir, name, "migration.sql");
      let script: Buffer;
      try {
        script = await fs.readFile(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") {
          throw new MigrationError("INVALID_MIGRATIONS", `Migration ${name} has no migration.sql (${file})`, name);
        }
        throw error;
      }
      return { name, script, checksum: migrationChecksum(script) };
    }),
  );
}

/** A readable one-paragraph account of a PostgreSQL error, with the line it happened on. */
function describeSqlError(error: unknown, sql: string): string {
  if (!(error instanceof Error)) return String(error);
  const pg = error as Error & { code?: string; position?: string; detail?: string; hint?: string; where?: string };
  const parts = [pg.message];
  if (pg.code) parts[0] += ` (SQLSTATE ${pg.code})`;
  const position = pg.position ? Number(pg.position) : NaN;
  if (Number.isInteger(position) && position > 0) {
    const before = sql.slice(0, position - 1);
    const line = before.split("\n").length;
    const text = sql.split("\n")[line - 1]?.trim();
    parts.push(`at migration.sql line ${line}${text ? `: ${text}` : ""}`);
  }
  if (pg.detail) parts.push(`Detail: ${pg.detail}`);
  if (pg.hint) parts.push(`Hint: ${pg.hint}`);
  if (pg.where) parts.push(`Where: ${pg.where}`);
  return parts.join("\n");
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? text;
}

function isPgError(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === code;
}

interface ParsedDatabaseUrl {
  /** The URL to hand to `pg`, without Prisma-only parameters. */
  connectionString: string;
  database: string;
  /** Prisma's `?schema=` parameter, when it names a schema other than public. */
  schema?: string;
}

/** Reads a PostgreSQL URL the way Prisma does for what matters here (database and `schema`). */
export function parseDatabaseUrl(databaseUrl: string): ParsedDatabaseUrl {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new MigrationError(
      "INVALID_DATABASE_URL",
      "The database URL is not a valid URL (expected postgresql://user@host:port/database).",
    );
  }
  if (url.protocol !== "postgresql:" && url.protocol !== "postgres:") {
    throw new MigrationError(
      "INVALID_DATABASE_URL",
      `The database URL must start with postgresql:// (got ${url.protocol}//).`,
    );
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (!database)
    throw new MigrationError(
      "INVALID_DATABASE_URL",
      "The database URL names no database (postgresql://user@host:port/<database>).",
    );
  const schema = url.searchParams.get("schema") ?? undefined;
  url.searchParams.delete("schema");
  return { connectionString: url.toString(), database, schema: schema && schema !== "public" ? schema : undefined };
}

/** Connects to the server's maintenance database (`postgres`, or `template1` where that is absent). */
async function connectMaintenance(databaseUrl: string): Promise<Client> {
  const { connectionString } = parseDatabaseUrl(databaseUrl);
  let lastError: unknown;
  for (const maintenance of ["postgres", "template1"]) {
    const url = new URL(connectionString);
    url.pathname = `/${maintenance}`;
    const client = new Client({ connectionString: url.toString() });
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      lastError = error;
      if (!isPgError(error, "3D000")) throw error; // only "database does not exist" tries the next one
    }
  }
  throw lastError;
}
