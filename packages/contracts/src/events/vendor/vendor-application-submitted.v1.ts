import { z } from "zod";
import { defineEvent } from "../../define-event.js";
import { Id, PublicContact, Timestamp } from "../../common/primitives.js";

export const VendorApplicationSubmittedV1 = defineEvent({
  type: "vendor.application-submitted",
  version: 1,
  description:
    "A company applied to sell on the marketplace; its KYC review is pending. Carries the contact " +
    "it gave, so the applicant can be told the application arrived without calling back.",
  data: z.object({
    vendorId: Id,
    legalName: z.string().min(1).max(200),
    publicContact: PublicContact,
    submittedAt: Timestamp,
  }),
});
