import { z } from "zod";
import { defineEvent } from "../../define-event.js";
import { Id, PublicContact, Timestamp } from "../../common/primitives.js";

export const VendorApprovedV1 = defineEvent({
  type: "vendor.approved",
  version: 1,
  description:
    "An operator approved a vendor's KYC: the vendor may publish listings and receive payouts. " +
    "Carries the public identity buyers see, so the catalog keeps its own copy current.",
  data: z.object({
    vendorId: Id,
    legalName: z.string().min(1).max(200),
    publicContact: PublicContact,
    approvedAt: Timestamp,
  }),
});
