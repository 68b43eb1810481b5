import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { createTestDatabase, type TestDatabase } from "@mkt/test-servers";
import { checkPlatformCopies, findSchemaDrift, formatDrift, PrismaSchemaError } from "../src/drift";
import { applyMigrations } from "../src/migrate";

const KIT_DIR = path.join(__dirname, "../../service-kit");
const KIT_SCHEMA = path.join(KIT_DIR, "prisma/platform.prisma");
const KIT_MIGRATIONS = path.join(KIT_DIR, "prisma/migrations");
const SAMPLE = path.join(__dirname, "fixtures/sample-service");

const databases: TestDatabase[] = [];
const tempDirs: string[] = [];

afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "mkt-drift-"));
  tempDirs.push(dir);
  return dir;
}

async function migratedDatabase(label: string, migrationsDir: string): Promise<TestDatabase> {
  const db = await createTestDatabase({
    label,
    migrationsDir,
    migrate: (url, dir) => applyMigrations({ databaseUrl: url, migrationsDir: dir! }),
  });
  databases.push(db);
  return db;
}

/** A service as the kit lays it out: prisma/schema/{main,platform}.prisma and prisma/migrations. */
function sampleService(): string {
  const dir = tempDir();
  cpSync(path.join(SAMPLE, "schema"), path.join(dir, "prisma/schema"), { recursive: true });
  cpSync(KIT_SCHEMA, path.join(dir, "prisma/schema/platform.prisma"));
  cpSync(KIT_MIGRATIONS, path.join(dir, "prisma/migrations"), { recursive: true });
  cpSync(path.join(SAMPLE, "migrations"), path.join(dir, "prisma/migrations"), { recursive: true });
  return dir;
}

