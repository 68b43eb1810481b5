import { z } from "zod";
import { defineEvent } from "../../define-event.js";
import { Id, Money, Timestamp } from "../../common/primitives.js";
import { BuyerSnapshot, VendorOrderDraft } from "../../common/order-terms.js";

export const PaymentCheckoutAuthorizedV1 = defineEvent({
  type: "payment.checkout-authorized",
  version: 1,
  description:
    "Every order of a checkout is authorized on the buyer's card (one authorization per order, " +
    "captured when its vendor accepts, released otherwise). Carries the drafts so the order " +
    "service creates the orders without calling back.",
  data: z.object({
    checkoutId: Id,
    buyer: BuyerSnapshot,
    orders: z.array(VendorOrderDraft.extend({ paymentId: Id })).min(1),
    total: Money,
    paymentMethod: z.object({ brand: z.string(), last4: z.string().length(4), savedForRenewals: z.boolean() }),
    authorizedAt: Timestamp,
  }),
});
