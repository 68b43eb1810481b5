import { z } from "zod";
import { defineEvent } from "../../define-event.js";
import { Id, Timestamp } from "../../common/primitives.js";

export const PaymentCheckoutActionRequiredV1 = defineEvent({
  type: "payment.checkout-action-required",
  version: 1,
  description:
    "The card needs the buyer's authentication (3-D Secure) before it can be authorized: the buyer " +
    "goes to `redirectUrl`; the checkout then continues to payment.checkout-authorized or -declined.",
  data: z.object({
    checkoutId: Id,
    buyerId: Id,
    redirectUrl: z.url(),
    requiredAt: Timestamp,
  }),
});
