import { WakeableLoop, type BackgroundWorker } from "@mkt/service-kit";
import type { Refund } from "../generated/prisma/client.js";
import { advanceCheckout } from "./authorize-checkout.js";
import type { PaymentDeps } from "./deps.js";
import { finishRefund } from "./refunds.js";
import { settlePayments, type ClaimedPayment } from "./settle.js";

/** A crashed worker's lease expires after this; the work is then redone (safely: idempotency keys). */
const LEASE_MS = 60_000;
/** A pass that failed (processor unavailable...) is retried after this. */
const RETRY_MS = 5_000;
/** How many due rows of each kind one pass claims, and so how many processor calls run at once. */
const BATCH_SIZE = 8;

/**
 * Does the processor calls the consumers recorded as work: authorizing checkouts (and releasing a
 * declined one's authorizations), captures and releases of orders, and the pending refunds of
 * withdrawn orders (or of a refund call that crashed before committing) once their payment is
 * captured, and of the renewal charges of their subscriptions. Each pass leases a batch of due rows
 * of each kind in one statement (`FOR UPDATE SKIP LOCKED`, so that one replica works on a row at a
 * time) and works on them concurrently; the calls happen outside transactions. A lease that expires
 * (a crashed worker) makes its rows due again.
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

  /** One batch of work, if any is due. */
  async step(): Promise<"more" | "idle"> {
    const now = this.deps.clock.now();
    const until = new Date(now.getTime() + LEASE_MS);
    const [checkouts, payments, refunds] = await Promise.all([
      this.deps.db.client.$queryRaw<{ id: string }[]>`
        UPDATE checkout SET lease_until = ${until} WHERE id IN (
          SELECT id FROM checkout WHERE status IN ('authorizing', 'declining') AND (lease_until IS NULL OR lease_until < ${now})
          ORDER BY created_at LIMIT ${BATCH_SIZE} FOR UPDATE SKIP LOCKED
        ) RETURNING id`,
      // The lease's RETURNING is the read: settling needs nothing else of the row.
      this.deps.db.client.$queryRaw<ClaimedPayment[]>`
        UPDATE payment SET lease_until = ${until} WHERE id IN (
          SELECT id FROM payment WHERE pending_action IS NOT NULL AND (lease_until IS NULL OR lease_until < ${now})
          ORDER BY created_at LIMIT ${BATCH_SIZE} FOR UPDATE SKIP LOCKED
        ) RETURNING id, order_id AS "orderId", buyer_id AS "buyerId", vendor_id AS "vendorId", currency, amount, fee,
          status, processor_payment_id AS "processorPaymentId", pending_action AS "pendingAction"`,
      // A payment's refund waits for its capture (a withdrawal while the capture was under way); a
      // renewal charge was captured when it succeeded.
      this.deps.db.client.$queryRaw<Refund[]>`
        UPDATE refund SET lease_until = ${until} WHERE id IN (
          SELECT r.id FROM refund r LEFT JOIN payment p ON p.id = r.payment_id
          WHERE r.status = 'pending' AND (r.lease_until IS NULL OR r.lease_until < ${now})
            AND (p.status IN ('captured', 'refunded') OR r.renewal_charge_id IS NOT NULL)
          ORDER BY r.created_at LIMIT ${BATCH_SIZE} FOR UPDATE OF r SKIP LOCKED
        ) RETURNING id, payment_id AS "paymentId", renewal_charge_id AS "renewalChargeId", order_id AS "orderId",
          idempotency_key AS "idempotencyKey", amount, reason, status, processor_refund_id AS "processorRefundId",
          created_at AS "createdAt", refunded_at AS "refundedAt", lease_until AS "leaseUntil"`,
    ]);
    if (checkouts.length === 0 && payments.length === 0 && refunds.length === 0) return "idle";
    await Promise.all([
      ...checkouts.map((checkout) =>
        advanceCheckout(this.deps, checkout.id).catch((err) =>
          this.retryLater(err, () =>
            this.deps.db.client.checkout.updateMany({
              where: { id: checkout.id },
              data: { leaseUntil: this.retryAt() },
            }),
          ),
        ),
      ),
      payments.length > 0
        ? settlePayments(this.deps, payments, (failed, err) =>
            this.retryLater(err, () =>
              this.deps.db.client.payment.updateMany({
                where: { id: { in: failed } },
                data: { leaseUntil: this.retryAt() },
              }),
            ),
          )
        : Promise.resolve(),
      ...refunds.map((refund) =>
        finishRefund(this.deps, refund).catch((err) =>
          this.retryLater(err, () =>
            this.deps.db.client.refund.updateMany({
              where: { id: refund.id, status: "pending" },
              data: { leaseUntil: this.retryAt() },
            }),
          ),
        ),
      ),
    ]);
    return "more";
  }

  private retryAt(): Date {
    return new Date(this.deps.clock.now().getTime() + RETRY_MS);
  }

  private async retryLater(err: unknown, shortenLease: () => Promise<unknown>): Promise<void> {
    this.deps.log.warn({ err }, "payment work failed; retried later");
    await shortenLease();
  }
}
