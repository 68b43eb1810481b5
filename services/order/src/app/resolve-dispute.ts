import { DisputeResolvedV1, GetOrderPayment, RefundPayment, type Dispute, type DisputeDecision } from "@mkt/contracts";
import { decideDispute, type DisputeResolutionKind, type MoneyAmount } from "../domain/dispute.js";
import type { Actor } from "../domain/order-state.js";
import { Prisma } from "../generated/prisma/client.js";
import type { OrderDeps } from "./deps.js";
import { disputeFacts, findDispute, lockDispute, stateOfDispute, toDisputeView } from "./dispute-store.js";
import { disputeRefused, disputeResolutionInProgress } from "./errors.js";

/** A refund decision recorded before payment is asked, so that a retry repeats that refund and no other. */
interface PendingResolution {
  decision: "refund-in-full" | "partial-refund";
  kind: DisputeResolutionKind;
  amount: number;
  currency: string;
  paymentId: string;
}

/** WIRE NAME: payment's Idempotency-Key of a dispute's refund. One per dispute: it can be refunded once. */
export const disputeRefundKey = (disputeId: string) => `dispute-${disputeId}-refund`;
const refundReason = (disputeId: string) => `Dispute ${disputeId} resolved by the marketplace`;

const alreadyResolved = (state: string) =>
  disputeRefused(
    {
      kind: "refused",
      reason: "already-resolved",
      detail: "The dispute is resolved already: it cannot be resolved again.",
    },
    { disputeState: state },
  );

const samePending = (pending: PendingResolution, decision: DisputeDecision) =>
  pending.decision === decision.decision &&
  (decision.decision !== "partial-refund" ||
    (decision.amount.amount === pending.amount && decision.amount.currency === pending.currency));

/**
 * Saga step dispute.4 (docs/sagas/dispute.md): an operator resolves the dispute. A rejection is
 * one transaction. A refund is three steps, as payment's own refunds are: (1) the decision and
 * its amount are recorded as pending on the locked dispute (decided against what payment says is
 * still refundable); (2) payment's RefundPayment is called outside any transaction, with an
 * Idempotency-Key derived from the dispute; (3) the resolution commits with dispute.resolved.
 * A crash or an outage between them leaves the pending decision: repeating it repeats the same
 * refund (payment answers the first one), another decision is 409, so money moves once.
 * No compensation: a refund is final (payment publishes payment.refunded for the ledger).
 */
export async function resolveDispute(
  deps: OrderDeps,
  disputeId: string,
  input: DisputeDecision & { operatorId: string },
): Promise<Dispute> {
  const { operatorId, ...decision } = input;
  const actor: Actor = { kind: "operator", id: operatorId };
  const before = await findDispute(deps.db.client, disputeId, {});
  if (stateOfDispute(before) === "resolved") throw alreadyResolved(before.state);
  const stored = before.pendingResolution as PendingResolution | null;
  if (decision.decision === "rejected" || stored) return finish(deps, disputeId, actor, decision, null);

  // What may still be refunded: payment knows (captured − refunded). Read before locking anything.
  const payment = await deps.payment.call(GetOrderPayment, { params: { orderId: before.orderId } });
  const refundable: MoneyAmount = {
    amount: payment.refundableAmount.amount,
    currency: payment.refundableAmount.currency,
  };
  const pending = await deps.db.transaction(async (tx) => {
    const current = await lockDispute(tx, disputeId, {});
    const already = current.pendingResolution as PendingResolution | null;
    if (already) {
      if (!samePending(already, decision)) throw disputeResolutionInProgress(disputeId, already.decision);
      return already;
    }
    const decided = decideDispute(stateOfDispute(current), { kind: "resolve", actor, decision, refundable });
    if (decided.kind === "refused") throw disputeRefused(decided, { disputeState: current.state });
    const refund = decided.resolution!.refund!;
    const recorded: PendingResolution = {
      decision: decision.decision as PendingResolution["decision"],
      kind: decided.resolution!.kind,
      amount: refund.amount,
      currency: refund.currency,
      paymentId: payment.paymentId,
    };
    await tx.dispute.update({
      where: { id: disputeId },
      data: { pendingResolution: { ...recorded }, updatedAt: deps.clock.now() },
    });
    return recorded;
  });
  return finish(deps, disputeId, actor, decision, pending);
}

/** Steps 2 and 3: the refund a pending decision asks for (if any), then the resolution. */
async function finish(
  deps: OrderDeps,
  disputeId: string,
  actor: Actor,
  decision: DisputeDecision,
  pendingIn: PendingResolution | null,
): Promise<Dispute> {
  let pending = pendingIn;
  if (!pending) {
    // A rejection, or a repeat of a decision recorded earlier: check it under the lock first.
    pending = await deps.db.transaction(async (tx) => {
      const current = await lockDispute(tx, disputeId, {});
      const already = current.pendingResolution as PendingResolution | null;
      if (stateOfDispute(current) === "resolved") throw alreadyResolved(current.state);
      if (already && !samePending(already, decision)) throw disputeResolutionInProgress(disputeId, already.decision);
      return already;
    });
  }
  const refund = pending
    ? await deps.payment.call(RefundPayment, {
        params: { paymentId: pending.paymentId },
        body: { amount: pending.amount, reason: refundReason(disputeId) },
        idempotencyKey: disputeRefundKey(disputeId),
      })
    : null;

  const resolved = await deps.db.transaction(async (tx) => {
    const current = await lockDispute(tx, disputeId, {});
    // A concurrent repeat of the same decision finished first: this one is the second resolve.
    if (stateOfDispute(current) === "resolved") throw alreadyResolved(current.state);
    const now = deps.clock.now();
    const kind: DisputeResolutionKind = pending ? pending.kind : "rejected";
    const reason = decision.decision === "rejected" ? decision.reason : null;
    const seq = (current.entries.at(-1)?.seq ?? 0) + 1;
    await tx.disputeEntry.create({
      data: { disputeId, seq, kind: "resolved", at: now, actorKind: "operator", actorId: actor.id, message: reason },
    });
    await tx.dispute.update({
      where: { id: disputeId },
      data: {
        state: "resolved",
        resolution: kind,
        refundId: refund?.refundId ?? null,
        refundAmount: refund?.amount.amount ?? null,
        refundCurrency: refund?.amount.currency ?? null,
        rejectionReason: reason,
        resolvedAt: now,
        resolvedBy: actor.id,
        pendingResolution: Prisma.DbNull,
        updatedAt: now,
      },
    });
    await deps.outbox.add(tx, DisputeResolvedV1, {
      dispute: disputeFacts(current),
      by: { kind: "operator", id: actor.id },
      resolution: kind,
      refund: refund ? { refundId: refund.refundId, paymentId: refund.paymentId, amount: refund.amount } : null,
      reason,
      resolvedAt: now.toISOString(),
    });
    return findDispute(tx, disputeId, {});
  });
  return toDisputeView(resolved);
}
