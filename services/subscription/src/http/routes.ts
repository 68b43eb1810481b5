import type { Router } from "express";
import { GetSubscription, ListSubscriptions } from "@mkt/contracts";
import { mountEndpoints } from "@mkt/service-kit";
import type { SubscriptionDeps } from "../app/deps.js";
import { listSubscriptions } from "../app/list-subscriptions.js";
import { readSubscription } from "../app/read-subscription.js";

/** The subscription service's internal API, called by the gateways (contracts: packages/contracts/src/http/subscription.ts). */
export function subscriptionRoutes(router: Router, deps: SubscriptionDeps): void {
  const db = deps.db.client;
  mountEndpoints(router, [
    [ListSubscriptions, async ({ query }) => listSubscriptions(db, query)],
    [GetSubscription, async ({ params, query }) => readSubscription(db, params.subscriptionId, query)],
  ]);
}
