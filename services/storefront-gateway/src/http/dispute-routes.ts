import type { Router } from "express";
import {
  AddDisputeMessage,
  DownloadDisputeAttachment,
  GetDispute,
  ListDisputes,
  OpenDispute,
  UploadDisputeAttachment,
} from "@mkt/contracts";
import { authOf, serviceIdempotencyKey } from "@mkt/gateway-kit";
import { mountEndpoint } from "@mkt/service-kit";
import type { StorefrontDeps } from "../app/deps.js";
import {
  AddMyDisputeMessage,
  DownloadMyDisputeAttachment,
  GetMyDispute,
  ListMyDisputes,
  OpenMyDispute,
  UploadMyDisputeAttachment,
} from "./dispute-endpoints.js";

/** A buyer's disputes, on its authenticated router: the order service scopes every call by the token's buyer. */
export function mountDisputeRoutes(buyer: Router, deps: StorefrontDeps): void {
  const buyerId = (req: Parameters<typeof authOf>[0]) => authOf(req).subject;
  mountEndpoint(buyer, UploadMyDisputeAttachment, async ({ params, file, req }) =>
    deps.order.call(UploadDisputeAttachment, { params, body: { buyerId: buyerId(req) }, file }),
  );
  mountEndpoint(buyer, OpenMyDispute, async ({ params, body, req, idempotencyKey }) =>
    deps.order.call(OpenDispute, {
      params,
      body: { ...body, buyerId: buyerId(req) },
      idempotencyKey: serviceIdempotencyKey(idempotencyKey),
    }),
  );
  mountEndpoint(buyer, ListMyDisputes, async ({ query, req }) =>
    deps.order.call(ListDisputes, { query: { ...query, buyerId: buyerId(req) } }),
  );
  mountEndpoint(buyer, GetMyDispute, async ({ params, req }) =>
    deps.order.call(GetDispute, { params: { disputeId: params.id }, query: { buyerId: buyerId(req) } }),
  );
  mountEndpoint(buyer, AddMyDisputeMessage, async ({ params, body, req, idempotencyKey }) =>
    deps.order.call(AddDisputeMessage, {
      params: { disputeId: params.id },
      body: { ...body, buyerId: buyerId(req) },
      idempotencyKey: serviceIdempotencyKey(idempotencyKey),
    }),
  );
  mountEndpoint(buyer, DownloadMyDisputeAttachment, async ({ params, req }) =>
    deps.order.call(DownloadDisputeAttachment, {
      params: { disputeId: params.id, attachmentId: params.attachmentId },
      query: { buyerId: buyerId(req) },
    }),
  );
}
