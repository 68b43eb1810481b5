import type {
  EventData,
  OrderCheckoutCompletedV1,
  OrderCheckoutFailedV1,
  PaymentCheckoutActionRequiredV1,
  PaymentCheckoutAuthorizedV1,
  PaymentCheckoutDeclinedV1,
} from "@mkt/contracts";
import type { Tx } from "./cart-store.js";

// Saga step checkout.4 (docs/sagas/checkout.md): the cart hears how its checkout ended; on a
// decline or a failure this is the compensation of checkout.1. Each handler runs in the inbox's
// transaction (one effect per event) and moves the checkout only forward: pending →
// action-required → completed | declined; an event arriving late for a settled checkout changes
// nothing. The cart row is locked first, as every cart change does. One step back is allowed:
// once the buyer authenticated and the card is authorized, `action-required` returns to `pending`
// (the orders are being created), so a gateway polling after the redirect waits for the outcome.

const OPEN = ["pending", "action-required"];

/**
 * The checkout, its cart locked, when it is in one of the `from` statuses (read again under the
 * lock); null otherwise. A checkout in none of them is left without locking its cart: the event
 * changes nothing (payment.checkout-authorized for a checkout that never needed authentication,
 * the usual case), as it would had it been handled a moment earlier, under the lock.
 */
async function lockCheckout(tx: Tx, checkoutId: string, from: readonly string[]) {
  const seen = await tx.checkout.findUnique({ where: { id: checkoutId }, select: { buyerId: true, status: true } });
  if (!seen || !from.includes(seen.status)) return null; // not ours (another environment's replay), or nothing to do
  await tx.$queryRaw`SELECT buyer_id FROM cart WHERE buyer_id = ${seen.buyerId} FOR UPDATE`;
  const checkout = await tx.checkout.findUnique({ where: { id: checkoutId } });
  return checkout && from.includes(checkout.status) ? checkout : null;
}

/** payment.checkout-action-required: the buyer must authenticate; the cart stays locked. */
export async function markActionRequired(
  tx: Tx,
  data: EventData<typeof PaymentCheckoutActionRequiredV1>,
): Promise<void> {
  const checkout = await lockCheckout(tx, data.checkoutId, ["pending"]);
  if (!checkout) return;
  await tx.checkout.update({
    where: { id: checkout.id },
    data: { status: "action-required", redirectUrl: data.redirectUrl },
  });
}

/** payment.checkout-authorized: the buyer authenticated (if asked to); the orders are being created. */
export async function markAuthorized(tx: Tx, data: EventData<typeof PaymentCheckoutAuthorizedV1>): Promise<void> {
  const checkout = await lockCheckout(tx, data.checkoutId, ["action-required"]);
  if (!checkout) return;
  await tx.checkout.update({ where: { id: checkout.id }, data: { status: "pending", redirectUrl: null } });
}

/** payment.checkout-declined: nothing was charged; the cart unlocks exactly as it was. */
export async function markDeclined(tx: Tx, data: EventData<typeof PaymentCheckoutDeclinedV1>): Promise<void> {
  const checkout = await lockCheckout(tx, data.checkoutId, OPEN);
  if (!checkout) return;
  const settledAt = new Date(data.declinedAt);
  await tx.checkout.update({
    where: { id: checkout.id },
    data: {
      status: "declined",
      declineReason: data.reason,
      declineMessage: data.message,
      redirectUrl: null,
      settledAt,
    },
  });
  await tx.cart.updateMany({
    where: { buyerId: checkout.buyerId, pendingCheckoutId: checkout.id },
    data: { pendingCheckoutId: null },
  });
}

/**
 * order.checkout-failed: the orders could not be created and payment releases the card; for the
 * buyer it ends like a decline the platform caused (nothing charged, the cart as it was).
 */
export async function markOrdersFailed(tx: Tx, data: EventData<typeof OrderCheckoutFailedV1>): Promise<void> {
  await markDeclined(tx, {
    checkoutId: data.checkoutId,
    buyerId: data.buyerId,
    reason: "processing-error",
    message:
      "Your orders could not be created, so nothing was charged: the amount held on your card is released. Please try again.",
    declinedAt: data.failedAt,
  });
}

/** order.checkout-completed: the orders exist; the lines the checkout froze leave the cart, which unlocks. */
export async function markCompleted(tx: Tx, data: EventData<typeof OrderCheckoutCompletedV1>): Promise<void> {
  const checkout = await lockCheckout(tx, data.checkoutId, OPEN);
  if (!checkout) return;
  const settledAt = new Date(data.completedAt);
  await tx.checkout.update({
    where: { id: checkout.id },
    data: { status: "completed", orderIds: data.orderIds, redirectUrl: null, settledAt },
  });
  await tx.cartItem.deleteMany({ where: { buyerId: checkout.buyerId, id: { in: checkout.itemIds } } });
  await tx.cart.updateMany({
    where: { buyerId: checkout.buyerId, pendingCheckoutId: checkout.id },
    data: { pendingCheckoutId: null },
  });
}