async function execute(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe("findSchemaDrift", () => {
  it("finds no drift between the kit's platform.prisma and a database migrated with the kit's migration", async () => {
    const db = await migratedDatabase("drift_platform", KIT_MIGRATIONS);

    const drift = await findSchemaDrift({ databaseUrl: db.url, schemaDir: KIT_SCHEMA });

    expect(formatDrift(drift)).toBe("No drift.");
  });

  it("compares the partial indexes the schema names on comment lines, their WHERE included", async () => {
    const db = await migratedDatabase("drift_platform_partial", KIT_MIGRATIONS);
    await execute(
      db.url,
      `DROP INDEX "outbox_event_pending_idx";
       CREATE INDEX "outbox_event_pending_idx" ON "outbox_event"("created_at") WHERE "published_at" IS NULL;
       DROP INDEX "outbox_event_dead_at_idx";
       CREATE INDEX "outbox_event_dead_at_idx" ON "outbox_event"("dead_at");`,
    );

    const drift = await findSchemaDrift({ databaseUrl: db.url, schemaDir: KIT_SCHEMA });

    expect(drift.map(({ kind, name, expected, actual }) => ({ kind, name, expected, actual }))).toEqual([
      {
        kind: "index_changed",
        name: "outbox_event_pending_idx",
        expected: 'INDEX "outbox_event_pending_idx" (created_at) WHERE published_at IS NULL AND dead_at IS NULL',
        actual: 'INDEX "outbox_event_pending_idx" (created_at) WHERE published_at IS NULL',
      },
      {
        kind: "index_changed",
        name: "outbox_event_dead_at_idx",
        expected: 'INDEX "outbox_event_dead_at_idx" (dead_at) WHERE dead_at IS NOT NULL',
        actual: 'INDEX "outbox_event_dead_at_idx" (dead_at)',
      },
    ]);
  });

  it("reports an added column, a dropped index and a changed type in the platform tables", async () => {
    const db = await migratedDatabase("drift_platform_changed", KIT_MIGRATIONS);
    await execute(
      db.url,
      `ALTER TABLE "outbox_event" ADD COLUMN "priority" INTEGER NOT NULL DEFAULT 0;
       DROP INDEX "timer_status_due_at_idx";
       ALTER TABLE "inbox_message" ALTER COLUMN "event_type" TYPE VARCHAR(100);`,
    );

    const drift = await findSchemaDrift({ databaseUrl: db.url, schemaDir: KIT_SCHEMA });

    expect(drift).toEqual([
      {
        kind: "column_type",
        table: "inbox_message",
        column: "event_type",
        expected: "text",
        actual: "varchar(100)",
        message: 'Column "inbox_message"."event_type" has type varchar(100) in the database; the schema expects text',
      },
      {
        kind: "column_extra",
        table: "outbox_event",
        column: "priority",
        expected: null,
        actual: "integer NOT NULL DEFAULT 0",
        message:
          'Column "outbox_event"."priority" (integer NOT NULL DEFAULT 0) exists in the database but not in model OutboxEvent',
      },
      {
        kind: "index_missing",
        table: "timer",
        name: "timer_status_due_at_idx",
        expected: 'INDEX "timer_status_due_at_idx" (status, due_at)',
        actual: null,
        message: 'Index "timer_status_due_at_idx" on "timer" (status, due_at) is missing from the database',
      },
    ]);
  });

  it("finds no drift for a service schema using enums, relations, native types, lists and long index names", async () => {
    const service = sampleService();
    const db = await migratedDatabase("drift_sample", path.join(service, "prisma/migrations"));

    const drift = await findSchemaDrift({ databaseUrl: db.url, schemaDir: path.join(service, "prisma/schema") });

    expect(formatDrift(drift)).toBe("No drift.");
  });

  it("reports each kind of change to a service database in readable words", async () => {
    const service = sampleService();
    const db = await migratedDatabase("drift_sample_changed", path.join(service, "prisma/migrations"));
    await execute(
      db.url,
      `ALTER TABLE "vendor" ALTER COLUMN "name" DROP NOT NULL;
       ALTER TABLE "vendor" ALTER COLUMN "verified" DROP DEFAULT;
       ALTER TABLE "listing" ALTER COLUMN "seats" SET DEFAULT 2;
       ALTER INDEX "vendor_slug_key" RENAME TO "vendor_slug_unique";
       ALTER TABLE "listing" DROP CONSTRAINT "listing_parent_id_fkey";
       ALTER TABLE "listing" DROP CONSTRAINT "listing_vendor_id_fkey",
         ADD CONSTRAINT "listing_vendor_id_fkey" FOREIGN KEY ("vendor_id") REFERENCES "vendor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
       ALTER TYPE "listing_status" ADD VALUE 'ARCHIVED';
       CREATE TYPE "mood" AS ENUM ('calm');
       CREATE TABLE "scratch" ("id" INTEGER PRIMARY KEY);
       DROP TABLE "category" CASCADE;`,
    );

    const drift = await findSchemaDrift({ databaseUrl: db.url, schemaDir: path.join(service, "prisma/schema") });

    expect(drift.map((d) => d.message).sort()).toEqual(
      [
        'Column "listing"."seats" has default 2 in the database; the schema expects 1',
        'Column "vendor"."name" is nullable in the database; the schema expects it NOT NULL',
        'Column "vendor"."verified" has no default in the database; the schema expects false',
        'Enum type "listing_status" differs: the database has extra value ARCHIVED',
        'Enum type "mood" (calm) exists in the database but not in the schema',
        'Foreign key "listing_vendor_id_fkey" on "listing" (vendor_id) REFERENCES "vendor"(id) has ON DELETE Restrict ON UPDATE Cascade in the database; the schema expects ON DELETE Cascade ON UPDATE Cascade',
        'Foreign key on "listing" (parent_id) REFERENCES "listing"(id) is missing from the database',
        'Index "vendor_slug_unique" on "vendor" should be named "vendor_slug_key" (same columns: slug)',
        'Table "category" (model Category) is missing from the database',
        'Table "scratch" exists in the database but no model maps to it',
      ].sort(),
    );
    expect(drift.find((d) => d.kind === "column_nullability")).toMatchObject({
      table: "vendor",
      column: "name",
      expected: "NOT NULL",
      actual: "NULL",
    });
  });

  it("reports a schema Prisma rejects with Prisma's own validation message", async () => {
    const db = await migratedDatabase("drift_invalid", KIT_MIGRATIONS);
    const dir = tempDir();
    writeFileSync(path.join(dir, "broken.prisma"), "model Broken {\n  id Int @id\n  other Nope\n}\n");

    const error = await findSchemaDrift({ databaseUrl: db.url, schemaDir: dir }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PrismaSchemaError);
    expect((error as Error).message).toContain('Type "Nope" is neither a built-in type, nor refers to another model');
  });
});

describe("checkPlatformCopies", () => {
  it("finds nothing when the service carries verbatim copies", async () => {
    await expect(checkPlatformCopies({ serviceDir: sampleService(), kitDir: KIT_DIR })).resolves.toEqual([]);
  });

  it("lists copies that differ, are missing or have extra files", async () => {
    const service = sampleService();
    const migration = readdirSync(KIT_MIGRATIONS, { withFileTypes: true }).find((e) => e.isDirectory())!.name;
    appendFileSync(path.join(service, "prisma/schema/platform.prisma"), "\n// edited by hand\n");
    rmSync(path.join(service, "prisma/migrations", migration, "migration.sql"));
    writeFileSync(path.join(service, "prisma/migrations", migration, "notes.txt"), "stray\n");

    const problems = await checkPlatformCopies({ serviceDir: service, kitDir: KIT_DIR });

    expect(problems.map((p) => [p.problem, path.relative(service, p.file)])).toEqual([
      ["differs", "prisma/schema/platform.prisma"],
      ["missing", `prisma/migrations/${migration}/migration.sql`],
      ["unexpected", `prisma/migrations/${migration}/notes.txt`],
    ]);
    expect(problems[0]!.message).toBe(
      `${path.join(service, "prisma/schema/platform.prisma")} differs from ${KIT_SCHEMA}`,
    );
  });
});
