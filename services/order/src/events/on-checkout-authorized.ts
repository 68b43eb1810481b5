import { OrderCheckoutFailedV1, PaymentCheckoutAuthorizedV1 } from "@mkt/contracts";
import { consume, type Logger } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import type { OrderDeps } from "../app/deps.js";
import { createOrdersFromCheckout } from "../app/create-orders.js";

/**
 * Saga step checkout.3 (docs/sagas/checkout.md) and its compensation.
 *
 * Creates the orders of an authorized checkout. If that fails on every delivery (a bug, data the
 * service cannot store), the checkout must not stay half done with the buyer's card held:
 * order.checkout-failed makes payment release every authorization and the cart unlock.
 */
export const onCheckoutAuthorized = (deps: OrderDeps & { log: Logger }) =>
  consume<typeof PaymentCheckoutAuthorizedV1, Db>(
    PaymentCheckoutAuthorizedV1,
    (event, tx) => createOrdersFromCheckout(deps, tx, event.data),
    {
      onGiveUp: async (event, tx, failure) => {
        deps.log.error(
          { checkoutId: event.data.checkoutId, error: failure.error },
          "the orders of an authorized checkout could not be created; releasing its payment",
        );
        await deps.outbox.add(tx, OrderCheckoutFailedV1, {
          checkoutId: event.data.checkoutId,
          buyerId: event.data.buyer.buyerId,
          orderIds: event.data.orders.map((order) => order.orderId),
          reason: failure.error.slice(0, 500),
          failedAt: deps.clock.now().toISOString(),
        });
      },
    },
  );
