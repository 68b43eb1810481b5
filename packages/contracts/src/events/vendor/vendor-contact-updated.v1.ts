import { z } from "zod";
import { defineEvent } from "../../define-event.js";
import { Id, PublicContact, Timestamp } from "../../common/primitives.js";

export const VendorContactUpdatedV1 = defineEvent({
  type: "vendor.contact-updated",
  version: 1,
  description:
    "An approved vendor changed the public contact buyers see (email, phone, support URL) or its " +
    "legal name: listings and confirmation emails show the new one.",
  data: z.object({
    vendorId: Id,
    legalName: z.string().min(1).max(200),
    publicContact: PublicContact,
    updatedAt: Timestamp,
  }),
});
