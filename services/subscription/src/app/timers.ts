import type { TimerScheduler } from "@mkt/service-kit";
import { timersOf, type Subscription, type Timers } from "../domain/subscription-state.js";
import type { Tx } from "./subscription-store.js";

// WIRE NAMES (stored in the timer table): renaming one orphans the timers already armed.
export const SUBSCRIPTION_TIMERS = {
  /** The next period's due instant, or its dunning retry (docs/sagas/renewal.md, step renewal.2). */
  chargeDue: "subscription.charge-due",
  /** 30 days after a suspension: the subscription ends unless its open period was paid. */
  endSuspension: "subscription.end-suspension",
  /** An unconfirmed cancellation request lapses. */
  expireCancellationRequest: "subscription.expire-cancellation-request",
  /** A yearly subscription's renewal reminder (N days before). */
  reminderDue: "subscription.reminder-due",
} as const;

const TIMER_OF: Record<keyof Timers, string> = {
  chargeAt: SUBSCRIPTION_TIMERS.chargeDue,
  endSuspensionAt: SUBSCRIPTION_TIMERS.endSuspension,
  expireCancellationRequestAt: SUBSCRIPTION_TIMERS.expireCancellationRequest,
  remindAt: SUBSCRIPTION_TIMERS.reminderDue,
};

/**
 * Arms (or moves, or disarms) the subscription's timers, each keyed by its id, so that arming again
 * moves the same timer and never adds one. Only the timers whose instant differs from `before`'s
 * are written: a renewal moves the charge-due timer and (yearly) the reminder, nothing else.
 * Without `before` (a subscription that just started) every timer is written.
 */
export async function armTimers(
  timers: TimerScheduler,
  tx: Tx,
  next: Subscription,
  before: Subscription | null,
  reminderDays: number,
): Promise<void> {
  const wanted = timersOf(next, reminderDays);
  const had = before ? timersOf(before, reminderDays) : null;
  for (const slot of Object.keys(TIMER_OF) as (keyof Timers)[]) {
    const at = wanted[slot];
    if (had && had[slot]?.getTime() === at?.getTime()) continue;
    const type = TIMER_OF[slot];
    if (at === null) {
      // Nothing armed before (a fresh subscription): nothing to disarm.
      if (had) await timers.cancel(tx, { type, key: next.subscriptionId });
    } else {
      await timers.schedule(tx, { type, key: next.subscriptionId, dueAt: at, payload: {} });
    }
  }
}
