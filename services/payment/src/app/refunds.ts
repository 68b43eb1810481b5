import { randomUUID } from "node:crypto";
import { NotFoundError } from "@mkt/service-kit";
import { PaymentRefundedV1, type Refund as RefundView } from "@mkt/contracts";
import type { Refund } from "../generated/prisma/client.js";
import { checkRefund, statusAfterRefund } from "../domain/amounts.js";
import { idempotencyKeys } from "../domain/keys.js";
import { ProcessorUnavailable } from "../processor/port.js";
import {
  idempotencyKeyReused,
  nothingToRefund,
  paymentNotCaptured,
  ProcessorUnavailableProblem,
  RefundExceedsCaptured,
} from "./errors.js";
import type { PaymentDeps } from "./deps.js";
import { paymentView } from "./views.js";

/**
 * How long the call that recorded a refund has to finish it before the payment worker does (a
 * crash between the processor and the commit); a refund recorded by a consumer has no lease.
 */
export const REFUND_LEASE_MS = 60_000;

/**
 * Saga step dispute.5 (docs/sagas/dispute.md), the RefundPayment route. Refunds captured money. The refund is recorded
 * `pending` first (reserving its amount), the processor is called outside any transaction with
 * `payment:<id>:refund:<Idempotency-Key>`, and the result commits with payment.refunded. A call repeated with the same
 * key answers the same refund, finishing it first if a crash or a processor outage interrupted it.
 */
export async function refundPayment(
  deps: PaymentDeps,
  paymentId: string,
  input: { amount?: number | undefined; reason: string },
  idempotencyKey: string,
): Promise<RefundView> {
  const refund = await deps.db.transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM payment WHERE id = ${paymentId} FOR UPDATE`;
    const payment = await tx.payment.findUnique({ where: { id: paymentId } });
    if (!payment) throw new NotFoundError("Payment", paymentId);
    const existing = await tx.refund.findUnique({ where: { paymentId_idempotencyKey: { paymentId, idempotencyKey } } });
    if (existing) {
      if ((input.amount !== undefined && input.amount !== existing.amount) || input.reason !== existing.reason)
        throw idempotencyKeyReused();
      return existing;
    }
    const pending = await tx.refund.aggregate({ where: { paymentId, status: "pending" }, _sum: { amount: true } });
    const check = checkRefund(
      payment.status,
      { ...payment, refundedAmount: payment.refundedAmount + (pending._sum.amount ?? 0) },
      input.amount,
    );
    if (!check.ok) {
      if (check.problem === "not-captured") throw paymentNotCaptured(payment.status);
      if (check.problem === "nothing-left") throw nothingToRefund();
      throw new RefundExceedsCaptured(check.refundable, payment.currency);
    }
    return tx.refund.create({
      data: {
        id: randomUUID(),
        paymentId,
        idempotencyKey,
        amount: check.amount,
        reason: input.reason,
        status: "pending",
        createdAt: deps.clock.now(),
        leaseUntil: new Date(deps.clock.now().getTime() + REFUND_LEASE_MS),
      },
    });
  });
  const done = refund.status === "succeeded" ? refund : await finishRefund(deps, refund);
  const payment = await deps.db.client.payment.findUniqueOrThrow({ where: { id: paymentId } });
  return {
    refundId: done.id,
    paymentId,
    orderId: payment.orderId,
    amount: { amount: done.amount, currency: payment.currency },
    reason: done.reason,
    processorRefundId: done.processorRefundId ?? "",
    refundedAt: (done.refundedAt ?? done.createdAt).toISOString(),
    payment: paymentView(payment),
  };
}

/**
 * Calls the processor for a pending refund, outside any transaction, with its derived key
 * (`payment:<id>:refund:<key>`: a call redone answers the first refund), then commits the result
 * with payment.refunded, once (guarded by the refund's status under the payment's lock).
 */
export async function finishRefund(deps: PaymentDeps, refund: Refund): Promise<Refund> {
  const payment = await deps.db.client.payment.findUniqueOrThrow({ where: { id: refund.paymentId } });
  let processorRefundId: string;
  try {
    ({ refundId: processorRefundId } = await deps.processor.refund(
      payment.processorPaymentId!,
      refund.amount,
      idempotencyKeys.refund(refund.paymentId, refund.idempotencyKey),
    ));
  } catch (error) {
    if (error instanceof ProcessorUnavailable) throw new ProcessorUnavailableProblem();
    throw error;
  }
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM payment WHERE id = ${refund.paymentId} FOR UPDATE`;
    const current = await tx.refund.findUniqueOrThrow({ where: { id: refund.id } });
    if (current.status === "succeeded") return current;
    const locked = await tx.payment.findUniqueOrThrow({ where: { id: refund.paymentId } });
    const refundedAmount = locked.refundedAmount + refund.amount;
    await tx.payment.update({
      where: { id: locked.id },
      data: { refundedAmount, status: statusAfterRefund({ ...locked, refundedAmount }) },
    });
    const succeeded = await tx.refund.update({
      where: { id: refund.id },
      data: { status: "succeeded", processorRefundId, refundedAt: now, leaseUntil: null },
    });
    await deps.outbox.add(tx, PaymentRefundedV1, {
      orderId: locked.orderId,
      paymentId: locked.id,
      refundId: refund.id,
      vendorId: locked.vendorId,
      buyerId: locked.buyerId,
      amount: { amount: refund.amount, currency: locked.currency },
      reason: refund.reason,
      refundedAt: now.toISOString(),
    });
    return succeeded;
  });
}
