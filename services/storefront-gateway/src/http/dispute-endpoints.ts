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
  OpenDisputeInput,
  Page,
  defineEndpoint,
} from "@mkt/contracts";

// WIRE FORMAT: a buyer's disputes (issue 12), under /api/v1. The buyer is always the token's
// subject; another buyer's order or dispute is a 404.

const buyerToken = "buyerToken";
const DisputeParams = z.object({ id: Id });

export const UploadMyDisputeAttachment = defineEndpoint({
  method: "post",
  path: "/purchases/:orderId/dispute-attachments",
  summary: "Upload a file (PDF, PNG or JPEG, 5 MB at most) to attach to a dispute message about this purchase",
  description:
    "Send its `attachmentId` in `attachmentIds` when opening the dispute or adding a message (5 files at most per message). " +
    "The content is checked: anything but a PDF, PNG or JPEG is 422 `unsupported-attachment`.",
  tags: ["disputes"],
  params: z.object({ orderId: Id }),
  upload: {
    field: "file",
    maxBytes: DISPUTE_ATTACHMENT_MAX_BYTES,
    description: "The file: PDF, PNG or JPEG, 5 MB at most.",
  },
  response: { status: 201, schema: DisputeAttachment },
  auth: buyerToken,
  errors: [404, 413, 415, 422, 502, 504],
});

export const OpenMyDispute = defineEndpoint({
  method: "post",
  path: "/purchases/:orderId/disputes",
  summary: "Open a dispute on a purchase: not delivered, not as described, or the vendor unresponsive",
  description:
    "For a transmitted, accepted or delivered purchase (409 `order-not-disputable` for a refused or cancelled one), one at a " +
    "time (409 `dispute-already-open`). Support mediates between you and the vendor and may order a refund. " +
    "Takes an optional `Idempotency-Key`: the same key again answers the dispute it opened (another body: 409 `idempotency-key-reused`).",
  tags: ["disputes"],
  params: z.object({ orderId: Id }),
  body: OpenDisputeInput,
  idempotencyKey: "optional",
  response: { status: 201, schema: Dispute },
  auth: buyerToken,
  errors: [404, 409, 422, 502, 504],
});

export const ListMyDisputes = defineEndpoint({
  method: "get",
  path: "/disputes",
  summary: "My disputes, latest opened first, a page at a time",
  tags: ["disputes"],
  query: ListDisputesQuery.pick({ limit: true, cursor: true, state: true, orderId: true }),
  response: { status: 200, schema: Page(DisputeSummary) },
  auth: buyerToken,
  errors: [502, 504],
});

export const GetMyDispute = defineEndpoint({
  method: "get",
  path: "/disputes/:id",
  summary: "A dispute with its history: every message, answer and decision, with the files each carried",
  tags: ["disputes"],
  params: DisputeParams,
  response: { status: 200, schema: Dispute },
  auth: buyerToken,
  errors: [404, 502, 504],
});

export const AddMyDisputeMessage = defineEndpoint({
  method: "post",
  path: "/disputes/:id/messages",
  summary: "Add a message (and files) to my dispute while it is not resolved",
  description:
    "Takes an optional `Idempotency-Key`: the same key again answers the dispute as it is, writing nothing (another body: 409 `idempotency-key-reused`).",
  tags: ["disputes"],
  params: DisputeParams,
  body: DisputeMessageInput,
  idempotencyKey: "optional",
  response: { status: 201, schema: Dispute },
  auth: buyerToken,
  errors: [404, 409, 422, 502, 504],
});

export const DownloadMyDisputeAttachment = defineEndpoint({
  method: "get",
  path: "/disputes/:id/attachments/:attachmentId",
  summary: "Download a file of my dispute (mine or the vendor's)",
  tags: ["disputes"],
  params: DisputeParams.extend({ attachmentId: Id }),
  response: { status: 200, file: { contentTypes: DISPUTE_ATTACHMENT_MEDIA_TYPES } },
  auth: buyerToken,
  errors: [404, 502, 504],
});

export const storefrontDisputeEndpoints = [
  UploadMyDisputeAttachment,
  OpenMyDispute,
  ListMyDisputes,
  GetMyDispute,
  AddMyDisputeMessage,
  DownloadMyDisputeAttachment,
] as const;
