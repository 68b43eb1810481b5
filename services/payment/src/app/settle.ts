import { PaymentCapturedV1, PaymentReleasedV1 } from "@mkt/contracts";
import type { Payment } from "../generated/prisma/client.js";
import { idempotencyKeys } from "../domain/keys.js";
import type { PaymentDeps, Tx } from "./deps.js";

/** What the worker's lease answers of a payment with a pending action: all that settling reads. */
export type ClaimedPayment = Pick<
  Payment,
  | "id"
  | "orderId"
  | "buyerId"
  | "vendorId"
  | "currency"
  | "amount"
  | "fee"
  | "status"
  | "processorPaymentId"
  | "pendingAction"
>;

type Settled = { payment: ClaimedPayment; capturedAmount: number | null };

/**
 * Saga steps order-validation.7 (capture) and order-validation.8 / checkout.5 (release, the
 * compensation of checkout.2) (docs/sagas/order-validation.md, docs/sagas/checkout.md).
 *
 * Does the captures and releases the orders' events asked for (pendingAction) of a batch of
 * leased payments, the processor calls at once and outside any transaction, then commits every
 * result with its payment.captured / payment.released in one transaction. Redone after a crash,
 * each processor call carries the same key (`order:<id>:capture|release`) and answers the first
 * result; each commit is guarded by the pending action, so it happens once. The payments whose
 * call failed go to `onFailure` (retried later), the others are committed.
 */
export async function settlePayments(
  deps: PaymentDeps,
  claimed: ClaimedPayment[],
  onFailure: (paymentIds: string[], error: unknown) => Promise<void>,
): Promise<void> {
  const calls = await Promise.allSettled(claimed.map((payment) => callProcessor(deps, payment)));
  const settled: Settled[] = [];
  const failed: string[] = [];
  let error: unknown;
  calls.forEach((call, i) => {
    if (call.status === "fulfilled") settled.push({ payment: claimed[i]!, capturedAmount: call.value });
    else {
      failed.push(claimed[i]!.id);
      error = call.reason;
    }
  });
  if (settled.length > 0) {
    const now = deps.clock.now();
    await deps.db.transaction(async (tx) => {
      for (const result of settled) await recordSettlement(deps, tx, result, now);
    });
  }
  if (failed.length > 0) await onFailure(failed, error);
}

/** The processor call a payment's pending action asks for: the captured amount, null for a release or nothing to do. */
async function callProcessor(deps: PaymentDeps, payment: ClaimedPayment): Promise<number | null> {
  // An order of free trials holds nothing on the card: capturing it moves nothing, releasing it frees nothing.
  if (isNothingHeld(payment)) return payment.pendingAction === "capture" ? 0 : null;
  if (!payment.pendingAction || payment.status !== "authorized" || !payment.processorPaymentId) return null;
  if (payment.pendingAction === "capture") {
    const { capturedAmount } = await deps.processor.capture(
      payment.processorPaymentId,
      payment.amount,
      idempotencyKeys.capture(payment.orderId),
    );
    return capturedAmount;
  }
  await deps.processor.cancel(payment.processorPaymentId, idempotencyKeys.release(payment.orderId));
  return null;
}

const isNothingHeld = (payment: ClaimedPayment) =>
  payment.amount === 0 && payment.status === "authorized" && payment.processorPaymentId === null;

async function recordSettlement(deps: PaymentDeps, tx: Tx, { payment, capturedAmount }: Settled, now: Date) {
  if (
    !payment.pendingAction ||
    payment.status !== "authorized" ||
    !(payment.processorPaymentId || isNothingHeld(payment))
  ) {
    await tx.payment.update({ where: { id: payment.id }, data: { pendingAction: null, leaseUntil: null } });
    return;
  }
  const money = (amount: number) => ({ amount, currency: payment.currency });
  if (payment.pendingAction === "capture" && capturedAmount !== null) {
    const done = await tx.payment.updateMany({
      where: { id: payment.id, status: "authorized", pendingAction: "capture" },
      data: { status: "captured", capturedAmount, capturedAt: now, pendingAction: null, leaseUntil: null },
    });
    if (done.count === 0) return;
    await deps.outbox.add(tx, PaymentCapturedV1, {
      orderId: payment.orderId,
      paymentId: payment.id,
      vendorId: payment.vendorId,
      buyerId: payment.buyerId,
      amount: money(capturedAmount),
      fee: money(payment.fee),
      capturedAt: now.toISOString(),
    });
    return;
  }
  const done = await tx.payment.updateMany({
    where: { id: payment.id, status: "authorized", pendingAction: "release" },
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
    paymentId: payment.id,
    vendorId: payment.vendorId,
    buyerId: payment.buyerId,
    amount: money(payment.amount),
    releasedAt: now.toISOString(),
  });
}
