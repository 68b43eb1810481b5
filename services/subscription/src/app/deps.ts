import type { Clock, Database, Outbox, TimerScheduler } from "@mkt/service-kit";
import type { Db } from "../db/client.js";

/** What the subscription service's use cases need: built once in bootstrap.ts (the kit's ServiceDeps fit). */
export interface SubscriptionDeps {
  db: Database<Db>;
  outbox: Outbox;
  clock: Clock;
  timers: TimerScheduler;
}
