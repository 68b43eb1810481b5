import type { Router } from "express";
import { mountEndpoint } from "@mkt/service-kit";
import { GetSubscription, ListSubscriptions } from "@mkt/contracts";
import type { BackofficeDeps } from "../app/deps.js";
import { GetAnySubscription, ListAllSubscriptions } from "./subscription-endpoints.js";

/**
 * The subscription service's subscriptions, every one of them: operators send neither a buyer nor
 * a vendor scope (the filters are theirs to choose); its 404 and 400 pass through.
 */
export function subscriptionRoutes(operators: Router, deps: BackofficeDeps): void {
  mountEndpoint(operators, ListAllSubscriptions, async ({ query }) =>
    deps.subscription.call(ListSubscriptions, { query }),
  );
  mountEndpoint(operators, GetAnySubscription, async ({ params }) =>
    deps.subscription.call(GetSubscription, { params: { subscriptionId: params.id } }),
  );
}
