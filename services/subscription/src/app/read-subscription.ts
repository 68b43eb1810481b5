import type { SubscriptionDetails } from "@mkt/contracts";
import type { Db } from "../db/client.js";
import { findSubscription, toDetails, type Scope } from "./subscription-store.js";

/**
 * One subscription in full (terms, state, next due date and amount, periods), as its party may see it; 404 otherwise.
 */
export async function readSubscription(db: Db, subscriptionId: string, scope: Scope): Promise<SubscriptionDetails> {
  return toDetails(await findSubscription(db, subscriptionId, scope));
}
