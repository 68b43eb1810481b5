import { SubscriptionReminderDueV1 } from "@mkt/contracts";
import type { DueTimer } from "@mkt/service-kit";
import { nextDue } from "../domain/start.js";
import {
  CANCELLATION_DEADLINE_BEFORE_DUE_MS,
  reminderAt,
  type SubscriptionCommand,
} from "../domain/subscription-state.js";
import { decideAndApply } from "./apply-move.js";
import type { SubscriptionDeps } from "./deps.js";
import { domainOf, factsOf, lockSubscriptionIfExists, type Tx } from "./subscription-store.js";

// The subscription's other timers (app/timers.ts). Each re-reads the subscription under its lock
// and asks the decider, so a timer that fires late, twice, or after the state moved on changes
// nothing it should not.

const byTimer = (deps: SubscriptionDeps, command: SubscriptionCommand) => (timer: DueTimer, tx: Tx) =>
  decideAndApply(deps, tx, timer.key, command);

/**
 * Saga step renewal.7 (docs/sagas/renewal.md), timer subscription.end-suspension: 30 days
 * suspended and still unpaid, the subscription ends (`suspended-too-long`).
 */
export const onEndSuspension = (deps: SubscriptionDeps) => byTimer(deps, { kind: "end-suspension" });

/**
 * Saga step renewal.8's expiry (docs/sagas/renewal.md), timer subscription.expire-cancellation-request:
 * a cancellation request left unconfirmed lapses, the subscription renews as before.
 */
export const onExpireCancellationRequest = (deps: SubscriptionDeps) =>
  byTimer(deps, { kind: "expire-cancellation-request" });

/**
 * Saga step renewal.9 (docs/sagas/renewal.md), timer subscription.reminder-due. A yearly
 * subscription renews in N days: `subscription.reminder-due` tells the buyer the date,
 * the amount and until when it can still be stopped. Once sent, the next reminder is armed by the
 * renewal (its instant moves with the next period).
 */
export const onReminderDue = (deps: SubscriptionDeps) => async (timer: DueTimer, tx: Tx) => {
  const row = await lockSubscriptionIfExists(tx, timer.key);
  if (!row) return;
  const now = deps.clock.now();
  const subscription = domainOf(row);
  const at = reminderAt(subscription, deps.reminderDays);
  const due = nextDue(subscription);
  // No reminder any more (renewal stopped, not active), or one for a later renewal than this timer's.
  if (at === null || due === null || now.getTime() < at.getTime()) return;
  await deps.outbox.add(tx, SubscriptionReminderDueV1, {
    subscription: factsOf(row),
    renewsOn: due.on,
    amount: due.amount,
    cancellableUntil: new Date(due.at.getTime() - CANCELLATION_DEADLINE_BEFORE_DUE_MS).toISOString(),
    remindedAt: now.toISOString(),
  });
};
