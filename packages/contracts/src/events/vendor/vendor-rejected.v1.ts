import { z } from "zod";
import { defineEvent } from "../../define-event.js";
import { Id, PublicContact, Timestamp } from "../../common/primitives.js";

export const VendorRejectedV1 = defineEvent({
  type: "vendor.rejected",
  version: 1,
  description:
    "An operator rejected a vendor's KYC application, with the reason the applicant is told. " +
    "The vendor cannot publish nor be paid; the decision is final for this application.",
  data: z.object({
    vendorId: Id,
    legalName: z.string().min(1).max(200),
    publicContact: PublicContact,
    reason: z.string().min(1).max(2000),
    rejectedAt: Timestamp,
  }),
});
