import type { Clock, Database, KeyedSignal, Outbox } from "@mkt/service-kit";
import type { Db } from "../db/client.js";

/** What the cart's use cases need: built once in bootstrap.ts (the kit's ServiceDeps fit). */
export interface CartDeps {
  db: Database<Db>;
  outbox: Outbox;
  clock: Clock;
  /** Woken by checkout id when this process commits a checkout's outcome (GetCheckout waits on it). */
  checkoutSettled: KeyedSignal;
}
