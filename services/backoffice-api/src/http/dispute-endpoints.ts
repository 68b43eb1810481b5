import { z } from "zod";
import {
  DISPUTE_ATTACHMENT_MEDIA_TYPES,
  Dispute,
  DisputeDecision,
  DisputeSummary,
  Id,
  ListDisputesQuery,
  Page,
  defineEndpoint,
} from "@mkt/contracts";

// WIRE FORMAT: disputes for the operators who mediate them (issue 12), under /ops/v1. The deciding
// operator is the token's subject, recorded in the dispute's history.

const operator = "operatorToken";
const DisputeParams = z.object({ id: Id });

export const ListAllDisputes = defineEndpoint({
  method: "get",
  path: "/disputes",
  summary: "Every dispute, latest opened first: `state=open` (awaiting the vendor), `answered` (to decide), `resolved`",
  tags: ["disputes"],
  query: ListDisputesQuery.pick({ limit: true, cursor: true, state: true, orderId: true }).extend({
    vendor: Id.optional().meta({ description: "Only this vendor's disputes." }),
    buyer: Id.optional().meta({ description: "Only this buyer's disputes." }),
  }),
  response: { status: 200, schema: Page(DisputeSummary) },
  auth: operator,
  errors: [502, 504],
});

export const GetAnyDispute = defineEndpoint({
  method: "get",
  path: "/disputes/:id",
  summary: "A dispute with its history: the buyer's case, the vendor's answers, the files, the decision",
  tags: ["disputes"],
  params: DisputeParams,
  response: { status: 200, schema: Dispute },
  auth: operator,
  errors: [404, 502, 504],
});

export const ResolveAnyDispute = defineEndpoint({
  method: "post",
  path: "/disputes/:id/resolve",
  summary: "Resolve a dispute: refund in full, refund in part, or reject with a reason",
  description:
    '`{decision: "refund-in-full"}` refunds what is still refundable; `{decision: "partial-refund", amount}` an amount ' +
    'strictly between 0 and that (422 `refund-amount-out-of-range`); `{decision: "rejected", reason}` refunds nothing. The ' +
    "refund goes through payment with a key derived from the dispute: repeating a resolve never refunds twice (409 " +
    "`dispute-already-resolved` once resolved). Nothing captured or left to refund: 409 `nothing-to-refund`.",
  tags: ["disputes"],
  params: DisputeParams,
  body: DisputeDecision,
  response: { status: 200, schema: Dispute },
  auth: operator,
  errors: [404, 409, 422, 502, 503, 504],
});

export const DownloadAnyDisputeAttachment = defineEndpoint({
  method: "get",
  path: "/disputes/:id/attachments/:attachmentId",
  summary: "Download a file of a dispute (the buyer's or the vendor's)",
  tags: ["disputes"],
  params: DisputeParams.extend({ attachmentId: Id }),
  response: { status: 200, file: { contentTypes: DISPUTE_ATTACHMENT_MEDIA_TYPES } },
  auth: operator,
  errors: [404, 502, 504],
});

export const backofficeDisputeEndpoints = [
  ListAllDisputes,
  GetAnyDispute,
  ResolveAnyDispute,
  DownloadAnyDisputeAttachment,
] as const;
