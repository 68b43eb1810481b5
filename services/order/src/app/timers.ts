import type { TimerScheduler } from "@mkt/service-kit";
import type { Deadlines } from "../domain/order-state.js";
import type { Tx } from "./order-store.js";

// WIRE NAMES (stored in the timer table): renaming one orphans the timers already armed.
export const ORDER_TIMERS = {
  reminder: "order.validation-reminder",
  overdue: "order.overdue",
  autoCancel: "order.auto-cancel",
} as const;

/**
 * Arms an order's three deadlines, keyed by the order id: arming again moves the same timers
 * (idempotent), never adds more.
 */
export async function armOrderTimers(
  timers: TimerScheduler,
  tx: Tx,
  orderId: string,
  deadlines: Deadlines,
): Promise<void> {
  const payload = { orderId };
  await timers.schedule(tx, { type: ORDER_TIMERS.reminder, key: orderId, dueAt: deadlines.reminderAt, payload });
  await timers.schedule(tx, { type: ORDER_TIMERS.overdue, key: orderId, dueAt: deadlines.validationDueAt, payload });
  await timers.schedule(tx, { type: ORDER_TIMERS.autoCancel, key: orderId, dueAt: deadlines.autoCancelAt, payload });
}

/** Disarms what no longer applies once the order leaves `transmitted` (reminder) or the waiting states (all). */
export async function disarmOrderTimers(
  timers: TimerScheduler,
  tx: Tx,
  orderId: string,
  which: readonly (keyof typeof ORDER_TIMERS)[],
): Promise<void> {
  for (const name of which) await timers.cancel(tx, { type: ORDER_TIMERS[name], key: orderId });
}
