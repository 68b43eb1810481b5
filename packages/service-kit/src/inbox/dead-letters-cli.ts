#!/usr/bin/env node
/**
 * `npm run dead-letters -- list [--consumer <durable>] [--limit N]`
 * `npm run dead-letters -- redrive <sequence> [<sequence>…]`
 * `npm run dead-letters -- outbox list [--limit N]`
 * `npm run dead-letters -- outbox retry <event id> [<event id>…]`
 *
 * What consumers gave up on, and the redrive once the cause is fixed (NATS_URL and BUS_NAMESPACE
 * as the services have them). A redriven letter's event is published again on its subject: the
 * consumer that failed handles it again, the others see it in their inbox and do nothing.
 * `outbox` is the producer's side: events a service's relay gave up publishing after
 * OUTBOX_MAX_PUBLISH_ATTEMPTS, in the service's database (DATABASE_URL); `retry` hands them back to
 * its running relay with a fresh set of attempts.
 */
import { parseArgs } from "node:util";
import { Client } from "pg";
import { connectBus } from "../bus/bus.js";
import { listDeadOutboxEvents, retryDeadOutboxEvents } from "../outbox/dead-events.js";
import { listDeadLetters, redriveDeadLetters } from "./dead-letters.js";

const USAGE = `Usage:
  mkt-dead-letters list [--consumer <durable>] [--limit <n>]
  mkt-dead-letters redrive <sequence> [<sequence>…]
  mkt-dead-letters outbox list [--limit <n>]
  mkt-dead-letters outbox retry <event id> [<event id>…]
Environment: NATS_URL (default nats://127.0.0.1:4222), BUS_NAMESPACE (default empty);
  for outbox: DATABASE_URL, the service's database.
`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function runDeadLettersCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  out: (text: string) => void = (text) => void process.stdout.write(text),
): Promise<number> {
  let command: string | undefined;
  let values: { consumer?: string; limit?: string };
  let positionals: string[];
  try {
    ({ positionals, values } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { consumer: { type: "string" }, limit: { type: "string" } },
    }));
    command = positionals[0];
    if (command !== "list" && command !== "redrive" && command !== "outbox") throw new Error("unknown command");
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const limit = values.limit === undefined ? 100 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    process.stderr.write(`--limit must be a whole number ≥ 1\n${USAGE}`);
    return 2;
  }
  if (command === "outbox") return runOutboxCommand(positionals.slice(1), limit, env, out);
  const sequences = positionals.slice(1).map(Number);
  if (command === "redrive" && (sequences.length === 0 || sequences.some((n) => !Number.isInteger(n) || n < 1))) {
    process.stderr.write(`redrive takes the sequences that list shows\n${USAGE}`);
    return 2;
  }

  const bus = await connectBus({
    url: env.NATS_URL ?? "nats://127.0.0.1:4222",
    namespace: env.BUS_NAMESPACE ?? "",
    name: "mkt-dead-letters",
  });
  try {
    if (command === "list") {
      const letters = await listDeadLetters(bus, { consumer: values.consumer, limit });
      if (letters.length === 0) out("No dead letters.\n");
      for (const { sequence, letter, compensation } of letters) {
        const event = safeEvent(letter.body);
        out(
          `#${sequence}  ${letter.failedAt}  ${letter.consumer}  ${letter.reason} after ${letter.deliveries} deliveries` +
            `${compensation ? `  compensation ${compensation}` : ""}\n` +
            `    ${event}\n    ${letter.error.split("\n")[0]}\n`,
        );
      }
      return 0;
    }
    const outcomes = await redriveDeadLetters(bus, sequences);
    for (const outcome of outcomes) {
      out(
        outcome.redriven ? `#${outcome.sequence} redriven\n` : `#${outcome.sequence} not redriven: ${outcome.reason}\n`,
      );
    }
    return outcomes.every((outcome) => outcome.redriven) ? 0 : 1;
  } finally {
    await bus.close();
  }
}

async function runOutboxCommand(
  args: string[],
  limit: number,
  env: NodeJS.ProcessEnv,
  out: (text: string) => void,
): Promise<number> {
  const [action, ...ids] = args;
  if ((action !== "list" && action !== "retry") || (action === "list" && ids.length > 0)) {
    process.stderr.write(`outbox takes list or retry\n${USAGE}`);
    return 2;
  }
  if (action === "retry" && (ids.length === 0 || ids.some((id) => !UUID.test(id)))) {
    process.stderr.write(`outbox retry takes the event ids that outbox list shows\n${USAGE}`);
    return 2;
  }
  if (!env.DATABASE_URL) {
    process.stderr.write(`DATABASE_URL is not set: point it at the service's database.\n${USAGE}`);
    return 2;
  }
  const client = new Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  const sql = {
    $queryRawUnsafe: async <T>(query: string, ...params: unknown[]) => (await client.query(query, params)).rows as T,
  };
  try {
    if (action === "list") {
      const events = await listDeadOutboxEvents(sql, { limit });
      if (events.length === 0) out("No dead outbox events.\n");
      for (const event of events) {
        out(
          `${event.id}  dead since ${event.deadAt.toISOString()}  ${event.type}.v${event.version} on ${event.subject}` +
            `  after ${event.attempts} attempts  (${event.payloadBytes} bytes)\n` +
            `    ${(event.lastError ?? "").split("\n")[0]}\n`,
        );
      }
      return 0;
    }
    const retried = new Set(await retryDeadOutboxEvents(sql, ids));
    for (const id of ids) {
      out(
        retried.has(id.toLowerCase())
          ? `${id} handed back to the relay: the running relay publishes it at once\n`
          : `${id} not retried: no dead outbox event with this id\n`,
      );
    }
    return ids.every((id) => retried.has(id.toLowerCase())) ? 0 : 1;
  } finally {
    await client.end();
  }
}

function safeEvent(body: string): string {
  try {
    const envelope = JSON.parse(body) as { type?: unknown; version?: unknown; id?: unknown };
    return `${String(envelope.type)}.v${String(envelope.version)} ${String(envelope.id)}`;
  } catch {
    return "(not JSON)";
  }
}

if (require.main === module) {
  runDeadLettersCli(process.argv.slice(2), process.env).then(
    (code) => process.exit(code),
    (error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    },
  );
}
