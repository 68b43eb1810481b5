import { z } from "zod";
import { defineEvent } from "../../define-event.js";
import { Timestamp } from "../../common/primitives.js";
import { BuyerIdentity } from "./buyer-fields.js";

export const BuyerRegisteredV1 = defineEvent({
  type: "buyer.registered",
  version: 1,
  description:
    "A buyer signed up on the storefront (a company with its legal name, registration and VAT " +
    "numbers, or an individual with a name). Never carries credentials.",
  data: z.intersection(BuyerIdentity, z.object({ registeredAt: Timestamp })),
});
