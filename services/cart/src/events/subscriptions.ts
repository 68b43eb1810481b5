import {
  BuyerProfileUpdatedV1,
  BuyerRegisteredV1,
  CatalogProductUpdatedV1,
  OrderCheckoutCompletedV1,
  OrderCheckoutFailedV1,
  PaymentCheckoutActionRequiredV1,
  PaymentCheckoutAuthorizedV1,
  PaymentCheckoutDeclinedV1,
} from "@mkt/contracts";
import { consume, type ConsumerSpec } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { recordBuyer } from "../app/record-buyer.js";
import { recordProduct } from "../app/record-product.js";
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

/** Saga step checkout.4 (docs/sagas/checkout.md): how the checkout ended. */
export const onCheckoutActionRequired = consume<typeof PaymentCheckoutActionRequiredV1, Db>(
  PaymentCheckoutActionRequiredV1,
  (event, tx) => markActionRequired(tx, event.data),
);
export const onCheckoutAuthorized = consume<typeof PaymentCheckoutAuthorizedV1, Db>(
  PaymentCheckoutAuthorizedV1,
  (event, tx) => markAuthorized(tx, event.data),
);
export const onCheckoutDeclined = consume<typeof PaymentCheckoutDeclinedV1, Db>(
  PaymentCheckoutDeclinedV1,
  (event, tx) => markDeclined(tx, event.data),
);
export const onOrdersFailed = consume<typeof OrderCheckoutFailedV1, Db>(OrderCheckoutFailedV1, (event, tx) =>
  markOrdersFailed(tx, event.data),
);
export const onCheckoutCompleted = consume<typeof OrderCheckoutCompletedV1, Db>(OrderCheckoutCompletedV1, (event, tx) =>
  markCompleted(tx, event.data),
);

export const subscriptions = (): ConsumerSpec<Db>[] => [
  onProductUpdated,
  onBuyerRegistered,
  onBuyerProfileUpdated,
  onCheckoutActionRequired,
  onCheckoutAuthorized,
  onCheckoutDeclined,
  onOrdersFailed,
  onCheckoutCompleted,
];
