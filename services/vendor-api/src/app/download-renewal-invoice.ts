import { DownloadRenewalInvoice, GetSubscription, type FileContent } from "@mkt/contracts";
import type { VendorApiDeps } from "./deps.js";

/**
 * A renewal's invoice, from one of the vendor's subscriptions: the subscription (scoped to the
 * vendor, so another vendor's is a 404) gives its order, and the order service serves the invoice
 * scoped to the same vendor (a number that order does not have is a 404 from there).
 */
export async function downloadMyRenewalInvoice(
  deps: VendorApiDeps,
  vendorId: string,
  subscriptionId: string,
  number: string,
): Promise<FileContent> {
  const subscription = await deps.subscription.call(GetSubscription, {
    params: { subscriptionId },
    query: { vendorId },
  });
  return deps.order.call(DownloadRenewalInvoice, {
    params: { orderId: subscription.orderId, number },
    query: { vendorId },
  });
}
