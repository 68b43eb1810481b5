import type { DueTimer } from "@mkt/service-kit";
import { periodRecord } from "../domain/start.js";
import { decide, type ChargeInstruction, type Subscription } from "../domain/subscription-state.js";
import { applyMove } from "./apply-move.js";
import type { SubscriptionDeps } from "./deps.js";
import { domainOf, lockSubscriptionIfExists, periodRow, type Tx } from "./subscription-store.js";

/**
 * Saga step renewal.2 (docs/sagas/renewal.md), timer subscription.charge-due: a period is due (or
 * its dunning retry). Compensation: none needed, recording a due period is idempotent (one row per
 * subscription and period, the attempt's charge key fixed by the decider).
 *
 * The period is recorded `due` with the attempt's idempotency key, and the renewal worker is woken
 * once this commits: it charges the period outside any transaction (steps renewal.3 and .4). A
 * confirmed cancellation whose date is reached ends the subscription instead. The timer re-reads
 * the subscription and asks the decider, so firing late or twice finds the period already recorded
 * (or `unchanged`).
 */
export const onChargeDue = (deps: SubscriptionDeps) => async (timer: DueTimer, tx: Tx) => {
  const row = await lockSubscriptionIfExists(tx, timer.key);
  if (!row) return;
  const now = deps.clock.now();
  const subscription = domainOf(row);
  const decision = decide(subscription, { kind: "charge-due" }, now);
  switch (decision.kind) {
    case "unchanged":
    case "refused":
      return;
    case "charge":
      await recordDue(deps, tx, subscription, decision.charge, now);
      return;
    case "moved":
      // The only move charge-due makes: a confirmed cancellation reached its date.
      await applyMove(deps, tx, row, subscription, decision, now);
      return;
  }
};

/**
 * Records a charge attempt as due: the period's row (created, or a scheduled or failed one made
 * due again) with the attempt's key and no lease, so that the renewal worker takes it.
 */
export async function recordDue(
  deps: SubscriptionDeps,
  tx: Tx,
  subscription: Subscription,
  charge: ChargeInstruction,
  now: Date,
): Promise<void> {
  const period = periodRecord(subscription, charge.period, "due");
  await tx.subscriptionPeriod.upsert({
    where: { subscriptionId_number: { subscriptionId: subscription.subscriptionId, number: charge.period } },
    create: periodRow(subscription.subscriptionId, { ...period, amount: charge.amount }, now, charge.idempotencyKey),
    // A trial's first period was recorded `scheduled` at the start, a failed one waits for its retry.
    update: { state: "due", chargeKey: charge.idempotencyKey, leaseUntil: null, updatedAt: now },
  });
  deps.wakeRenewals(tx);
}
