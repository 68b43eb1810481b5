import {
  ConfirmCancellation,
  RequestCancellation,
  UndoCancellation,
  type CancellationAnswer,
  type SubscriptionDetails,
} from "@mkt/contracts";
import type { MySubscriptionDetails } from "../http/endpoints.js";
import type { StorefrontDeps } from "./deps.js";
import { presentSubscriptionDetails } from "./subscriptions.js";

// Stopping a subscription's renewal, as its buyer does it: the subscription service decides (404
// for another buyer's subscription, 409 too-late-to-cancel with possibleFrom, already-cancelled,
// no-cancellation…) and its problems pass through unchanged. The buyer id is the token's.

/** Ask to stop renewal: the last day of service and the amount no longer charged, nothing changed yet. */
export function requestMyCancellation(
  deps: StorefrontDeps,
  buyerId: string,
  subscriptionId: string,
): Promise<CancellationAnswer> {
  return deps.subscription.call(RequestCancellation, { params: { subscriptionId }, body: { buyerId } });
}

/** Confirm the request: from its date nothing more is charged. */
export function confirmMyCancellation(
  deps: StorefrontDeps,
  buyerId: string,
  subscriptionId: string,
): Promise<CancellationAnswer> {
  return deps.subscription.call(ConfirmCancellation, { params: { subscriptionId }, body: { buyerId } });
}

/** Undo it while it has not taken effect: the subscription as its buyer sees it, renewing again. */
export async function undoMyCancellation(
  deps: StorefrontDeps,
  buyerId: string,
  subscriptionId: string,
): Promise<MySubscriptionDetails> {
  const subscription: SubscriptionDetails = await deps.subscription.call(UndoCancellation, {
    params: { subscriptionId },
    query: { buyerId },
  });
  return presentSubscriptionDetails(subscription);
}
