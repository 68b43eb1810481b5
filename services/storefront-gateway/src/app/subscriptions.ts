import {
  GetSubscription,
  ListSubscriptions,
  type ListSubscriptionsQuery,
  type Page,
  type SubscriptionDetails,
  type SubscriptionSummary,
} from "@mkt/contracts";
import type { z } from "zod";
import type { MySubscription, MySubscriptionDetails } from "../http/endpoints.js";
import type { StorefrontDeps } from "./deps.js";

type ListQuery = Pick<z.input<typeof ListSubscriptionsQuery>, "limit" | "cursor" | "state" | "productId">;

/** A subscription as its buyer sees it: the vendor's fee left out of a period's totals. */
export function presentSubscription(subscription: SubscriptionSummary): MySubscription {
  const { periodTotals, ...rest } = subscription;
  return {
    ...rest,
    periodTotals: { subtotal: periodTotals.subtotal, vat: periodTotals.vat, total: periodTotals.total },
  };
}

/** A subscription in full as its buyer sees it: presented as above, with its periods (the payment history). */
export function presentSubscriptionDetails(subscription: SubscriptionDetails): MySubscriptionDetails {
  return { ...presentSubscription(subscription), periods: subscription.periods };
}

/** "My subscriptions": the subscription service scopes the list by the buyer id of the token. */
export async function listMySubscriptions(
  deps: StorefrontDeps,
  buyerId: string,
  query: ListQuery,
): Promise<Page<MySubscription>> {
  const page = await deps.subscription.call(ListSubscriptions, { query: { ...query, buyerId } });
  return { items: page.items.map(presentSubscription), nextCursor: page.nextCursor };
}

/** One of the buyer's subscriptions in full; another buyer's is a 404 from the subscription service. */
export async function getMySubscription(
  deps: StorefrontDeps,
  buyerId: string,
  subscriptionId: string,
): Promise<MySubscriptionDetails> {
  const subscription: SubscriptionDetails = await deps.subscription.call(GetSubscription, {
    params: { subscriptionId },
    query: { buyerId },
  });
  return presentSubscriptionDetails(subscription);
}
