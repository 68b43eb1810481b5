import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { createTestDatabase, type TestDatabase } from "@mkt/test-servers";
import {
  applyMigrations,
  ensureDatabase,
  FailedMigrationError,
  MigrationFailedError,
  ModifiedMigrationError,
} from "../src/migrate";
import { runCli } from "../src/migrate-cli";

const KIT_MIGRATIONS = path.join(__dirname, "../../service-kit/prisma/migrations");
const SAMPLE_MIGRATIONS = path.join(__dirname, "fixtures/sample-service/migrations");
const ADMIN_URL = process.env.DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

const databases: TestDatabase[] = [];
const tempDirs: string[] = [];

afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

async function emptyDatabase(label: string): Promise<TestDatabase> {
  const db = await createTestDatabase({ label });
  databases.push(db);
  return db;
}

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "mkt-migrate-"));
  tempDirs.push(dir);
  return dir;
}

/** A service's migrations folder: the kit's platform migration, then the sample service's. */
function serviceMigrations(): string {
  const dir = tempDir();
  cpSync(KIT_MIGRATIONS, dir, { recursive: true });
  cpSync(SAMPLE_MIGRATIONS, dir, { recursive: true });
  return dir;
}

/** A migrations folder with the given migration.sql contents, by folder name. */
function migrationsFolder(migrations: Record<string, string>): string {
  const dir = tempDir();
  writeFileSync(path.join(dir, "migration_lock.toml"), 'provider = "postgresql"\n');
  for (const [name, sql] of Object.entries(migrations)) writeMigration(dir, name, sql);
  return dir;
}

function writeMigration(dir: string, name: string, sql: string) {
  mkdirSync(path.join(dir, name), { recursive: true });
  writeFileSync(path.join(dir, name, "migration.sql"), sql);
}

async function query<T extends object>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

const migrationRows = (url: string) =>
  query<MigrationRow>(url, `SELECT * FROM "_prisma_migrations" ORDER BY started_at, migration_name`);

const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

