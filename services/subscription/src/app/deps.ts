import type { ServiceClient } from "@mkt/gateway-kit";
import type { Clock, Database, Logger, Outbox, TimerScheduler } from "@mkt/service-kit";
import type { Db } from "../db/client.js";

/** What the subscription service's use cases need: built once in bootstrap.ts's compose. */
export interface SubscriptionDeps {
  db: Database<Db>;
  outbox: Outbox;
  clock: Clock;
  timers: TimerScheduler;
  log: Logger;
  /** Yearly subscriptions' reminder, in days before renewal. */
  reminderDays: number;
  /** Asks the renewal worker to look for due periods once the caller's transaction committed. */
  wakeRenewals(tx: object): void;
}

/** The renewal worker's: the use cases' and the two services it calls. */
export interface RenewalDeps extends SubscriptionDeps {
  payment: ServiceClient;
  order: ServiceClient;
}
