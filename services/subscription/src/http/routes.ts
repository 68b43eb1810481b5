import type { Router } from "express";
import {
  ConfirmCancellation,
  GetSubscription,
  ListSubscriptions,
  PayOpenPeriod,
  RequestCancellation,
  UndoCancellation,
} from "@mkt/contracts";
import { mountEndpoints } from "@mkt/service-kit";
import { confirmCancellation, payOpenPeriod, requestCancellation, undoCancellation } from "../app/buyer-commands.js";
import type { SubscriptionDeps } from "../app/deps.js";
import { listSubscriptions } from "../app/list-subscriptions.js";
import { readSubscription } from "../app/read-subscription.js";

/**
 * The subscription service's internal API, called by the gateways (contracts:
 * packages/contracts/src/http/subscription.ts).
 */
export function subscriptionRoutes(router: Router, deps: SubscriptionDeps): void {
  const db = deps.db.client;
  mountEndpoints(router, [
    [ListSubscriptions, async ({ query }) => listSubscriptions(db, query)],
    [GetSubscription, async ({ params, query }) => readSubscription(db, params.subscriptionId, query)],
    [RequestCancellation, ({ params, body }) => requestCancellation(deps, params.subscriptionId, body.buyerId)],
    [ConfirmCancellation, ({ params, body }) => confirmCancellation(deps, params.subscriptionId, body.buyerId)],
    [UndoCancellation, ({ params, query }) => undoCancellation(deps, params.subscriptionId, query.buyerId)],
    [PayOpenPeriod, ({ params, body }) => payOpenPeriod(deps, params.subscriptionId, body.buyerId)],
  ]);
}
