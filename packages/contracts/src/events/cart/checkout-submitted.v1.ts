import { z } from "zod";
import { defineEvent } from "../../define-event.js";
import { Id, Money, Timestamp } from "../../common/primitives.js";
import { BuyerSnapshot, VendorOrderDraft } from "../../common/order-terms.js";

export const CartCheckoutSubmittedV1 = defineEvent({
  type: "cart.checkout-submitted",
  version: 1,
  description:
    "A buyer paid its cart (POST /checkout): the lines are frozen, split into one draft order per " +
    "vendor with its VAT and fee. Payment authorizes each order's total on the card; the cart stays " +
    "locked until payment.checkout-declined or order.checkout-completed.",
  data: z.object({
    checkoutId: Id,
    buyer: BuyerSnapshot,
    orders: z.array(VendorOrderDraft).min(1),
    total: Money,
    payment: z.object({
      /** A processor payment-method token (`pm_…`); never a card number. */
      paymentMethod: z.string().min(1).max(255),
      /** The buyer consented to keep the card for automatic renewals. */
      saveForRenewals: z.boolean(),
    }),
    submittedAt: Timestamp,
  }),
});
