import { WakeableLoop, type BackgroundWorker } from "@mkt/service-kit";
import { advanceCheckout } from "./authorize-checkout.js";
import type { PaymentDeps } from "./deps.js";
import { settlePayment } from "./settle.js";

/** A crashed worker's lease expires after this; the work is then redone (safely: idempotency keys). */
const LEASE_MS = 60_000;
/** A pass that failed (processor unavailable...) is retried after this. */
const RETRY_MS = 5_000;

/**
 * Does the processor calls the consumers recorded as work: authorizing checkouts (and releasing
 * a declined one's authorizations), captures and releases of orders. Each row is leased (in a
 * short transaction, `FOR UPDATE SKIP LOCKED`) so that one replica works on it at a time, and the
 * calls happen outside transactions.
 */
export class PaymentWorker implements BackgroundWorker {
  readonly name = "payment-worker";
  private readonly loop: WakeableLoop;

  constructor(
    private readonly deps: PaymentDeps,
    pollMs: number,
  ) {
    this.loop = new WakeableLoop(() => this.step(), {
      idleMs: pollMs,
      onError: (err) => deps.log.error({ err }, "payment worker failed"),
    });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  nudge(): void {
    this.loop.nudge();
  }

  /** One unit of work, if any is due. */
  async step(): Promise<"more" | "idle"> {
    const now = this.deps.clock.now();
    const until = new Date(now.getTime() + LEASE_MS);
    const checkouts = await this.deps.db.client.$queryRaw<{ id: string }[]>`
      UPDATE checkout SET lease_until = ${until} WHERE id = (
        SELECT id FROM checkout WHERE status IN ('authorizing', 'declining') AND (lease_until IS NULL OR lease_until < ${now})
        ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED
      ) RETURNING id`;
    const checkout = checkouts[0];
    if (checkout) {
      await this.attempt(
        () => advanceCheckout(this.deps, checkout.id),
        () =>
          this.deps.db.client.checkout.updateMany({
            where: { id: checkout.id },
            data: { leaseUntil: new Date(this.deps.clock.now().getTime() + RETRY_MS) },
          }),
      );
      return "more";
    }
    const payments = await this.deps.db.client.$queryRaw<{ id: string }[]>`
      UPDATE payment SET lease_until = ${until} WHERE id = (
        SELECT id FROM payment WHERE pending_action IS NOT NULL AND (lease_until IS NULL OR lease_until < ${now})
        ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED
      ) RETURNING id`;
    const payment = payments[0];
    if (payment) {
      await this.attempt(
        () => settlePayment(this.deps, payment.id),
        () =>
          this.deps.db.client.payment.updateMany({
            where: { id: payment.id },
            data: { leaseUntil: new Date(this.deps.clock.now().getTime() + RETRY_MS) },
          }),
      );
      return "more";
    }
    return "idle";
  }

  private async attempt(work: () => Promise<void>, retryLater: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.deps.log.warn({ err }, "payment work failed; retried later");
      await retryLater();
    }
  }
}
