import type { Clock, Database, Outbox, TimerScheduler } from "@mkt/service-kit";
import type { Db } from "../db/client.js";

/** What the payout service's use cases need: built once in bootstrap.ts (the kit's ServiceDeps fit). */
export interface PayoutDeps {
  db: Database<Db>;
  outbox: Outbox;
  clock: Clock;
  timers: TimerScheduler;
}
