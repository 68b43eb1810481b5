import { z } from "zod";
import { defineEvent } from "../../define-event.js";
import { CalendarDate, Money, Timestamp } from "../../common/primitives.js";
import { OrderFacts } from "./order-facts.js";

// The buyer's legal withdrawal (docs/business-rules.md, Cancelling and refunds): within 7 days of the order for
// a company, 14 for an individual. One event whatever the money does, so that payment, the
// subscriptions and notification each have one fact to act on.

export const OrderWithdrawnV1 = defineEvent({
  type: "order.withdrawn",
  version: 1,
  description:
    "The buyer withdrew from the order within the legal period. Before capture (not accepted yet) payment " +
    "releases the authorization; after capture it refunds `refund` in full. The order's subscriptions end at " +
    "once (reason `withdrawn`); buyer and vendor are told.",
  data: z.object({
    order: OrderFacts,
    by: z.object({ kind: z.literal("buyer"), id: z.string() }),
    money: z
      .enum(["release-authorization", "refund-in-full"])
      .meta({ description: "What payment does: release the authorization (not captured yet) or refund in full." }),
    refund: Money.nullable().meta({
      description: "What the buyer is refunded: what was captured (the order's total); null when nothing was captured.",
    }),
    /** The last day of the withdrawal period (the buyer's zone). */
    lastDay: CalendarDate,
    withdrawnAt: Timestamp,
  }),
});
