import { z } from "zod";
import {
  DISPUTE_ATTACHMENT_MAX_BYTES,
  DISPUTE_ATTACHMENT_MEDIA_TYPES,
  Dispute,
  DisputeAttachment,
  DisputeMessageInput,
  DisputeSummary,
  Id,
  ListDisputesQuery,
  Page,
  defineEndpoint,
} from "@mkt/contracts";

// WIRE FORMAT: the disputes buyers opened on the vendor's orders (issue 12), under /vendor/v1. The
// vendor is always the credential's; another vendor's dispute is a 404.

const vendorAuth = ["vendorToken", "vendorApiKey"];
const DisputeParams = z.object({ id: Id });

export const ListMyDisputes = defineEndpoint({
  method: "get",
  path: "/disputes",
  summary: "Disputes on your orders, latest opened first (`state=open`: those awaiting your answer), a page at a time",
  tags: ["disputes"],
  query: ListDisputesQuery.pick({ limit: true, cursor: true, state: true, orderId: true }),
  response: { status: 200, schema: Page(DisputeSummary) },
  auth: vendorAuth,
  errors: [502, 504],
});

export const GetMyDispute = defineEndpoint({
  method: "get",
  path: "/disputes/:id",
  summary: "A dispute on one of your orders, with its history and the files each step carried",
  tags: ["disputes"],
  params: DisputeParams,
  response: { status: 200, schema: Dispute },
  auth: vendorAuth,
  errors: [404, 502, 504],
});

export const RespondToMyDispute = defineEndpoint({
  method: "post",
  path: "/disputes/:id/responses",
  summary: "Answer a dispute (message and files): it becomes `answered`; you may answer again until it is resolved",
  description:
    "Takes an optional `Idempotency-Key`: the same key again answers the dispute as it is, writing nothing (another body: 409 `idempotency-key-reused`).",
  tags: ["disputes"],
  params: DisputeParams,
  body: DisputeMessageInput,
  idempotencyKey: "optional",
  response: { status: 201, schema: Dispute },
  auth: vendorAuth,
  errors: [404, 409, 422, 502, 504],
});

export const UploadMyDisputeAttachment = defineEndpoint({
  method: "post",
  path: "/orders/:orderId/dispute-attachments",
  summary: "Upload a file (PDF, PNG or JPEG, 5 MB at most) to attach to your answer to a dispute on this order",
  description:
    "Send its `attachmentId` in `attachmentIds` of the response (5 files at most). The content is checked: anything but a " +
    "PDF, PNG or JPEG is 422 `unsupported-attachment`.",
  tags: ["disputes"],
  params: z.object({ orderId: Id }),
  upload: {
    field: "file",
    maxBytes: DISPUTE_ATTACHMENT_MAX_BYTES,
    description: "The file: PDF, PNG or JPEG, 5 MB at most.",
  },
  response: { status: 201, schema: DisputeAttachment },
  auth: vendorAuth,
  errors: [404, 413, 415, 422, 502, 504],
});

export const DownloadMyDisputeAttachment = defineEndpoint({
  method: "get",
  path: "/disputes/:id/attachments/:attachmentId",
  summary: "Download a file of a dispute on your order (the buyer's or yours)",
  tags: ["disputes"],
  params: DisputeParams.extend({ attachmentId: Id }),
  response: { status: 200, file: { contentTypes: DISPUTE_ATTACHMENT_MEDIA_TYPES } },
  auth: vendorAuth,
  errors: [404, 502, 504],
});

export const vendorDisputeEndpoints = [
  ListMyDisputes,
  GetMyDispute,
  RespondToMyDispute,
  UploadMyDisputeAttachment,
  DownloadMyDisputeAttachment,
] as const;
