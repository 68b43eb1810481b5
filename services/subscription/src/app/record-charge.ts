import { decide } from "../domain/subscription-state.js";
import { applyMove } from "./apply-move.js";
import type { SubscriptionDeps } from "./deps.js";
import { domainOf, lockSubscriptionIfExists, type Tx } from "./subscription-store.js";

/** A due period's charge attempt as the renewal worker leased it. */
export interface ClaimedPeriod {
  subscriptionId: string;
  number: number;
  chargeKey: string;
}

/** What the attempt came to: paid (with payment's charge and order's invoice), or failed. */
export type ChargeOutcome =
  | { kind: "paid"; paymentId: string; invoiceNumber: string; paidAt: Date }
  | { kind: "failed"; reason: string; declineCode: string | null };

/**
 * Saga step renewal.4 (docs/sagas/renewal.md): records a charge attempt's outcome in one
 * transaction: the period (paid, or failed with its reason), the subscription as the decider moves
 * it (active, past due with the next retry armed, suspended, reactivated), and its events
 * (`subscription.renewed` with the money facts, `.renewal-failed`, `.suspended`, `.reactivated`).
 *
 * An attempt recorded already (a worker whose lease ran out while it waited on payment, and
 * another that redid the same attempt with the same key) finds the period no longer `due` under
 * that key, and changes nothing: each attempt is recorded once.
 */
export async function recordCharge(
  deps: SubscriptionDeps,
  tx: Tx,
  claimed: ClaimedPeriod,
  outcome: ChargeOutcome,
): Promise<"recorded" | "already-recorded"> {
  const row = await lockSubscriptionIfExists(tx, claimed.subscriptionId);
  if (!row) return "already-recorded";
  const where = { subscriptionId_number: { subscriptionId: row.id, number: claimed.number } };
  const period = await tx.subscriptionPeriod.findUnique({ where });
  if (!period || period.state !== "due" || period.chargeKey !== claimed.chargeKey) return "already-recorded";

  const now = deps.clock.now();
  const subscription = domainOf(row);
  if (outcome.kind === "paid") {
    await tx.subscriptionPeriod.update({
      where,
      data: {
        state: "paid",
        paidBy: "renewal",
        paymentId: outcome.paymentId,
        invoiceNumber: outcome.invoiceNumber,
        paidAt: outcome.paidAt,
        leaseUntil: null,
        updatedAt: now,
      },
    });
  } else {
    await tx.subscriptionPeriod.update({
      where,
      data: {
        state: "failed",
        failures: { increment: 1 },
        failureReason: outcome.reason,
        declineCode: outcome.declineCode,
        leaseUntil: null,
        updatedAt: now,
      },
    });
  }

  const decision = decide(
    subscription,
    outcome.kind === "paid"
      ? { kind: "charge-succeeded", period: claimed.number }
      : { kind: "charge-failed", period: claimed.number },
    now,
  );
  if (decision.kind === "moved") {
    await applyMove(deps, tx, row, subscription, decision, now, {
      ...(outcome.kind === "paid"
        ? { paid: { paymentId: outcome.paymentId, invoiceNumber: outcome.invoiceNumber } }
        : { failed: { declineCode: outcome.declineCode } }),
    });
  } else if (outcome.kind === "paid") {
    // Charged, but the subscription ended meanwhile (a withdrawal while the charge was under way):
    // the period stays recorded as paid so that an operator sees the money to give back.
    deps.log.error(
      { subscriptionId: row.id, period: claimed.number, paymentId: outcome.paymentId, decision: decision.kind },
      "a renewal was charged for a subscription that no longer renews: refund it",
    );
  }
  return "recorded";
}
