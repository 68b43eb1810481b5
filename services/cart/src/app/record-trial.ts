import type { EventData, SubscriptionStartedV1 } from "@mkt/contracts";
import type { Tx } from "./cart-store.js";

/**
 * Remembers that the buyer had the free trial of a solution (subscription.started with a trial),
 * so that the cart refuses a second one at checkout. The first subscription to have it is kept.
 */
export async function recordTrialUsed(tx: Tx, data: EventData<typeof SubscriptionStartedV1>): Promise<void> {
  if (data.trialEndsOn === null) return;
  const { subscription } = data;
  await tx.$executeRaw`
    INSERT INTO trial_used (buyer_id, product_id, subscription_id, started_at)
    VALUES (${subscription.buyer.buyerId}, ${subscription.productId}, ${subscription.subscriptionId}, ${new Date(data.startedAt)})
    ON CONFLICT (buyer_id, product_id) DO NOTHING`;
}
