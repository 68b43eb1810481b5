import { randomUUID } from "node:crypto";
import { afterCommit } from "@mkt/service-kit";
import type { EventData, OrderWithdrawnV1 } from "@mkt/contracts";
import { refundableAmount } from "../domain/amounts.js";
import type { PaymentDeps, Tx } from "./deps.js";
import { requestSettlement } from "./record.js";

/** The refund's key, derived from the order (never random): a redelivery or a republish finds it. WIRE NAME. */
export const withdrawalRefundKey = (orderId: string) => `order:${orderId}:withdrawal`;
export const WITHDRAWAL_REFUND_REASON = "withdrawn";

/**
 * Saga step withdrawal.2 (docs/sagas/withdrawal.md), its first half, in the inbox's transaction:
 * the buyer withdrew from an order. Not captured yet → its authorization is released, as for a
 * refusal or a cancellation (requestSettlement); captured → a full refund is recorded `pending`,
 * keyed `order:<id>:withdrawal` (one per order: the same event delivered again, or re-published
 * under another id, finds it and adds nothing), and the payment worker refunds it through the
 * processor outside the transaction (finishRefund, the refund path of POST /payments/:id/refund).
 * A capture still under way when the event arrives: the refund waits, the worker takes it once the
 * payment is captured. Compensation: none (a refund is final; a failing processor is retried).
 */
export async function recordWithdrawal(
  tx: Tx,
  deps: Pick<PaymentDeps, "clock" | "wake" | "log">,
  withdrawn: EventData<typeof OrderWithdrawnV1>,
): Promise<void> {
  const { orderId } = withdrawn.order;
  if (withdrawn.money === "release-authorization") return requestSettlement(tx, deps, withdrawn.order, "release");

  await tx.$queryRaw`SELECT id FROM payment WHERE order_id = ${orderId} FOR UPDATE`;
  const payment = await tx.payment.findUnique({ where: { orderId } });
  // An order exists only after payment.checkout-authorized: not knowing it is a bug; retry then dead-letter.
  if (!payment) throw new Error(`no payment for withdrawn order ${orderId}`);
  const idempotencyKey = withdrawalRefundKey(orderId);
  const existing = await tx.refund.findUnique({
    where: { paymentId_idempotencyKey: { paymentId: payment.id, idempotencyKey } },
  });
  if (existing) return;

  const captureUnderWay = payment.status === "authorized" && payment.pendingAction === "capture";
  if (payment.status !== "captured" && payment.status !== "refunded" && !captureUnderWay) {
    deps.log.warn(
      { orderId, paymentId: payment.id, status: payment.status, pendingAction: payment.pendingAction },
      "withdrawal refund ignored: the payment was never captured",
    );
    return;
  }
  // In full: what was captured and is not refunded or being refunded yet (all of it, but for an
  // operator's earlier partial refund); while the capture is under way, what it will capture.
  const pending = await tx.refund.aggregate({
    where: { paymentId: payment.id, status: "pending" },
    _sum: { amount: true },
  });
  const amount = captureUnderWay
    ? payment.amount
    : refundableAmount({ ...payment, refundedAmount: payment.refundedAmount + (pending._sum.amount ?? 0) });
  if (amount <= 0) {
    deps.log.warn({ orderId, paymentId: payment.id }, "withdrawal refund: everything captured was already refunded");
    return;
  }
  await tx.refund.create({
    data: {
      id: randomUUID(),
      paymentId: payment.id,
      idempotencyKey,
      amount,
      reason: WITHDRAWAL_REFUND_REASON,
      status: "pending",
      createdAt: deps.clock.now(),
      leaseUntil: null,
    },
  });
  afterCommit(tx, deps.wake);
}
