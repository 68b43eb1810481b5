import { OrderCheckoutFailedV1, type EventData, type PaymentCheckoutAuthorizedV1 } from "@mkt/contracts";
import type { Logger } from "@mkt/service-kit";
import type { OrderDeps } from "./deps.js";
import type { Tx } from "./order-store.js";

/**
 * Saga step checkout.3's compensation (docs/sagas/checkout.md): when creating a checkout's orders
 * failed on every delivery (a bug, data the service cannot store), the checkout must not stay half
 * done with the buyer's card held. order.checkout-failed makes payment release every authorization
 * and the cart unlock.
 */
export async function releaseFailedCheckout(
  deps: Pick<OrderDeps, "outbox" | "clock"> & { log: Logger },
  tx: Tx,
  checkout: EventData<typeof PaymentCheckoutAuthorizedV1>,
  error: string,
): Promise<void> {
  deps.log.error(
    { checkoutId: checkout.checkoutId, error },
    "the orders of an authorized checkout could not be created; releasing its payment",
  );
  await deps.outbox.add(tx, OrderCheckoutFailedV1, {
    checkoutId: checkout.checkoutId,
    buyerId: checkout.buyer.buyerId,
    orderIds: checkout.orders.map((order) => order.orderId),
    reason: error.slice(0, 500),
    failedAt: deps.clock.now().toISOString(),
  });
}
