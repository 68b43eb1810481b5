import type { Clock, Database, Logger, Outbox, TimerScheduler, TxOf } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import type { PaymentProcessor } from "../processor/port.js";
import type { SimulatedProcessor } from "../processor/simulated.js";

export type Tx = TxOf<Db>;

/** What the payment use cases receive. */
export interface PaymentDeps {
  db: Database<Db>;
  clock: Clock;
  outbox: Outbox;
  timers: TimerScheduler;
  log: Logger;
  /** How long a checkout waits for the buyer's 3-D Secure before it is declined. */
  authenticationTimeoutMs: number;
  processor: PaymentProcessor;
  /** Present when PAYMENT_PROCESSOR=simulated: its tokenize step and authentication page. */
  simulated: SimulatedProcessor | undefined;
  /** Wakes the payment worker (work was recorded). */
  wake: () => void;
}
