import { z } from "zod";
import { defineEvent } from "../../define-event.js";
import { Id, Timestamp } from "../../common/primitives.js";
import { OrderFacts } from "./order-facts.js";

// An order's life (docs/business-rules.md, Ordering): transmitted → accepted → delivered; transmitted →
// refused; transmitted → overdue (48 h) → accepted late | cancelled (buyer, or automatically at
// 5 days). One event per transition, each carrying the whole order.

const Actor = z.object({ kind: z.enum(["buyer", "vendor", "operator", "system"]), id: z.string().nullable() });

export const OrderTransmittedV1 = defineEvent({
  type: "order.transmitted",
  version: 1,
  description:
    "An order was created from an authorized checkout and transmitted to its vendor, with its purchase order; from now on it cannot be modified, only moved by its transitions.",
  data: z.object({ order: OrderFacts, purchaseOrderNumber: z.string() }),
});

export const OrderCheckoutCompletedV1 = defineEvent({
  type: "order.checkout-completed",
  version: 1,
  description:
    "Every order of a checkout exists and was transmitted: the cart empties and answers the buyer with them.",
  data: z.object({ checkoutId: Id, buyerId: Id, orderIds: z.array(Id).min(1), completedAt: Timestamp }),
});

export const OrderCheckoutFailedV1 = defineEvent({
  type: "order.checkout-failed",
  version: 1,
  description:
    "The orders of an authorized checkout could not be created (the order service gave up after its " +
    "retries): no order exists. Payment releases every authorization of the checkout (the buyer is " +
    "refunded without being charged); the cart unlocks as it was. The event stays dead-lettered for operators.",
  data: z.object({
    checkoutId: Id,
    buyerId: Id,
    orderIds: z.array(Id).min(1),
    reason: z.string(),
    failedAt: Timestamp,
  }),
});

export const OrderValidationReminderV1 = defineEvent({
  type: "order.validation-reminder",
  version: 1,
  description:
    "24 hours after transmission the vendor has neither accepted nor refused: it is reminded (24 hours left).",
  data: z.object({ order: OrderFacts, remindedAt: Timestamp }),
});

export const OrderAcceptedV1 = defineEvent({
  type: "order.accepted",
  version: 1,
  description:
    "The vendor accepted the order (`late` when it was already overdue): its authorization is captured; the buyer is told, with the vendor's contact.",
  data: z.object({ order: OrderFacts, by: Actor, late: z.boolean(), acceptedAt: Timestamp }),
});

export const OrderRefusedV1 = defineEvent({
  type: "order.refused",
  version: 1,
  description:
    "The vendor refused the order, with a reason: its authorization is released (the buyer's full refund) and the buyer is told.",
  data: z.object({ order: OrderFacts, by: Actor, reason: z.string(), refusedAt: Timestamp }),
});

export const OrderOverdueV1 = defineEvent({
  type: "order.overdue",
  version: 1,
  description:
    "48 hours passed without an answer: the buyer may cancel at once; buyer and operators are told. The vendor may still accept until the automatic cancellation.",
  data: z.object({ order: OrderFacts, overdueAt: Timestamp }),
});

export const OrderCancelledV1 = defineEvent({
  type: "order.cancelled",
  version: 1,
  description:
    "The order was cancelled before acceptance: by the buyer once overdue, or automatically 5 days after transmission. Its authorization is released.",
  data: z.object({
    order: OrderFacts,
    by: Actor,
    reason: z.enum(["buyer-cancelled-overdue", "expired-unanswered"]),
    cancelledAt: Timestamp,
  }),
});

export const OrderDeliveredV1 = defineEvent({
  type: "order.delivered",
  version: 1,
  description:
    "The vendor delivered the order (access URL and instructions); its invoice is issued with the vendor's next number.",
  data: z.object({
    order: OrderFacts,
    delivery: z.object({ accessUrl: z.url(), instructions: z.string() }),
    invoiceNumber: z.string(),
    deliveredAt: Timestamp,
  }),
});
