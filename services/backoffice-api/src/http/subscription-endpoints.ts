import { z } from "zod";
import {
  Id,
  ListSubscriptionsQuery,
  Page,
  SubscriptionDetails,
  SubscriptionSummary,
  defineEndpoint,
} from "@mkt/contracts";

// WIRE FORMAT: operators read every subscription (issue 12), read only: no buyer or vendor scope.

export const ListAllSubscriptions = defineEndpoint({
  method: "get",
  path: "/subscriptions",
  summary: "Subscriptions of every buyer and vendor, newest first, a page at a time",
  description:
    "Filters: `buyerId`, `vendorId`, `orderId` (those one purchase started), `state` (`trialing`, `active`, `past_due`, " +
    "`suspended`, `ended`), `productId`; pages by `nextCursor`.",
  tags: ["subscriptions"],
  query: ListSubscriptionsQuery,
  response: { status: 200, schema: Page(SubscriptionSummary) },
  auth: "operatorToken",
  errors: [502, 504],
});

export const GetAnySubscription = defineEndpoint({
  method: "get",
  path: "/subscriptions/:id",
  summary:
    "A subscription in full: buyer, vendor, terms, state, cancellation, next due date and amount, periods (payment history)",
  tags: ["subscriptions"],
  params: z.object({ id: Id.meta({ description: "The subscription id." }) }),
  response: { status: 200, schema: SubscriptionDetails },
  auth: "operatorToken",
  errors: [404, 502, 504],
});

/** The operators' subscription routes (listed with `backofficeEndpoints`). */
export const subscriptionEndpoints = [ListAllSubscriptions, GetAnySubscription] as const;
