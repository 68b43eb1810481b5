import type { ServiceClient } from "@mkt/gateway-kit";
import type { Clock, Database, Outbox, TimerScheduler } from "@mkt/service-kit";
import type { Db } from "../db/client.js";

/** What the order service's use cases need: built once in bootstrap.ts (the kit's ServiceDeps fit). */
export interface OrderDeps {
  db: Database<Db>;
  outbox: Outbox;
  clock: Clock;
  timers: TimerScheduler;
  /** payment's internal API: an order's payment (what is refundable) and a dispute's refund. */
  payment: ServiceClient;
}
