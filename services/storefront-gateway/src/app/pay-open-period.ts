import { PayOpenPeriod, type SubscriptionDetails } from "@mkt/contracts";
import type { MySubscriptionDetails } from "../http/endpoints.js";
import type { StorefrontDeps } from "./deps.js";
import { presentSubscriptionDetails } from "./subscriptions.js";

/**
 * The buyer pays the open period of a past-due or suspended subscription now, with the card its
 * renewals are charged on (replaced first with `PUT /account/payment-method`). The subscription
 * service charges it in the background and answers at once; its 404 and 409
 * (subscription-state-conflict: nothing open) pass through unchanged.
 */
export async function payMyOpenPeriod(
  deps: StorefrontDeps,
  buyerId: string,
  subscriptionId: string,
): Promise<MySubscriptionDetails> {
  const subscription: SubscriptionDetails = await deps.subscription.call(PayOpenPeriod, {
    params: { subscriptionId },
    body: { buyerId },
  });
  return presentSubscriptionDetails(subscription);
}
