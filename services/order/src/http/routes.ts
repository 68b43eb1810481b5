import type { Router } from "express";
import {
  AcceptOrder,
  AddDisputeMessage,
  DownloadDisputeAttachment,
  GetDispute,
  ListDisputes,
  OpenDispute,
  ResolveDispute,
  RespondToDispute,
  UploadDisputeAttachment,
  CancelOrder,
  DeliverOrder,
  DownloadOrderDocument,
  DownloadRenewalInvoice,
  GetOrder,
  IssueRenewalInvoice,
  ListOrders,
  RefuseOrder,
  WithdrawOrder,
} from "@mkt/contracts";
import { mountEndpoints } from "@mkt/service-kit";
import { addDisputeMessage, respondToDispute } from "../app/add-dispute-entry.js";
import type { OrderDeps } from "../app/deps.js";
import { downloadDisputeAttachment, uploadDisputeAttachment } from "../app/dispute-attachments.js";
import { openDispute } from "../app/open-dispute.js";
import { getDispute, listDisputes } from "../app/read-disputes.js";
import { resolveDispute } from "../app/resolve-dispute.js";
import { issueRenewalInvoice } from "../app/issue-renewal-invoice.js";
import { listOrders } from "../app/list-orders.js";
import { downloadOrderDocument, getOrder } from "../app/read-orders.js";
import { downloadRenewalInvoice } from "../app/read-renewal-invoices.js";
import { acceptOrder, cancelOverdueOrder, deliverOrder, refuseOrder, withdrawOrder } from "../app/transition-order.js";

/**
 * The order service's internal API, called by the gateways and the subscription service's renewal worker (contracts:
 * packages/contracts/src/http/order.ts).
 */
export function orderRoutes(router: Router, deps: OrderDeps): void {
  const db = deps.db.client;
  mountEndpoints(router, [
    [ListOrders, async ({ query }) => listOrders(db, query)],
    [GetOrder, async ({ params, query }) => getOrder(db, params.orderId, query)],
    [AcceptOrder, async ({ params, body }) => acceptOrder(deps, params.orderId, body.vendorId)],
    [RefuseOrder, async ({ params, body }) => refuseOrder(deps, params.orderId, body)],
    [DeliverOrder, async ({ params, body }) => deliverOrder(deps, params.orderId, body)],
    [CancelOrder, async ({ params, body }) => cancelOverdueOrder(deps, params.orderId, body.buyerId)],
    [WithdrawOrder, async ({ params, body }) => withdrawOrder(deps, params.orderId, body.buyerId)],
    [DownloadOrderDocument, async ({ params, query }) => downloadOrderDocument(db, params.orderId, params.kind, query)],
    [
      IssueRenewalInvoice,
      async ({ params, body, idempotencyKey }) => issueRenewalInvoice(deps, params.orderId, body, idempotencyKey),
    ],
    [
      DownloadRenewalInvoice,
      async ({ params, query }) => downloadRenewalInvoice(db, params.orderId, params.number, query),
    ],
    // Disputes (issue 12): the buyer's case, the vendor's answers, the operator's resolution.
    [OpenDispute, async ({ params, body, idempotencyKey }) => openDispute(deps, params.orderId, body, idempotencyKey)],
    [ListDisputes, async ({ query }) => listDisputes(db, query)],
    [GetDispute, async ({ params, query }) => getDispute(db, params.disputeId, query)],
    [
      AddDisputeMessage,
      async ({ params, body, idempotencyKey }) => addDisputeMessage(deps, params.disputeId, body, idempotencyKey),
    ],
    [
      RespondToDispute,
      async ({ params, body, idempotencyKey }) => respondToDispute(deps, params.disputeId, body, idempotencyKey),
    ],
    [ResolveDispute, async ({ params, body }) => resolveDispute(deps, params.disputeId, body)],
    [
      UploadDisputeAttachment,
      async ({ params, body, file }) => uploadDisputeAttachment(deps, params.orderId, body, file),
    ],
    [
      DownloadDisputeAttachment,
      async ({ params, query }) => downloadDisputeAttachment(db, params.disputeId, params.attachmentId, query),
    ],
  ]);
}
