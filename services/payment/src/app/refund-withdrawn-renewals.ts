import { randomUUID } from "node:crypto";
import { afterCommit } from "@mkt/service-kit";
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
  const charges = await tx.renewalCharge.findMany({
    where: { subscriptionId, status: "succeeded" },
    orderBy: { periodNumber: "asc" },
  });
  if (charges.length === 0) return;
  const idempotencyKey = renewalWithdrawalRefundKey(subscriptionId);
  const now = deps.clock.now();
  // ON CONFLICT DO NOTHING on (renewal_charge_id, idempotency_key): a charge already refunded, or
  // being refunded, by an earlier delivery (or a concurrent one) adds nothing.
  const recorded = await tx.refund.createMany({
    data: charges.map((charge) => ({
      id: randomUUID(),
      renewalChargeId: charge.id,
      orderId,
      idempotencyKey,
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
