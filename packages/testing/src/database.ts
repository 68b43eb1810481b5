/**
 * Throwaway PostgreSQL databases for integration tests: each suite gets its own database on the
 * shared server, so suites run in parallel without seeing each other's rows.
 */
import { randomBytes } from "node:crypto";
import { Client } from "pg";

export const DEFAULT_DATABASE_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

/** Marks databases made here, so stale ones can be found and dropped safely. */
const COMMENT_PREFIX = "@mkt/testing throwaway database, created_at=";

export interface CreateTestDatabaseOptions {
  /** Part of the database name (`test_<label>_<random>`), to tell leftovers apart. */
  label: string;
  /** Migrations to apply; needs `migrate`, which receives it as its second argument. */
  migrationsDir?: string;
  /**
   * Prepares the new database, typically `(url, dir) => applyMigrations({ databaseUrl: url, migrationsDir: dir })`
   * from @mkt/service-kit (passed in because the kit depends on this package, not the reverse).
   */
  migrate?: (url: string, migrationsDir?: string) => Promise<unknown>;
  /** A URL of any database on the server, used to create and drop; default env DATABASE_ADMIN_URL. */
  adminUrl?: string;
}

export interface TestDatabase {
  /** Connection URL of the new database. */
  url: string;
  name: string;
  /** Disconnects whatever is still connected, then drops the database. Safe to call twice. */
  drop(): Promise<void>;
}

export async function createTestDatabase(options: CreateTestDatabaseOptions): Promise<TestDatabase> {
  if (options.migrationsDir !== undefined && !options.migrate) {
    throw new TypeError(
      "createTestDatabase: migrationsDir needs a migrate callback, e.g. " +
        "migrate: (url, dir) => applyMigrations({ databaseUrl: url, migrationsDir: dir! })",
    );
  }
  const adminUrl = options.adminUrl ?? process.env.DATABASE_ADMIN_URL ?? DEFAULT_DATABASE_ADMIN_URL;
  const name = testDatabaseName(options.label);

  await withAdmin(adminUrl, async (admin) => {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
    await admin.query(
      `COMMENT ON DATABASE ${admin.escapeIdentifier(name)} IS ${admin.escapeLiteral(COMMENT_PREFIX + new Date().toISOString())}`,
    );
  });

  const url = databaseUrl(adminUrl, name);
  const database: TestDatabase = { url, name, drop: () => dropDatabase(adminUrl, name) };
  if (options.migrate) {
    try {
      await options.migrate(url, options.migrationsDir);
    } catch (error) {
      await database.drop().catch(() => undefined);
      throw error;
    }
  }
  return database;
}

/**
 * Drops databases made by createTestDatabase more than `olderThanHours` ago (left behind by
 * killed test runs). Returns their names.
 */
export async function dropStaleTestDatabases(olderThanHours = 24, adminUrl?: string): Promise<string[]> {
  const url = adminUrl ?? process.env.DATABASE_ADMIN_URL ?? DEFAULT_DATABASE_ADMIN_URL;
  const cutoff = Date.now() - olderThanHours * 3_600_000;
  const stale = await withAdmin(url, async (admin) => {
    const { rows } = await admin.query<{ datname: string; comment: string | null }>(
      `SELECT datname, shobj_description(oid, 'pg_database') AS comment
         FROM pg_database WHERE datname LIKE 'test\\_%'`,
    );
    return rows
      .filter((row) => row.comment?.startsWith(COMMENT_PREFIX))
      .filter((row) => {
        const created = Date.parse((row.comment as string).slice(COMMENT_PREFIX.length));
        return Number.isFinite(created) && created < cutoff;
      })
      .map((row) => row.datname);
  });
  for (const name of stale) await dropDatabase(url, name);
  return stale;
}

/** `test_<label>_<random>`, within PostgreSQL's 63-byte identifier limit. */
function testDatabaseName(label: string): string {
  const safeLabel =
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 40) || "db";
  return `test_${safeLabel}_${randomBytes(5).toString("hex")}`;
}

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withAdmin(adminUrl, async (admin) => {
    // Pools a test forgot to close would otherwise block the drop ("being accessed by other users").
    await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
      [name],
    );
    // WITH (FORCE) also covers a connection opened between the two statements.
    await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
  });
}

async function withAdmin<T>(adminUrl: string, work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: adminUrl });
  admin.on("error", () => undefined);
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end().catch(() => undefined);
  }
}
