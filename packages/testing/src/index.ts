import { spawnSync } from "node:child_process";
import { basename, dirname, join } from "node:path";
import { Pool } from "pg";
import type { z } from "zod";
import { applyMigrations, checkKitCopies, findSchemaDrift, formatDrift, type KitSchemaCopy } from "@mkt/db-tools";
import {
  startService,
  type PrismaLike,
  type RunningService,
  type ServiceDefinition,
  type ServiceDeps,
  type StartOptions,
} from "@mkt/service-kit";
import { createTestDatabase } from "@mkt/test-servers";

// One import for tests: the low-level servers and waits too (this module's TestDatabase, with
// its query helper, shadows the plain one).
export * from "@mkt/test-servers";
export type { Json } from "./json.js";
export { rawGetAt, type RawAnswer } from "./raw-http.js";

export interface TestDatabase {
  url: string;
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  drop(): Promise<void>;
}

/** A throwaway database migrated with a service's migrations, with a query helper for assertions. */
export async function migratedTestDatabase(options: { label: string; migrationsDir: string }): Promise<TestDatabase> {
  const database = await createTestDatabase({
    label: options.label,
    migrate: (url) => applyMigrations({ databaseUrl: url, migrationsDir: options.migrationsDir }),
  });
  const pool = new Pool({ connectionString: database.url, max: 2 });
  return {
    url: database.url,
    async query<Row>(text: string, params: unknown[] = []) {
      return (await pool.query(text, params)).rows as Row[];
    },
    async drop() {
      await pool.end();
      await database.drop();
    },
  };
}

/** Settings that make a service quick to test: silent logs, any free port, short polls. */
export function testSettings(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: "test",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
    PORT: "0",
    CONSUMER_BACKOFF_MS: "20",
    CONSUMER_MAX_DELIVER: "3",
    OUTBOX_POLL_MS: "50",
    TIMER_POLL_MS: "50",
    ...overrides,
  };
}

export interface ServiceUnderTest<C extends PrismaLike, S, D = ServiceDeps<C, S>> {
  service: RunningService<C, S, D>;
  database: TestDatabase;
  stop(): Promise<void>;
}

/**
 * Starts a service in-process on its own throwaway database, in the given bus namespace (share
 * one namespace between services that talk to each other in a test).
 */
export async function startServiceForTest<
  C extends PrismaLike,
  S extends z.ZodRawShape,
  D = ServiceDeps<C, z.infer<z.ZodObject<S>>>,
>(
  definition: ServiceDefinition<C, S, D>,
  options: { migrationsDir: string; namespace: string; env?: Record<string, string> } & Omit<StartOptions, "env">,
): Promise<ServiceUnderTest<C, z.infer<z.ZodObject<S>>, D>> {
  const database = await migratedTestDatabase({
    label: definition.name.replace(/-/g, "_"),
    migrationsDir: options.migrationsDir,
  });
  try {
    const service = await startService(definition, {
      ...options,
      env: testSettings({ DATABASE_URL: database.url, BUS_NAMESPACE: options.namespace, ...options.env }),
    });
    return {
      service,
      database,
      async stop() {
        await service.stop();
        await database.drop();
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

/**
 * Fails, listing every difference, unless the service's copy of the kit's platform schema and
 * migrations is verbatim (and so are its copies of any other kit's tables in `kits`, e.g. the
 * gateway kit's `identitySchema`) and its migrations build exactly the database its Prisma schema describes.
 */
export async function expectDatabaseMatchesSchema(
  serviceDir: string,
  options: { kits?: KitSchemaCopy[] } = {},
): Promise<void> {
  // The kit's package directory (its main is dist/index.js): where the platform originals live.
  const platform: KitSchemaCopy = {
    kitDir: join(dirname(require.resolve("@mkt/service-kit")), ".."),
    schemaFile: "platform.prisma",
  };
  for (const kit of [platform, ...(options.kits ?? [])]) {
    const copies = await checkKitCopies({ serviceDir, ...kit });
    if (copies.length > 0) {
      throw new Error(
        `the service's copies of ${kit.kitDir}/prisma/${kit.schemaFile} and its migrations differ from the kit's (run node scripts/new-service.mjs --sync-platform):\n${JSON.stringify(copies, null, 2)}`,
      );
    }
  }
  const database = await migratedTestDatabase({
    label: basename(serviceDir).replace(/-/g, "_"),
    migrationsDir: join(serviceDir, "prisma/migrations"),
  });
  try {
    const drift = await findSchemaDrift({ databaseUrl: database.url, schemaDir: join(serviceDir, "prisma/schema") });
    if (drift.length > 0)
      throw new Error(`the migrated database drifts from the Prisma schema:\n${formatDrift(drift)}`);
  } finally {
    await database.drop();
  }
}

/**
 * Validates a document against the OpenAPI 3.1 schema with @seriousme/openapi-schema-validator.
 * The validator is an ES module, which jest cannot load in this CommonJS setup: node runs it
 * in a child process beside the test.
 */
export function validateOpenApiDocument(document: unknown): { valid: boolean; errors?: unknown } {
  const script = `import { Validator } from "@seriousme/openapi-schema-validator";
let input = "";
for await (const chunk of process.stdin) input += chunk;
process.stdout.write(JSON.stringify(await new Validator().validate(JSON.parse(input))));`;
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: __dirname,
    input: JSON.stringify(document),
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as { valid: boolean; errors?: unknown };
}
