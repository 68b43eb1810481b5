import type { Request, Router } from "express";
import { DownloadDisputeAttachment, GetDispute, ListDisputes, ResolveDispute } from "@mkt/contracts";
import { authOf } from "@mkt/gateway-kit";
import { mountEndpoint } from "@mkt/service-kit";
import type { BackofficeDeps } from "../app/deps.js";
import {
  DownloadAnyDisputeAttachment,
  GetAnyDispute,
  ListAllDisputes,
  ResolveAnyDispute,
} from "./dispute-endpoints.js";

/**
 * Disputes for operators, on their authenticated router: the order service decides; the operator is the token's
 * subject.
 */
export function mountDisputeRoutes(operators: Router, deps: BackofficeDeps): void {
  const operatorId = (req: Request) => authOf(req).subject;
  mountEndpoint(operators, ListAllDisputes, async ({ query }) => {
    const { vendor, buyer, ...rest } = query;
    return deps.order.call(ListDisputes, {
      query: { ...rest, ...(vendor ? { vendorId: vendor } : {}), ...(buyer ? { buyerId: buyer } : {}) },
    });
  });
  mountEndpoint(operators, GetAnyDispute, async ({ params }) =>
    deps.order.call(GetDispute, { params: { disputeId: params.id } }),
  );
  mountEndpoint(operators, ResolveAnyDispute, async ({ params, body, req }) =>
    deps.order.call(ResolveDispute, {
      params: { disputeId: params.id },
      body: { ...body, operatorId: operatorId(req) },
    }),
  );
  mountEndpoint(operators, DownloadAnyDisputeAttachment, async ({ params }) =>
    deps.order.call(DownloadDisputeAttachment, { params: { disputeId: params.id, attachmentId: params.attachmentId } }),
  );
}
