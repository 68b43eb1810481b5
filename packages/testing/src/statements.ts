import { Client } from "pg";

const uncounted = new WeakSet<object>();

/**
 * A connection of the test's own, to watch for the work's end, whose statements are not counted:
 * the caller ends it.
 */
export async function uncountedConnection(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  uncounted.add(client);
  await client.connect();
  return client;
}

/** One SQL statement a service sent to its database, as the pg driver under Prisma saw it. */
export interface SentStatement {
  text: string;
  rows: number;
}

// The kit's pollers (outbox relay, timers) run whether or not there is work: their empty passes are
// noise in a count of what one checkout costs, so a pass that found nothing is left out.
const POLLS = [
  /^SET LOCAL enable_bitmapscan/,
  /^SELECT o\.id::text AS id/,
  /^SELECT id::text AS id, type, key, due_at/,
];
// The timer runner's claim answers one extra row, the next due time, when it claimed less than a
// batch: an answer of that row alone found nothing to fire.
const CLAIMS_WITH_NEXT_DUE = [/^WITH due AS \(\s*SELECT id, type, key, due_at, payload, attempts FROM timer\b/];

/**
 * Counts the statements sent to one database (by name) while `work` runs, by wrapping the pg
 * driver's Client#query in this test process. Empty polls (a SELECT or lease UPDATE that matched
 * nothing, and the BEGIN/COMMIT around a relay pass that found nothing) are dropped, so that the
 * count is what the work cost, not how long it took.
 */
export async function statementsDuring(database: string, work: () => Promise<void>): Promise<SentStatement[]> {
  const sent: { text: string; rows: number; client: object }[] = [];
  const prototype = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  prototype.query = function (this: Client & { database?: string }, ...args: unknown[]) {
    if (this.database !== database || uncounted.has(this)) return original.apply(this, args);
    const config = args[0];
    const text = (typeof config === "string" ? config : (config as { text: string }).text).trim();
    const entry = { text, rows: 0, client: this };
    sent.push(entry);
    const seen = (answer: unknown) => (entry.rows = (answer as { rowCount?: number | null })?.rowCount ?? 0);
    // pg.Pool#query (Prisma's statements outside a transaction) passes a callback; a transaction's client awaits.
    const callback = args.at(-1);
    if (typeof callback === "function") {
      args[args.length - 1] = (err: unknown, answer: unknown) => {
        if (!err) seen(answer);
        return (callback as (err: unknown, answer: unknown) => unknown)(err, answer);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args);
    if (result instanceof Promise) result.then(seen, () => undefined);
    return result;
  };
  try {
    await work();
  } finally {
    prototype.query = original;
  }
  return withoutEmptyPolls(sent);
}

function withoutEmptyPolls(sent: { text: string; rows: number; client: object }[]): SentStatement[] {
  const kept: SentStatement[] = [];
  // A transaction is kept unless every statement in it is a poll that found nothing.
  const open = new Map<object, { text: string; rows: number }[]>();
  // A connection's statements before its first BEGIN or COMMIT: if a COMMIT comes first, they
  // ended a transaction begun before the count started (a relay or timer pass), not the work's.
  const beforeFirstBoundary = new Map<object, { text: string; rows: number }[]>();
  const seen = new Set<object>();
  const isEmptyPoll = (s: { text: string; rows: number }) =>
    (s.rows <= 1 && CLAIMS_WITH_NEXT_DUE.some((claim) => claim.test(s.text))) ||
    (s.rows === 0 && (POLLS.some((poll) => poll.test(s.text)) || /^(SELECT|UPDATE)\b.*SKIP LOCKED/s.test(s.text)));
  const keepStandalone = (statements: { text: string; rows: number }[]) =>
    kept.push(...statements.filter((s) => !isEmptyPoll(s)));
  for (const statement of sent) {
    const { client } = statement;
    const pending = open.get(client);
    const ends = statement.text === "COMMIT" || statement.text === "ROLLBACK";
    if (!seen.has(client) && (statement.text === "BEGIN" || ends)) {
      seen.add(client);
      const early = beforeFirstBoundary.get(client) ?? [];
      beforeFirstBoundary.delete(client);
      if (ends) continue;
      keepStandalone(early);
    }
    if (statement.text === "BEGIN") {
      open.set(client, [statement]);
    } else if (pending && ends) {
      pending.push(statement);
      open.delete(client);
      const inner = pending.slice(1, -1);
      if (inner.length === 0 || !inner.every((s) => isEmptyPoll(s) || /^SET LOCAL/.test(s.text))) kept.push(...pending);
    } else if (pending) {
      pending.push(statement);
    } else if (!seen.has(client)) {
      beforeFirstBoundary.set(client, [...(beforeFirstBoundary.get(client) ?? []), statement]);
    } else {
      keepStandalone([statement]);
    }
  }
  for (const early of beforeFirstBoundary.values()) keepStandalone(early);
  for (const pending of open.values()) kept.push(...pending);
  return kept.map(({ text, rows }) => ({ text, rows }));
}

/** Transactions as PostgreSQL counts commits: each BEGIN…COMMIT, and each statement sent outside one. */
export function commitsOf(statements: SentStatement[]): number {
  let commits = 0;
  let open = false;
  for (const { text } of statements) {
    if (text === "BEGIN") open = true;
    else if (text === "COMMIT" || text === "ROLLBACK") {
      open = false;
      commits++;
    } else if (!open) commits++;
  }
  return commits;
}

// The kit's plumbing (outbox relay, inbox rows): how often it runs depends on timing, not on the service's code.
const PLUMBING = [
  /outbox_event/,
  /inbox_message/,
  /^SAVEPOINT/,
  /^RELEASE SAVEPOINT/,
  /^SET LOCAL/,
  /^SELECT o\.id::text/,
];

/**
 * The service's own statements: without the kit's plumbing, nor the BEGIN/COMMIT of a transaction that held only
 * plumbing.
 */
export function ownOf(statements: SentStatement[]): SentStatement[] {
  const own: SentStatement[] = [];
  let transaction: SentStatement[] | null = null;
  const isPlumbing = (s: SentStatement) => PLUMBING.some((shape) => shape.test(s.text));
  for (const statement of statements) {
    if (statement.text === "BEGIN") transaction = [statement];
    else if (transaction && (statement.text === "COMMIT" || statement.text === "ROLLBACK")) {
      const inner = transaction.slice(1).filter((s) => !isPlumbing(s));
      if (inner.length > 0) own.push(transaction[0]!, ...inner, statement);
      transaction = null;
    } else if (transaction) transaction.push(statement);
    else if (!isPlumbing(statement)) own.push(statement);
  }
  return own;
}

/**
 * What some work cost one database: all statements and commits, the service's own, and the shapes (for a failure's
 * message).
 */
export interface StatementCost {
  statements: number;
  commits: number;
  own: { statements: number; commits: number };
  shapes: Record<string, number>;
}

export function costOf(statements: SentStatement[]): StatementCost {
  const own = ownOf(statements);
  return {
    statements: statements.length,
    commits: commitsOf(statements),
    own: { statements: own.length, commits: commitsOf(own) },
    shapes: shapesOf(statements),
  };
}

/** Statements grouped by their first words, for a message that shows where they went. */
export function shapesOf(statements: SentStatement[]): Record<string, number> {
  const shapes: Record<string, number> = {};
  for (const { text } of statements) {
    const shape = text.replace(/\s+/g, " ").slice(0, 90);
    shapes[shape] = (shapes[shape] ?? 0) + 1;
  }
  return shapes;
}
