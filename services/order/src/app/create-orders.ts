import {
  OrderCheckoutCompletedV1,
  OrderTransmittedV1,
  type EventData,
  type OrderFacts,
  type PaymentCheckoutAuthorizedV1,
} from "@mkt/contracts";
import type { Logger } from "@mkt/service-kit";
import { deadlinesFrom, SYSTEM } from "../domain/order-state.js";
import { purchaseOrderNumber } from "../domain/numbering.js";
import type { OrderDeps } from "./deps.js";
import type { Tx } from "./order-store.js";
import { armOrderTimers } from "./timers.js";

/**
 * Saga step checkout.3 (docs/sagas/checkout.md). Compensation: the consumer's onGiveUp publishes
 * order.checkout-failed (src/events/on-checkout-authorized.ts).
 *
 * An authorized checkout becomes its orders, all in the consumer's transaction:
 * each order `transmitted` with its purchase order (its PDF rendered on first download) and its three timers,
 * `order.transmitted` per order, then one `order.checkout-completed`. The inbox drops a redelivered event; an event
 * re-published under another id finds its orders already there and changes nothing.
 */
export async function createOrdersFromCheckout(
  deps: OrderDeps & { log?: Logger },
  tx: Tx,
  checkout: EventData<typeof PaymentCheckoutAuthorizedV1>,
): Promise<void> {
  const orderIds = checkout.orders.map((draft) => draft.orderId);
  const existing = await tx.order.findMany({ where: { id: { in: orderIds } }, select: { id: true, checkoutId: true } });
  if (existing.length > 0) {
    deps.log?.warn(
      { checkoutId: checkout.checkoutId, existing },
      "orders of this checkout already exist; nothing to do",
    );
    return;
  }

  const now = deps.clock.now();
  const deadlines = deadlinesFrom(now);
  const orders = checkout.orders.map((draft) => {
    const number = purchaseOrderNumber(draft.orderId, now);
    const facts: OrderFacts = {
      ...draft,
      checkoutId: checkout.checkoutId,
      purchaseOrderNumber: number,
      buyer: checkout.buyer,
      transmittedAt: now.toISOString(),
      reminderAt: deadlines.reminderAt.toISOString(),
      validationDueAt: deadlines.validationDueAt.toISOString(),
      autoCancelAt: deadlines.autoCancelAt.toISOString(),
    };
    return { draft, number, facts };
  });
  // One statement per table for all of the checkout's orders, not one per order and table.
  await tx.order.createMany({
    data: orders.map(({ draft, number, facts }) => ({
      id: draft.orderId,
      checkoutId: checkout.checkoutId,
      paymentId: draft.paymentId,
      buyerId: checkout.buyer.buyerId,
      vendorId: draft.vendor.vendorId,
      purchaseOrderNumber: number,
      facts: facts as object,
      transmittedAt: now,
      reminderAt: deadlines.reminderAt,
      validationDueAt: deadlines.validationDueAt,
      autoCancelAt: deadlines.autoCancelAt,
      state: "transmitted",
      updatedAt: now,
    })),
  });
  await tx.orderTransition.createMany({
    data: orders.map(({ draft }) => ({
      orderId: draft.orderId,
      seq: 1,
      fromState: null,
      toState: "transmitted",
      at: now,
      actorKind: SYSTEM.kind,
      actorId: SYSTEM.id,
      note: `checkout ${checkout.checkoutId} authorized`,
    })),
  });
  // The PDF is rendered on first download (downloadOrderDocument), out of this transaction.
  await tx.orderDocument.createMany({
    data: orders.map(({ draft, number }) => ({
      orderId: draft.orderId,
      kind: "purchase-order",
      number,
      issuedAt: now,
    })),
  });
  for (const { draft, number, facts } of orders) {
    await armOrderTimers(deps.timers, tx, draft.orderId, deadlines);
    await deps.outbox.add(tx, OrderTransmittedV1, { order: facts, purchaseOrderNumber: number });
  }
  await deps.outbox.add(tx, OrderCheckoutCompletedV1, {
    checkoutId: checkout.checkoutId,
    buyerId: checkout.buyer.buyerId,
    orderIds,
    completedAt: now.toISOString(),
  });
}
