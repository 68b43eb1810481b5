/**
 * What the kit needs from a service's generated Prisma client. Each service generates its own
 * client from its own schema; the kit reaches its platform tables (outbox, inbox, timers) with
 * parameterised raw SQL through that same client, inside the service's own transactions.
 */
export interface SqlClient {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): PromiseLike<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): PromiseLike<number>;
}

export interface PrismaLike extends SqlClient {
  // Generated clients overload $transaction (array and callback forms); the kit uses the callback form.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  $transaction(...args: any[]): Promise<any>;
  $disconnect(): Promise<void>;
}

/** The interactive-transaction client type of a generated PrismaClient. */
export type TxOf<C> = C extends { $transaction<R>(fn: (tx: infer T) => Promise<R>, options?: infer _O): Promise<R> }
  ? T
  : never;

export interface Database<C extends PrismaLike = PrismaLike> {
  /** The service's Prisma client, for reads outside a transaction. */
  readonly client: C;
  /**
   * Runs `work` in one transaction. Events added to the outbox and timers scheduled inside it
   * commit or roll back with the state change; the relay is woken right after the commit.
   */
  transaction<R>(work: (tx: TxOf<C>) => Promise<R>): Promise<R>;
}

type AfterCommit = () => void;

const pendingAfterCommit = new WeakMap<object, Set<AfterCommit>>();

/**
 * Lets the outbox and timers ask for a wake-up once the transaction they wrote in commits. False
 * when `tx` is not one of `Database.transaction`'s (a bare `client.$transaction`): nothing here
 * will know of its commit, only the database's notification.
 */
export function afterCommit(tx: object, hook: AfterCommit): boolean {
  const hooks = pendingAfterCommit.get(tx);
  hooks?.add(hook);
  return hooks !== undefined;
}

export function createDatabase<C extends PrismaLike>(client: C, options: { timeoutMs?: number } = {}): Database<C> {
  return {
    client,
    async transaction<R>(work: (tx: TxOf<C>) => Promise<R>): Promise<R> {
      const hooks = new Set<AfterCommit>();
      const result = await client.$transaction(
        async (tx: object) => {
          pendingAfterCommit.set(tx as object, hooks);
          return work(tx as TxOf<C>);
        },
        { timeout: options.timeoutMs ?? 10_000, maxWait: 5_000 },
      );
      for (const hook of hooks) hook();
      return result;
    },
  };
}

/**
 * Takes a lock named by `key` until the transaction ends (a transaction-scoped advisory lock): it
 * serialises work on a thing whose rows may not exist yet to lock (a charge's refunds, a
 * subscription's renewal charges). Keys share one space per database: prefix them by what they lock.
 */
export async function lockKeyForTransaction(tx: SqlClient, key: string): Promise<void> {
  await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))::text`, key);
}

/** Prisma's answer when an insert or update hits a unique index (P2002, PostgreSQL's 23505). */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "P2002";
}
