#!/usr/bin/env node
/**
 * republish-cli: run from a service folder (`npm run outbox:republish -w services/order -- --since …`).
 *
 *   mkt-outbox-republish republish --since 2026-11-20T00:00:00Z [--until <iso>] [--type order.accepted]
 *
 * Marks the service's outbox events recorded since a point in time as unpublished; the running
 * relay publishes them again within a poll interval. Consumers are idempotent, so events they
 * already handled have no second effect. This is how a broker that lost its data is rebuilt from
 * the databases, which are the source of truth. Events older than OUTBOX_RETENTION_DAYS are gone
 * from the outbox; and a consumer's inbox forgets after INBOX_RETENTION_DAYS (longer by default),
 * so never re-publish further back than that.
 */
import { parseArgs } from "node:util";
import { Client } from "pg";
import { markForRepublish } from "./republish.js";

const USAGE =
  "Usage: DATABASE_URL=postgresql://… mkt-outbox-republish republish --since <ISO time> [--until <ISO time>] [--type <context.event>]\n";

function parseTime(name: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw new Error(`--${name} must be an ISO 8601 time, got "${value}"`);
  return time;
}

export async function runRepublishCli(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  try {
    const { positionals, values } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { since: { type: "string" }, until: { type: "string" }, type: { type: "string" } },
    });
    if (positionals[0] !== "republish" || !values.since) throw new Error(USAGE);
    if (!env.DATABASE_URL) throw new Error("DATABASE_URL is not set: point it at the service's database.");
    const since = parseTime("since", values.since)!;
    const until = parseTime("until", values.until);
    const client = new Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    try {
      const count = await markForRepublish(
        {
          $executeRawUnsafe: async (query: string, ...params: unknown[]) =>
            (await client.query(query, params)).rowCount ?? 0,
        },
        { since, until, type: values.type },
      );
      process.stdout.write(
        `${count} event(s) marked for re-publication; the service's relay publishes them within its poll interval.\n`,
      );
    } finally {
      await client.end();
    }
    return 0;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  void runRepublishCli(process.argv.slice(2), process.env).then((code) => process.exit(code));
}
