import type { z } from "zod";
import { Pool } from "pg";
import { applyMigrations } from "@mkt/db-tools";
import {
  startService,
  type PrismaLike,
  type RunningService,
  type ServiceDefinition,
  type ServiceDeps,
  type StartOptions,
} from "@mkt/service-kit";
import { createTestDatabase } from "@mkt/test-servers";

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
  // An idle connection ended by the server (the database dropped at teardown while a query of an
  // `eventually` was finishing) emits `error` on the pool: without a listener it is thrown and
  // jest fails whichever test runs then. Queries still reject with their own errors.
  pool.on("error", () => undefined);
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
