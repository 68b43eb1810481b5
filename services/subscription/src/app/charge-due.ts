import { SubscriptionEndedV1 } from "@mkt/contracts";
import type { DueTimer } from "@mkt/service-kit";
import { periodRecord } from "../domain/start.js";
import { addDays, decide, periodStart } from "../domain/subscription-state.js";
import type { SubscriptionDeps } from "./deps.js";
import {
  domainOf,
  factsOf,
  lockSubscriptionIfExists,
  movingColumns,
  periodRow,
  type Tx,
} from "./subscription-store.js";
import { armChargeDue } from "./timers.js";

/**
 * Saga step renewal.2 (docs/sagas/renewal.md), timer subscription.charge-due: a period is due.
 * Compensation: none needed, recording a due period is idempotent (one row per subscription and
 * period, its charge key fixed by the decider).
 *
 * In this slice the period is recorded as `due` with its charge's idempotency key and amount, and
 * nothing is charged yet: the renewal worker that charges it (steps renewal.3 and renewal.4) is
 * the next slice. A confirmed cancellation whose date is reached ends the subscription instead.
 * The timer re-reads the subscription and asks the decider, so firing late or twice finds the
 * period already recorded (or `unchanged`).
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
    case "charge": {
      const { charge } = decision;
      const period = periodRecord(subscription, charge.period, "due");
      await tx.subscriptionPeriod.upsert({
        where: { subscriptionId_number: { subscriptionId: row.id, number: charge.period } },
        create: periodRow(row.id, { ...period, amount: charge.amount }, now, charge.idempotencyKey),
        // A trial's first period was recorded `scheduled` at the start: it is now due.
        update: { state: "due", chargeKey: charge.idempotencyKey, updatedAt: now },
      });
      return;
    }
    case "moved": {
      // The only move charge-due makes: a confirmed cancellation reached its date.
      const next = decision.next;
      await tx.subscription.update({ where: { id: row.id }, data: movingColumns(next, now) });
      await armChargeDue(deps.timers, tx, row.id, null);
      const firstDayWithout = subscription.cancellation?.effectiveDate ?? periodStart(next, next.paidPeriod + 1);
      await deps.outbox.add(tx, SubscriptionEndedV1, {
        subscription: { ...factsOf(row), state: next.state },
        reason: next.endReason ?? "cancelled",
        lastDayOfService: addDays(firstDayWithout, -1),
        endedAt: now.toISOString(),
      });
      return;
    }
  }
};
