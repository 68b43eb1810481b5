import type { TimerScheduler } from "@mkt/service-kit";
import type { Tx } from "./subscription-store.js";

// WIRE NAMES (stored in the timer table): renaming one orphans the timers already armed.
export const SUBSCRIPTION_TIMERS = {
  /** The next period's due instant (docs/sagas/renewal.md, step renewal.2). */
  chargeDue: "subscription.charge-due",
} as const;

/**
 * Arms (or moves) the subscription's charge-due timer, keyed by its id: arming again moves the same
 * timer, never adds one. No instant (nothing more to charge) disarms it.
 */
export async function armChargeDue(
  timers: TimerScheduler,
  tx: Tx,
  subscriptionId: string,
  dueAt: Date | null,
): Promise<void> {
  if (dueAt === null) {
    await timers.cancel(tx, { type: SUBSCRIPTION_TIMERS.chargeDue, key: subscriptionId });
    return;
  }
  await timers.schedule(tx, {
    type: SUBSCRIPTION_TIMERS.chargeDue,
    key: subscriptionId,
    dueAt,
    payload: { subscriptionId },
  });
}
