import { PaymentCapturedV1, PaymentReleasedV1 } from "@mkt/contracts";
import { idempotencyKeys } from "../domain/keys.js";
import type { PaymentDeps } from "./deps.js";

/**
 * Saga steps order-validation.7 (capture) and order-validation.8 / checkout.5 (release, the
 * compensation of checkout.2) (docs/sagas/order-validation.md, docs/sagas/checkout.md).
 *
 * Does the capture or release an order's event asked for (pendingAction), outside any
 * transaction, then commits its result with payment.captured / payment.released. Redone after a
 * crash, the processor call carries the same key (`order:<id>:capture|release`) and answers the
 * first result; the commit is guarded by the pending action, so it happens once.
 */
export async function settlePayment(deps: PaymentDeps, paymentId: string): Promise<void> {
  const payment = await deps.db.client.payment.findUniqueOrThrow({ where: { id: paymentId } });
  if (!payment.pendingAction || payment.status !== "authorized" || !payment.processorPaymentId) {
    await deps.db.client.payment.update({ where: { id: paymentId }, data: { pendingAction: null, leaseUntil: null } });
    return;
  }
  if (payment.pendingAction === "capture") {
    const { capturedAmount } = await deps.processor.capture(
      payment.processorPaymentId,
      payment.amount,
      idempotencyKeys.capture(payment.orderId),
    );
    const now = deps.clock.now();
    await deps.db.transaction(async (tx) => {
      const done = await tx.payment.updateMany({
        where: { id: paymentId, status: "authorized", pendingAction: "capture" },
        data: { status: "captured", capturedAmount, capturedAt: now, pendingAction: null, leaseUntil: null },
      });
      if (done.count === 0) return;
      const money = (amount: number) => ({ amount, currency: payment.currency });
      await deps.outbox.add(tx, PaymentCapturedV1, {
        orderId: payment.orderId,
        paymentId,
        vendorId: payment.vendorId,
        buyerId: payment.buyerId,
        amount: money(capturedAmount),
        fee: money(payment.fee),
        capturedAt: now.toISOString(),
      });
    });
    return;
  }
  await deps.processor.cancel(payment.processorPaymentId, idempotencyKeys.release(payment.orderId));
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const done = await tx.payment.updateMany({
      where: { id: paymentId, status: "authorized", pendingAction: "release" },
      data: {
        status: "released",
        releasedAmount: payment.amount,
        releasedAt: now,
        pendingAction: null,
        leaseUntil: null,
      },
    });
    if (done.count === 0) return;
    await deps.outbox.add(tx, PaymentReleasedV1, {
      orderId: payment.orderId,
      paymentId,
      vendorId: payment.vendorId,
      buyerId: payment.buyerId,
      amount: { amount: payment.amount, currency: payment.currency },
      releasedAt: now.toISOString(),
    });
  });
}
