/**
 * Throwaway PostgreSQL databases for integration tests: each suite gets its own database on the
 * shared server, so suites run in parallel without seeing each other's rows.
 */
import { randomBytes } from "node:crypto";
import { databaseUrl, dropDatabase, withAdmin } from "./postgres-admin.js";

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
