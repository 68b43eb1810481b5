import { z } from "zod";
import { defineEvent } from "../../define-event.js";
import { Id, PublicContact, Timestamp } from "../../common/primitives.js";

export const VendorInformationRequestedV1 = defineEvent({
  type: "vendor.information-requested",
  version: 1,
  description:
    "An operator asked a vendor for more information before deciding (a missing or unreadable " +
    "document, an unclear owner): the application is open again for changes and resubmission.",
  data: z.object({
    vendorId: Id,
    legalName: z.string().min(1).max(200),
    publicContact: PublicContact,
    message: z.string().min(1).max(2000),
    requestedAt: Timestamp,
  }),
});
