import type { Request, Router } from "express";
import { mountEndpoint } from "@mkt/service-kit";
import { authOf } from "@mkt/gateway-kit";
import type { StorefrontDeps } from "../app/deps.js";
import { downloadMyRenewalInvoice } from "../app/download-renewal-invoice.js";
import { payMyOpenPeriod } from "../app/pay-open-period.js";
import { confirmMyCancellation, requestMyCancellation, undoMyCancellation } from "../app/stop-renewal.js";
import {
  ConfirmMyCancellation,
  DownloadMyRenewalInvoice,
  PayMyOpenPeriod,
  RequestMyCancellation,
  UndoMyCancellation,
} from "./subscription-endpoints.js";

/**
 * What the buyer does with its subscriptions, mounted on the buyer router (behind its token): the
 * buyer id is always the token's, so another buyer's subscription is a 404 from the subscription
 * service; its 409s (too-late-to-cancel with possibleFrom…) pass through unchanged.
 */
export function subscriptionActionRoutes(buyer: Router, deps: StorefrontDeps): void {
  const buyerIdOf = (req: Request) => authOf(req).subject;
  mountEndpoint(buyer, RequestMyCancellation, async ({ params, req }) =>
    requestMyCancellation(deps, buyerIdOf(req), params.subscriptionId),
  );
  mountEndpoint(buyer, ConfirmMyCancellation, async ({ params, req }) =>
    confirmMyCancellation(deps, buyerIdOf(req), params.subscriptionId),
  );
  mountEndpoint(buyer, UndoMyCancellation, async ({ params, req }) =>
    undoMyCancellation(deps, buyerIdOf(req), params.subscriptionId),
  );
  mountEndpoint(buyer, PayMyOpenPeriod, async ({ params, req }) =>
    payMyOpenPeriod(deps, buyerIdOf(req), params.subscriptionId),
  );
  mountEndpoint(buyer, DownloadMyRenewalInvoice, async ({ params, req }) =>
    downloadMyRenewalInvoice(deps, buyerIdOf(req), params.subscriptionId, params.number),
  );
}