describe("applyMigrations", () => {
  it("applies every migration to a fresh database and records each as Prisma does", async () => {
    const db = await emptyDatabase("migrate_fresh");
    const dir = serviceMigrations();
    const names = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();

    const result = await applyMigrations({ databaseUrl: db.url, migrationsDir: dir });

    expect(result).toEqual({ applied: names, alreadyApplied: [] });
    const rows = await migrationRows(db.url);
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    for (const row of rows) {
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.checksum).toBe(sha256(path.join(dir, row.migration_name, "migration.sql")));
      expect(row.applied_steps_count).toBe(1);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
    }
    // The bookkeeping table has Prisma's exact shape.
    const columns = await query<{
      column_name: string;
      data_type: string;
      is_nullable: string;
      column_default: string | null;
    }>(
      db.url,
      `SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns
        WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: "id", data_type: "character varying", is_nullable: "NO", column_default: null },
      { column_name: "checksum", data_type: "character varying", is_nullable: "NO", column_default: null },
      { column_name: "finished_at", data_type: "timestamp with time zone", is_nullable: "YES", column_default: null },
      { column_name: "migration_name", data_type: "character varying", is_nullable: "NO", column_default: null },
      { column_name: "logs", data_type: "text", is_nullable: "YES", column_default: null },
      {
        column_name: "rolled_back_at",
        data_type: "timestamp with time zone",
        is_nullable: "YES",
        column_default: null,
      },
      { column_name: "started_at", data_type: "timestamp with time zone", is_nullable: "NO", column_default: "now()" },
      { column_name: "applied_steps_count", data_type: "integer", is_nullable: "NO", column_default: "0" },
    ]);
    // And the migrations really ran.
    const tables = await query<{ table_name: string }>(
      db.url,
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(["outbox_event", "inbox_message", "timer", "vendor", "listing"]),
    );
  });

  it("applies nothing when run again", async () => {
    const db = await emptyDatabase("migrate_rerun");
    const dir = serviceMigrations();
    const first = await applyMigrations({ databaseUrl: db.url, migrationsDir: dir });
    const rowsBefore = await migrationRows(db.url);

    const second = await applyMigrations({ databaseUrl: db.url, migrationsDir: dir });

    expect(second).toEqual({ applied: [], alreadyApplied: first.applied });
    expect(await migrationRows(db.url)).toEqual(rowsBefore);
  });

  it("applies each migration once when two processes race", async () => {
    const db = await emptyDatabase("migrate_race");
    const dir = serviceMigrations();
    // A slow migration makes the runs overlap for certain.
    writeMigration(dir, "20991231000000_slow", `SELECT pg_sleep(0.3);\nCREATE TABLE "slow" ("id" INTEGER);\n`);

    // Separate connections, as separate processes would have: only the advisory lock orders them.
    const results = await Promise.all([
      applyMigrations({ databaseUrl: db.url, migrationsDir: dir }),
      applyMigrations({ databaseUrl: db.url, migrationsDir: dir }),
      applyMigrations({ databaseUrl: db.url, migrationsDir: dir }),
    ]);

    const applied = results.flatMap((r) => r.applied).sort();
    const names = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect(applied).toEqual(names);
    for (const result of results) expect([...result.applied, ...result.alreadyApplied].sort()).toEqual(names);
    const rows = await migrationRows(db.url);
    expect(rows).toHaveLength(names.length);
    expect(rows.every((r) => r.finished_at !== null)).toBe(true);
  });

  it("records a failing migration with its error and rolls back what it did", async () => {
    const db = await emptyDatabase("migrate_fail");
    const dir = migrationsFolder({
      "20260101000000_first": `CREATE TABLE "first" ("id" INTEGER NOT NULL);\n`,
      "20260102000000_broken": `CREATE TABLE "half_done" ("id" INTEGER);\n\nINSERT INTO "no_such_table" VALUES (1);\n`,
      "20260103000000_after": `CREATE TABLE "after" ("id" INTEGER);\n`,
    });

    const error = await applyMigrations({ databaseUrl: db.url, migrationsDir: dir }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MigrationFailedError);
    const failure = error as MigrationFailedError;
    expect(failure.migration).toBe("20260102000000_broken");
    expect(failure.message).toContain("Migration 20260102000000_broken failed");
    expect(failure.message).toContain('relation "no_such_table" does not exist');
    expect(failure.message).toContain("line 3");

    const rows = await migrationRows(db.url);
    expect(rows.map((r) => [r.migration_name, r.finished_at !== null])).toEqual([
      ["20260101000000_first", true],
      ["20260102000000_broken", false],
    ]);
    const broken = rows[1]!;
    expect(broken.logs).toContain('relation "no_such_table" does not exist');
    expect(broken.logs).toContain("SQLSTATE 42P01");
    expect(broken.applied_steps_count).toBe(0);
    expect(broken.rolled_back_at).toBeNull();
    const halfDone = await query(db.url, `SELECT to_regclass('public.half_done') AS t`);
    expect(halfDone).toEqual([{ t: null }]);
  });

  it("refuses to run while a failed migration is unresolved, and resumes once it is marked rolled back", async () => {
    const db = await emptyDatabase("migrate_blocked");
    const dir = migrationsFolder({
      "20260101000000_first": `CREATE TABLE "first" ("id" INTEGER);\n`,
      "20260102000000_broken": `SELECT * FROM "no_such_table";\n`,
    });
    await expect(applyMigrations({ databaseUrl: db.url, migrationsDir: dir })).rejects.toBeInstanceOf(
      MigrationFailedError,
    );

    // Fixing the file is not enough: as with Prisma (P3009), the failure must be resolved first.
    writeMigration(dir, "20260102000000_broken", `CREATE TABLE "fixed" ("id" INTEGER);\n`);
    writeMigration(dir, "20260103000000_later", `CREATE TABLE "later" ("id" INTEGER);\n`);
    const blocked = await applyMigrations({ databaseUrl: db.url, migrationsDir: dir }).catch((e: unknown) => e);
    expect(blocked).toBeInstanceOf(FailedMigrationError);
    expect((blocked as FailedMigrationError).migration).toBe("20260102000000_broken");
    expect((blocked as Error).message).toMatch(/Migration 20260102000000_broken .* failed earlier/);
    expect((blocked as Error).message).toContain('relation "no_such_table" does not exist');
    expect((blocked as Error).message).toContain("prisma migrate resolve --rolled-back 20260102000000_broken");
    expect(await query(db.url, `SELECT to_regclass('public.later') AS t`)).toEqual([{ t: null }]);

    await query(db.url, `UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = $1`, [
      "20260102000000_broken",
    ]);
    const resumed = await applyMigrations({ databaseUrl: db.url, migrationsDir: dir });

    expect(resumed).toEqual({
      applied: ["20260102000000_broken", "20260103000000_later"],
      alreadyApplied: ["20260101000000_first"],
    });
    // Prisma keeps the rolled-back attempt and adds a new row for the successful one.
    const rows = await migrationRows(db.url);
    expect(
      rows.filter((r) => r.migration_name === "20260102000000_broken").map((r) => r.rolled_back_at !== null),
    ).toEqual([true, false]);
  });

  it("refuses to run when an applied migration was modified", async () => {
    const db = await emptyDatabase("migrate_modified");
    const dir = migrationsFolder({ "20260101000000_first": `CREATE TABLE "first" ("id" INTEGER);\n` });
    await applyMigrations({ databaseUrl: db.url, migrationsDir: dir });

    writeMigration(dir, "20260101000000_first", `CREATE TABLE "first" ("id" BIGINT);\n`);
    writeMigration(dir, "20260102000000_second", `CREATE TABLE "second" ("id" INTEGER);\n`);
    const error = await applyMigrations({ databaseUrl: db.url, migrationsDir: dir }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ModifiedMigrationError);
    expect((error as ModifiedMigrationError).migration).toBe("20260101000000_first");
    expect((error as Error).message).toContain("Migration 20260101000000_first was modified after being applied");
    expect(await query(db.url, `SELECT to_regclass('public.second') AS t`)).toEqual([{ t: null }]);
  });

  it("accepts an applied migration whose line endings changed, as Prisma does", async () => {
    const db = await emptyDatabase("migrate_crlf");
    const dir = migrationsFolder({ "20260101000000_first": `CREATE TABLE "first" (\n  "id" INTEGER\n);\n` });
    await applyMigrations({ databaseUrl: db.url, migrationsDir: dir });

    writeMigration(dir, "20260101000000_first", `CREATE TABLE "first" (\r\n  "id" INTEGER\r\n);\r\n`);

    await expect(applyMigrations({ databaseUrl: db.url, migrationsDir: dir })).resolves.toEqual({
      applied: [],
      alreadyApplied: ["20260101000000_first"],
    });
  });

  it("fails clearly when a migration folder has no migration.sql", async () => {
    const db = await emptyDatabase("migrate_nosql");
    const dir = migrationsFolder({ "20260101000000_first": "SELECT 1;\n" });
    mkdirSync(path.join(dir, "20260102000000_empty"));

    await expect(applyMigrations({ databaseUrl: db.url, migrationsDir: dir })).rejects.toThrow(
      /Migration 20260102000000_empty has no migration.sql/,
    );
  });
});

describe("ensureDatabase", () => {
  it("creates a missing database once even when several processes race", async () => {
    const name = `test_ensure_${Math.random().toString(16).slice(2, 10)}`;
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    try {
      const created = await Promise.all([1, 2, 3].map(() => ensureDatabase(url.toString())));

      expect(created.filter(Boolean)).toHaveLength(1);
      expect(await ensureDatabase(url.toString())).toBe(false);
      expect(await query(ADMIN_URL, "SELECT datname FROM pg_database WHERE datname = $1", [name])).toHaveLength(1);
    } finally {
      await query(ADMIN_URL, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });
});

describe("mkt-migrate", () => {
  function capture() {
    const out = { stdout: "", stderr: "" };
    return { out, io: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t) } };
  }

  it("creates the database, prints one line per applied migration and a summary", async () => {
    const name = `test_cli_${Math.random().toString(16).slice(2, 10)}`;
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    const serviceDir = tempDir();
    cpSync(KIT_MIGRATIONS, path.join(serviceDir, "prisma/migrations"), { recursive: true });
    try {
      const first = capture();
      const code = await runCli([], { DATABASE_URL: url.toString() }, serviceDir, first.io);

      expect({ code, stderr: first.out.stderr }).toEqual({ code: 0, stderr: "" });
      const lines = first.out.stdout.trim().split("\n");
      expect(lines[0]).toBe(`Created database "${name}" on 127.0.0.1:5432`);
      // Every platform migration of the kit, in order: the service's copy of them.
      const migrations = readdirSync(KIT_MIGRATIONS)
        .filter((entry) => /^\d{14}_/.test(entry))
        .sort();
      expect(migrations.slice(0, 3)).toEqual([
        "20261124000000_platform_outbox_inbox_timers",
        "20261203000000_platform_outbox_dead_events",
        "20261204000000_platform_outbox_fillfactor",
      ]);
      expect(lines.slice(1, -1).map((line) => line.replace(/ \(\d+ ms\)$/, ""))).toEqual(
        migrations.map((migration) => `Applied migration ${migration}`),
      );
      expect(lines.at(-1)).toBe(`Applied ${migrations.length} migrations to "${name}" (0 already applied).`);

      const again = capture();
      expect(
        await runCli(["--migrations", "prisma/migrations"], { DATABASE_URL: url.toString() }, serviceDir, again.io),
      ).toBe(0);
      expect(again.out.stdout).toBe(
        `Database "${name}" is up to date: ${migrations.length} migrations already applied.\n`,
      );
    } finally {
      await query(ADMIN_URL, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });

  it("fails with a clear message when DATABASE_URL is missing", async () => {
    const { out, io } = capture();

    expect(await runCli([], {}, tempDir(), io)).toBe(1);
    expect(out.stderr).toMatch(/^mkt-migrate: DATABASE_URL is not set/);
  });

  it("exits 1 with the migration's error and no stack trace when a migration fails", async () => {
    const db = await emptyDatabase("cli_fail");
    const dir = migrationsFolder({ "20260101000000_broken": "SELEC 1;\n" });
    const { out, io } = capture();

    expect(await runCli(["--migrations", dir], { DATABASE_URL: db.url }, "/", io)).toBe(1);
    expect(out.stderr).toContain("mkt-migrate: Migration 20260101000000_broken failed: syntax error");
    expect(out.stderr).not.toMatch(/\n\s+at /);
  });
});
