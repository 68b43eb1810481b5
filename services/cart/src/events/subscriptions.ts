import {
  BuyerProfileUpdatedV1,
  BuyerRegisteredV1,
  CatalogProductUpdatedV1,
  OrderCheckoutCompletedV1,
  OrderCheckoutFailedV1,
  PaymentCheckoutActionRequiredV1,
  PaymentCheckoutAuthorizedV1,
  PaymentCheckoutDeclinedV1,
  SubscriptionStartedV1,
} from "@mkt/contracts";
import { afterCommit, consume, type ConsumerSpec } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import type { CartDeps } from "../app/deps.js";
import type { Tx } from "../app/cart-store.js";
import { recordBuyer } from "../app/record-buyer.js";
import { recordProduct } from "../app/record-product.js";
import { recordTrialUsed } from "../app/record-trial.js";
import {
  markActionRequired,
  markAuthorized,
  markCompleted,
  markDeclined,
  markOrdersFailed,
} from "../app/settle-checkout.js";

// Everything the cart listens to. Each handler runs in the inbox's transaction: one effect per
// event however often it is delivered. Durable names: cart--<event>-v1 (WIRE NAMES).

/** The catalog's listings: what can be bought, at which price (saga step checkout.1 validates against it). */
export const onProductUpdated = consume<typeof CatalogProductUpdatedV1, Db>(CatalogProductUpdatedV1, (event, tx) =>
  recordProduct(tx, event.data),
);

/** The buyer's profile: VAT treatment and the buyer snapshot of a checkout. */
export const onBuyerRegistered = consume<typeof BuyerRegisteredV1, Db>(BuyerRegisteredV1, (event, tx) =>
  recordBuyer(tx, event.data, new Date(event.data.registeredAt)),
);
export const onBuyerProfileUpdated = consume<typeof BuyerProfileUpdatedV1, Db>(BuyerProfileUpdatedV1, (event, tx) =>
  recordBuyer(tx, event.data, new Date(event.data.updatedAt)),
);

/** A buyer's free trial of a solution started: a checkout of a second one is refused (one trial per buyer per solution). */
export const onSubscriptionStarted = consume<typeof SubscriptionStartedV1, Db>(SubscriptionStartedV1, (event, tx) =>
  recordTrialUsed(tx, event.data),
);

/**
 * Saga step checkout.4 (docs/sagas/checkout.md): how the checkout ended. Once the outcome is
 * committed, a GetCheckout waiting on it in this process answers at once.
 */
function settles<E extends { data: { checkoutId: string } }>(
  deps: Pick<CartDeps, "checkoutSettled">,
  settle: (tx: Tx, data: E["data"]) => Promise<void>,
) {
  return async (event: E, tx: Tx) => {
    await settle(tx, event.data);
    afterCommit(tx, () => deps.checkoutSettled.notify(event.data.checkoutId));
  };
}

export const subscriptions = (deps: Pick<CartDeps, "checkoutSettled">): ConsumerSpec<Db>[] => [
  onProductUpdated,
  onBuyerRegistered,
  onBuyerProfileUpdated,
  onSubscriptionStarted,
  consume<typeof PaymentCheckoutActionRequiredV1, Db>(
    PaymentCheckoutActionRequiredV1,
    settles(deps, markActionRequired),
  ),
  consume<typeof PaymentCheckoutAuthorizedV1, Db>(PaymentCheckoutAuthorizedV1, settles(deps, markAuthorized)),
  consume<typeof PaymentCheckoutDeclinedV1, Db>(PaymentCheckoutDeclinedV1, settles(deps, markDeclined)),
  consume<typeof OrderCheckoutFailedV1, Db>(OrderCheckoutFailedV1, settles(deps, markOrdersFailed)),
  consume<typeof OrderCheckoutCompletedV1, Db>(OrderCheckoutCompletedV1, settles(deps, markCompleted)),
];
