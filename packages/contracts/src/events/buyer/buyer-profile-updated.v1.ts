import { z } from "zod";
import { defineEvent } from "../../define-event.js";
import { Timestamp } from "../../common/primitives.js";
import { BuyerIdentity } from "./buyer-fields.js";

export const BuyerProfileUpdatedV1 = defineEvent({
  type: "buyer.profile-updated",
  version: 1,
  description: "A buyer changed its profile; carries the whole profile as it now is (event-carried state), not a diff.",
  data: z.intersection(BuyerIdentity, z.object({ updatedAt: Timestamp })),
});
