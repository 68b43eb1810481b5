import { z } from "zod";
import { defineEvent } from "../../define-event.js";
import { Id, LegalForm, PublicContact, ShareCapital, Timestamp } from "../../common/primitives.js";
import { Address } from "../../common/address.js";

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
    /** The identity invoices carry (optional in v1: absent from approvals published before it). */
    registrationNumber: z.string().min(1).max(40).optional(),
    vatNumber: z.string().min(1).max(20).optional(),
    registeredAddress: Address.optional(),
    /** Legal form and share capital, which French invoices print (optional: not every vendor gave them). */
    legalForm: LegalForm.optional(),
    shareCapital: ShareCapital.optional(),
  }),
});
