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
 * (`payment:<id>:refund:<key>`, or `renewal-charge:<id>:refund:<key>`: a call redone answers the
 * first refund), then commits the result with payment.refunded, once (guarded by the refund's
 * status under the payment's lock, or the refund's own for a renewal charge, which keeps no amounts).
 */
export async function finishRefund(deps: PaymentDeps, refund: Refund): Promise<Refund> {
  const charge = await refundedChargeOf(deps, refund);
  let processorRefundId: string;
  try {
    ({ refundId: processorRefundId } = await deps.processor.refund(
      charge.processorPaymentId,
      refund.amount,
      charge.processorKey,
    ));
  } catch (error) {
    if (error instanceof ProcessorUnavailable) throw new ProcessorUnavailableProblem();
    throw error;
  }
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    if (refund.paymentId) await tx.$queryRaw`SELECT id FROM payment WHERE id = ${refund.paymentId} FOR UPDATE`;
    else await tx.$queryRaw`SELECT id FROM refund WHERE id = ${refund.id} FOR UPDATE`;
    const current = await tx.refund.findUniqueOrThrow({ where: { id: refund.id } });
    if (current.status === "succeeded") return current;
    if (refund.paymentId) {
      const locked = await tx.payment.findUniqueOrThrow({ where: { id: refund.paymentId } });
      const refundedAmount = locked.refundedAmount + refund.amount;
      await tx.payment.update({
        where: { id: locked.id },
        data: { refundedAmount, status: statusAfterRefund({ ...locked, refundedAmount }) },
      });
    }
    const succeeded = await tx.refund.update({
      where: { id: refund.id },
      data: { status: "succeeded", processorRefundId, refundedAt: now, leaseUntil: null },
    });
    await deps.outbox.add(tx, PaymentRefundedV1, {
      orderId: charge.orderId,
      paymentId: charge.chargeId,
      refundId: refund.id,
      vendorId: charge.vendorId,
      buyerId: charge.buyerId,
      amount: { amount: refund.amount, currency: charge.currency },
      reason: refund.reason,
      refundedAt: now.toISOString(),
      ...(charge.subscriptionId ? { subscriptionId: charge.subscriptionId } : {}),
    });
    return succeeded;
  });
}

/** What a refund gives money back from: an order's payment or a renewal charge, as payment.refunded names it. */
interface RefundedCharge {
  /** The payment's id, or the renewal charge's (subscription.renewed's `paymentId`, the ledger's charge). */
  chargeId: string;
  orderId: string;
  subscriptionId?: string;
  vendorId: string;
  buyerId: string;
  currency: string;
  processorPaymentId: string;
  processorKey: string;
}

async function refundedChargeOf(deps: Pick<PaymentDeps, "db">, refund: Refund): Promise<RefundedCharge> {
  if (refund.paymentId) {
    const payment = await deps.db.client.payment.findUniqueOrThrow({ where: { id: refund.paymentId } });
    return {
      chargeId: payment.id,
      orderId: payment.orderId,
      vendorId: payment.vendorId,
      buyerId: payment.buyerId,
      currency: payment.currency,
      processorPaymentId: payment.processorPaymentId!,
      processorKey: idempotencyKeys.refund(payment.id, refund.idempotencyKey),
    };
  }
  // The CHECK refund_of_one_charge: without a payment, a refund has a renewal charge and its order.
  const charge = await deps.db.client.renewalCharge.findUniqueOrThrow({ where: { id: refund.renewalChargeId! } });
  return {
    chargeId: charge.id,
    orderId: refund.orderId!,
    subscriptionId: charge.subscriptionId,
    vendorId: charge.vendorId,
    buyerId: charge.buyerId,
    currency: charge.currency,
    processorPaymentId: charge.processorPaymentId!,
    processorKey: idempotencyKeys.renewalChargeRefund(charge.id, refund.idempotencyKey),
  };
}
