import { z } from "zod";
import { defineEvent } from "../../define-event.js";
import { Id, Money, Timestamp } from "../../common/primitives.js";

// The money movements of one order's payment, for the ledger and payouts (docs/business-rules.md, Money).

export const PaymentCapturedV1 = defineEvent({
  type: "payment.captured",
  version: 1,
  description:
    "An order's authorization was captured (its vendor accepted): the buyer is charged `amount`; `fee` is the marketplace's 3% of it, charged to the vendor.",
  data: z.object({
    orderId: Id,
    paymentId: Id,
    vendorId: Id,
    buyerId: Id,
    amount: Money,
    fee: Money,
    capturedAt: Timestamp,
  }),
});

export const PaymentReleasedV1 = defineEvent({
  type: "payment.released",
  version: 1,
  description:
    "An order's authorization was released before capture (refused, cancelled, expired): the buyer's full refund that moves no money and costs no fee.",
  data: z.object({ orderId: Id, paymentId: Id, vendorId: Id, buyerId: Id, amount: Money, releasedAt: Timestamp }),
});

export const PaymentRefundedV1 = defineEvent({
  type: "payment.refunded",
  version: 1,
  description:
    "Money captured went back to the buyer's card (a real refund): of an order's payment, or, with `subscriptionId`, of a subscription's renewal charge (a trial's first charge or a renewal, refunded on the order's withdrawal), `paymentId` then being the charge's id as subscription.renewed carried it.",
  data: z.object({
    /** The order refunded, or the order that started the subscription whose charge is refunded. */
    orderId: Id,
    /** The charge refunded: the order's payment, or the renewal charge (subscription.renewed's `paymentId`). */
    paymentId: Id,
    refundId: Id,
    vendorId: Id,
    buyerId: Id,
    amount: Money,
    reason: z.string(),
    refundedAt: Timestamp,
    /** Present for a renewal charge's refund (additive, optional: v1 consumers book it by `paymentId` as before). */
    subscriptionId: Id.optional(),
  }),
});
