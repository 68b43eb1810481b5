import type { Request, Router } from "express";
import { mountEndpoint } from "@mkt/service-kit";
import { GetSubscription } from "@mkt/contracts";
import { authOf } from "@mkt/gateway-kit";
import type { VendorApiDeps } from "../app/deps.js";
import { downloadMyRenewalInvoice } from "../app/download-renewal-invoice.js";
import { DownloadMyRenewalInvoice, GetMySubscription } from "./subscription-endpoints.js";

/**
 * One of the vendor's subscriptions and its renewals' invoices, mounted on the vendor router
 * (behind its token or API key): the vendor id is always the credential's, so the subscription
 * and order services answer 404 for another vendor's.
 */
export function subscriptionRoutes(vendor: Router, deps: VendorApiDeps): void {
  const vendorIdOf = (req: Request) => authOf(req).vendorId!;
  mountEndpoint(vendor, GetMySubscription, async ({ params, req }) =>
    deps.subscription.call(GetSubscription, {
      params: { subscriptionId: params.subscriptionId },
      query: { vendorId: vendorIdOf(req) },
    }),
  );
  mountEndpoint(vendor, DownloadMyRenewalInvoice, async ({ params, req }) =>
    downloadMyRenewalInvoice(deps, vendorIdOf(req), params.subscriptionId, params.number),
  );
}
