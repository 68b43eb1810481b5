import { z } from "zod";
import { defineEvent } from "../../define-event.js";
import { Id, Timestamp } from "../../common/primitives.js";

export const PaymentCheckoutDeclinedV1 = defineEvent({
  type: "payment.checkout-declined",
  version: 1,
  description:
    "A checkout could not be paid: the card was declined, lacked funds, or failed authentication. " +
    "Any authorization already obtained for it was released; no order exists. The cart unlocks as it was.",
  data: z.object({
    checkoutId: Id,
    buyerId: Id,
    reason: z.enum([
      "card-declined",
      "insufficient-funds",
      "authentication-failed",
      "expired-card",
      "processing-error",
    ]),
    /** Worded for the buyer. */
    message: z.string(),
    declinedAt: Timestamp,
  }),
});
