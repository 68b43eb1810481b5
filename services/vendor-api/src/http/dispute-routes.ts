import type { Request, Router } from "express";
import {
  DownloadDisputeAttachment,
  GetDispute,
  ListDisputes,
  RespondToDispute,
  UploadDisputeAttachment,
} from "@mkt/contracts";
import { authOf, serviceIdempotencyKey } from "@mkt/gateway-kit";
import { mountEndpoint } from "@mkt/service-kit";
import type { VendorApiDeps } from "../app/deps.js";
import {
  DownloadMyDisputeAttachment,
  GetMyDispute,
  ListMyDisputes,
  RespondToMyDispute,
  UploadMyDisputeAttachment,
} from "./dispute-endpoints.js";

/**
 * Disputes on the vendor's orders, on its authenticated router: the order service scopes every call by the credential's
 * vendor.
 */
export function mountDisputeRoutes(vendor: Router, deps: VendorApiDeps): void {
  const vendorId = (req: Request) => authOf(req).vendorId!;
  mountEndpoint(vendor, ListMyDisputes, async ({ query, req }) =>
    deps.order.call(ListDisputes, { query: { ...query, vendorId: vendorId(req) } }),
  );
  mountEndpoint(vendor, GetMyDispute, async ({ params, req }) =>
    deps.order.call(GetDispute, { params: { disputeId: params.id }, query: { vendorId: vendorId(req) } }),
  );
  mountEndpoint(vendor, RespondToMyDispute, async ({ params, body, req, idempotencyKey }) =>
    deps.order.call(RespondToDispute, {
      params: { disputeId: params.id },
      body: { ...body, vendorId: vendorId(req) },
      idempotencyKey: serviceIdempotencyKey(idempotencyKey),
    }),
  );
  mountEndpoint(vendor, UploadMyDisputeAttachment, async ({ params, file, req }) =>
    deps.order.call(UploadDisputeAttachment, { params, body: { vendorId: vendorId(req) }, file }),
  );
  mountEndpoint(vendor, DownloadMyDisputeAttachment, async ({ params, req }) =>
    deps.order.call(DownloadDisputeAttachment, {
      params: { disputeId: params.id, attachmentId: params.attachmentId },
      query: { vendorId: vendorId(req) },
    }),
  );
}
