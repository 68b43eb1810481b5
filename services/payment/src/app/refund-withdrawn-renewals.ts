import { randomUUID } from "node:crypto";
import { afterCommit, lockKeyForTransaction } from "@mkt/service-kit";
import type { EventData, SubscriptionEndedV1 } from "@mkt/contracts";
import type { PaymentDeps, Tx } from "./deps.js";
import { WITHDRAWAL_REFUND_REASON } from "./refund-withdrawal.js";

/**
 * A renewal charge's withdrawal refund key, derived from the subscription (never random): scoped to
 * the charge by the refund's unique (renewal_charge_id, idempotency_key), so a redelivery or a
 * republish of subscription.ended finds it. WIRE NAME (the processor's key is built from it).
 */
export const renewalWithdrawalRefundKey = (subscriptionId: string) => `subscription:${subscriptionId}:withdrawal`;

/**
 * Saga step withdrawal.3a (docs/sagas/withdrawal.md), in the inbox's transaction: the order's
 * withdrawal ended its subscription. What the subscription charged (a trial's first charge, a
 * renewal: the order itself charged nothing for them) is refunded in full as the order's payment
 * is (withdrawal.2): one `pending` refund per succeeded renewal charge, keyed
 * `subscription:<id>:withdrawal`, finished by the payment worker through the processor outside
 * the transaction (finishRefund), which commits payment.refunded. A failed charge took no money;
 * another end (cancelled, suspended-too-long) refunds nothing: the periods paid were served.
 * Compensation: none (a refund is final; a failing processor is retried).
 */
export async function recordWithdrawnRenewalRefunds(
  tx: Tx,
  deps: Pick<PaymentDeps, "clock" | "wake">,
  ended: EventData<typeof SubscriptionEndedV1>,
): Promise<void> {
  if (ended.reason !== "withdrawn") return;
  const { subscriptionId, orderId } = ended.subscription;
  // Remembered under the subscription's lock: a charge recorded after this commits sees it and is
  // refunded at once; one recorded before is among the charges read below.
  await lockRenewalsOf(tx, subscriptionId);
  await tx.withdrawnSubscription.createMany({
    data: [{ subscriptionId, orderId, withdrawnAt: new Date(ended.endedAt) }],
    skipDuplicates: true,
  });
  const charges = await tx.renewalCharge.findMany({
    where: { subscriptionId, status: "succeeded" },
    orderBy: { periodNumber: "asc" },
  });
  await refundInFull(tx, deps, charges, orderId);
}

/**
 * Serialises, per subscription, the recording of its renewal charges and of its withdrawal (a
 * transaction-scoped advisory lock: the charges' rows may not exist yet to lock).
 */
export async function lockRenewalsOf(tx: Tx, subscriptionId: string): Promise<void> {
  await lockKeyForTransaction(tx, `renewals:${subscriptionId}`);
}

/** The withdrawal that ended the subscription, if the buyer withdrew (read under lockRenewalsOf). */
export async function withdrawalOf(tx: Pick<Tx, "withdrawnSubscription">, subscriptionId: string) {
  return tx.withdrawnSubscription.findUnique({ where: { subscriptionId } });
}

/**
 * One `pending` full refund per charge, keyed `subscription:<id>:withdrawal`; ON CONFLICT DO
 * NOTHING on (renewal_charge_id, idempotency_key): a charge already refunded, or being refunded,
 * by an earlier delivery (or a concurrent one) adds nothing. The payment worker finishes them.
 */
export async function refundInFull(
  tx: Tx,
  deps: Pick<PaymentDeps, "clock" | "wake">,
  charges: readonly { id: string; subscriptionId: string; amount: number }[],
  orderId: string,
): Promise<void> {
  if (charges.length === 0) return;
  const now = deps.clock.now();
  const recorded = await tx.refund.createMany({
    data: charges.map((charge) => ({
      id: randomUUID(),
      renewalChargeId: charge.id,
      orderId,
      idempotencyKey: renewalWithdrawalRefundKey(charge.subscriptionId),
      amount: charge.amount,
      reason: WITHDRAWAL_REFUND_REASON,
      status: "pending",
      createdAt: now,
      leaseUntil: null,
    })),
    skipDuplicates: true,
  });
  if (recorded.count > 0) afterCommit(tx, deps.wake);
}
