import { DownloadRenewalInvoice, GetSubscription, type FileContent } from "@mkt/contracts";
import type { StorefrontDeps } from "./deps.js";

/**
 * A renewal's invoice, from the subscription page: the subscription (scoped to the buyer, so
 * another buyer's is a 404) gives its order, and the order service serves the invoice scoped to
 * the same buyer (a number that order does not have is a 404 from there).
 */
export async function downloadMyRenewalInvoice(
  deps: StorefrontDeps,
  buyerId: string,
  subscriptionId: string,
  number: string,
): Promise<FileContent> {
  const subscription = await deps.subscription.call(GetSubscription, {
    params: { subscriptionId },
    query: { buyerId },
  });
  return deps.order.call(DownloadRenewalInvoice, {
    params: { orderId: subscription.orderId, number },
    query: { buyerId },
  });
}
