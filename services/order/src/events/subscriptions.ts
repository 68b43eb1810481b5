import { PaymentCheckoutAuthorizedV1 } from "@mkt/contracts";
import { consume, type ConsumerSpec, type Logger } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import type { OrderDeps } from "../app/deps.js";
import { createOrdersFromCheckout } from "../app/create-orders.js";
import { releaseFailedCheckout } from "../app/release-failed-checkout.js";

// Everything the order service listens to. Each handler runs in the inbox's transaction: one
// effect per event however often it is delivered. Durable names: order--<event>-v1 (WIRE NAMES).

export const subscriptions = (deps: OrderDeps & { log: Logger }): ConsumerSpec<Db>[] => [
  // Saga step checkout.3 (docs/sagas/checkout.md) and its compensation: an authorized checkout becomes
  // one order per vendor; if that can never succeed, its payment is released.
  consume<typeof PaymentCheckoutAuthorizedV1, Db>(
    PaymentCheckoutAuthorizedV1,
    (event, tx) => createOrdersFromCheckout(deps, tx, event.data),
    { onGiveUp: (event, tx, failure) => releaseFailedCheckout(deps, tx, event.data, failure.error) },
  ),
];
