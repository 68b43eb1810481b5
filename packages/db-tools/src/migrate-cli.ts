#!/usr/bin/env node
/**
 * mkt-migrate: run from a service folder. Creates the service's database when missing, then
 * applies its Prisma migrations (recorded as `prisma migrate deploy` records them).
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/billing mkt-migrate [--migrations ./prisma/migrations]
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { applyMigrations, ensureDatabase, MigrationError, parseDatabaseUrl } from "./migrate.js";

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

const USAGE = `Usage: DATABASE_URL=postgresql://user@host:port/db mkt-migrate [--migrations <dir>]

Creates the database when it does not exist, then applies the Prisma migrations of <dir>
(default ./prisma/migrations) that are not applied yet, recording them in _prisma_migrations.
`;

/** Runs the command; returns the process exit code. */
export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  io: CliIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) },
): Promise<number> {
  let migrationsArg = "./prisma/migrations";
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--help" || arg === "-h") {
      io.stdout(USAGE);
      return 0;
    }
    if (arg === "--migrations") {
      const value = argv[++i];
      if (!value) return fail(io, "--migrations needs a folder.\n\n" + USAGE);
      migrationsArg = value;
    } else if (arg.startsWith("--migrations=")) {
      migrationsArg = arg.slice("--migrations=".length);
    } else {
      return fail(io, `Unknown argument: ${arg}\n\n${USAGE}`);
    }
  }

  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    return fail(
      io,
      "DATABASE_URL is not set: it must name the service's database, e.g. postgresql://postgres@127.0.0.1:5432/billing",
    );
  }
  const migrationsDir = path.resolve(cwd, migrationsArg);
  // Checked before creating the database: a wrong folder should leave the server untouched.
  if (!existsSync(migrationsDir))
    return fail(
      io,
      `Migrations folder not found: ${migrationsDir} (run from the service folder or pass --migrations <dir>)`,
    );

  try {
    const { database } = parseDatabaseUrl(databaseUrl);
    const where = describeServer(databaseUrl);
    if (await ensureDatabase(databaseUrl)) io.stdout(`Created database "${database}" on ${where}\n`);
    const result = await applyMigrations({
      databaseUrl,
      migrationsDir,
      log: (message) => io.stdout(`${message}\n`),
    });
    const total = result.applied.length + result.alreadyApplied.length;
    io.stdout(
      result.applied.length === 0
        ? `Database "${database}" is up to date: ${total} migration${total === 1 ? "" : "s"} already applied.\n`
        : `Applied ${result.applied.length} migration${result.applied.length === 1 ? "" : "s"} to "${database}" ` +
            `(${result.alreadyApplied.length} already applied).\n`,
    );
    return 0;
  } catch (error) {
    return fail(io, describeError(error, databaseUrl));
  }
}

function fail(io: CliIo, message: string): number {
  io.stderr(`mkt-migrate: ${message.trimEnd()}\n`);
  return 1;
}

/** Expected failures get their message only; anything else keeps its stack for debugging. */
function describeError(error: unknown, databaseUrl: string): string {
  if (error instanceof MigrationError) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "ETIMEDOUT" || code === "EHOSTUNREACH") {
    return `Cannot reach PostgreSQL at ${describeServer(databaseUrl)}: ${message}`;
  }
  if (code === "28P01" || code === "28000") return `PostgreSQL refused the login: ${message}`;
  if (code === "3D000" || code === "42501") return `PostgreSQL error: ${message}`;
  return error instanceof Error && error.stack ? error.stack : message;
}

/** host:port without credentials, for messages. */
function describeServer(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `${url.hostname || url.searchParams.get("host") || "localhost"}:${url.port || "5432"}`;
  } catch {
    return "the configured server";
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2), process.env, process.cwd()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`mkt-migrate: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
