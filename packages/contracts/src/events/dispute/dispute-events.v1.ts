import { z } from "zod";
import { defineEvent } from "../../define-event.js";
import { Id, Money, Timestamp } from "../../common/primitives.js";
import { OrderFacts } from "../order/order-facts.js";

// A dispute's life (issue 12): the buyer opens a case on an order, adds to it, the vendor answers,
// an operator resolves it (a refund, in full or in part, or a rejection). Published by the order
// service, which keeps disputes with their order. Each event carries the dispute and the whole
// order (buyer, vendor and their contacts), so notification acts without calling back.

const Actor = z.object({ kind: z.enum(["buyer", "vendor", "operator", "system"]), id: z.string().nullable() });
const Attachment = z.object({
  attachmentId: Id,
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
});

/** The dispute as every dispute event carries it. */
export const DisputeFacts = z.object({
  disputeId: Id,
  reason: z.enum(["not-delivered", "not-as-described", "vendor-unresponsive"]),
  openedAt: Timestamp,
  order: OrderFacts,
});
export type DisputeFacts = z.infer<typeof DisputeFacts>;

export const DisputeOpenedV1 = defineEvent({
  type: "dispute.opened",
  version: 1,
  description:
    "A buyer opened a dispute on an order (not delivered, not as described, vendor unresponsive) with its first message: the vendor is asked to answer, operations mediate.",
  data: z.object({
    dispute: DisputeFacts,
    message: z.string(),
    attachments: z.array(Attachment),
  }),
});

export const DisputeMessageAddedV1 = defineEvent({
  type: "dispute.message-added",
  version: 1,
  description: "The buyer added a message (and files) to its dispute, still open or answered.",
  data: z.object({
    dispute: DisputeFacts,
    by: Actor,
    message: z.string(),
    attachments: z.array(Attachment),
    addedAt: Timestamp,
  }),
});

export const DisputeAnsweredV1 = defineEvent({
  type: "dispute.answered",
  version: 1,
  description: "The vendor answered a dispute (again, when it had already): the buyer and operations are told.",
  data: z.object({
    dispute: DisputeFacts,
    by: Actor,
    message: z.string(),
    attachments: z.array(Attachment),
    answeredAt: Timestamp,
  }),
});

export const DisputeResolvedV1 = defineEvent({
  type: "dispute.resolved",
  version: 1,
  description:
    "An operator resolved a dispute: refunded in full or in part (the refund made through payment, whose payment.refunded carries the money movement), or rejected with a reason. Final.",
  data: z.object({
    dispute: DisputeFacts,
    by: Actor,
    resolution: z.enum(["refunded-in-full", "partially-refunded", "rejected"]),
    /** The refund made; null when rejected. */
    refund: z.object({ refundId: Id, paymentId: Id, amount: Money }).nullable(),
    /** Why it was rejected; null for a refund. */
    reason: z.string().nullable(),
    resolvedAt: Timestamp,
  }),
});
