import { randomUUID } from "node:crypto";
import { Client } from "pg";
import type { Logger } from "pino";

/** Channels the platform migration's triggers notify (payload: the writer's application_name). */
export const OUTBOX_CHANNEL = "mkt_outbox";
export const TIMER_CHANNEL = "mkt_timer";

/**
 * Gives each process's pool a name of its own (application_name): the triggers' notifications
 * carry it (who committed), and pg_stat_activity tells the processes of one service apart.
 */
export function withApplicationName(url: string, service: string): { url: string; applicationName: string } {
  // PostgreSQL keeps 63 bytes of it; the random tail tells the processes of one service apart.
  const applicationName = `${service.slice(0, 40)}#${randomUUID().slice(0, 8)}`;
  const parsed = new URL(url);
  parsed.searchParams.set("application_name", applicationName);
  return { url: parsed.toString(), applicationName };
}

/**
 * Decides whether a notification must wake a loop. Another process's commit always does. This
 * process's own commits already woke it through `afterCommit`; waking again would run a second,
 * empty claim for every commit. So an own notification wakes only as many times as writes were
 * made in transactions that `afterCommit` could not hook (a bare `client.$transaction`).
 */
export class OwnWrites {
  private unhooked = 0;

  constructor(private readonly ownApplicationName: string) {}

  /** A write whose commit nothing in this process will hear of, except its notification. */
  unhookedWrite(): void {
    this.unhooked += 1;
  }

  shouldWake(writer: string | undefined): boolean {
    if (writer !== this.ownApplicationName) return true;
    if (this.unhooked === 0) return false;
    this.unhooked -= 1;
    return true;
  }
}

/**
 * One connection, outside the pool, that LISTENs on the platform's channels and wakes the relay
 * and the timer runner when another process commits outbox rows or timers in this database. It
 * holds no transaction and sends nothing while nothing happens. When it loses the connection it
 * reconnects with a growing delay and then wakes every listener once, since notifications sent
 * meanwhile are lost: they look at the tables themselves.
 */
export class DatabaseNotifications {
  private client: Client | undefined;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private failures = 0;

  constructor(
    private readonly url: string,
    private readonly ownApplicationName: string,
    private readonly listeners: Record<string, (writer: string | undefined) => void>,
    private readonly log: Logger,
  ) {}

  /** Resolves once listening (or once the first attempt failed: it then keeps trying in the background). */
  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.url, application_name: `${this.ownApplicationName} listen` });
    client.on("error", (err) => this.lost(client, err));
    client.on("end", () => this.lost(client, new Error("connection ended")));
    // The payload (application_name) names the writer: listeners tell their own commits apart.
    client.on("notification", (message) => this.listeners[message.channel]?.(message.payload));
    try {
      await client.connect();
      for (const channel of Object.keys(this.listeners)) await client.query(`LISTEN ${channel}`);
    } catch (err) {
      this.lost(client, err);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    if (this.failures > 0) this.log.info("listening for the database's notifications again");
    this.failures = 0;
    // What was committed before LISTEN took effect (or while disconnected) notified nobody.
    for (const wake of Object.values(this.listeners)) wake(undefined);
  }

  private lost(client: Client, err: unknown): void {
    if (this.client && this.client !== client) return;
    this.client = undefined;
    client.removeAllListeners("end");
    client.end().catch(() => undefined);
    if (this.stopped || this.retryTimer) return;
    this.failures += 1;
    const delayMs = Math.min(10_000, 100 * 2 ** Math.min(this.failures, 7));
    this.log.warn(
      { err, retryInMs: delayMs },
      "lost the database's notifications; other replicas' work waits for the safety poll until reconnected",
    );
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, delayMs);
  }
}
