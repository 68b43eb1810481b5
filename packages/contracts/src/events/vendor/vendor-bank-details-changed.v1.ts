import { z } from "zod";
import { defineEvent } from "../../define-event.js";
import { Id, PublicContact, Timestamp } from "../../common/primitives.js";
import { BankAccount } from "./bank-account.js";

export const VendorBankDetailsChangedV1 = defineEvent({
  type: "vendor.bank-details-changed",
  version: 1,
  description:
    "An approved vendor changed its bank details: payouts are on hold until an operator " +
    "re-verifies them (vendor.bank-details-verified). Carries the new, unverified account.",
  data: z.object({
    vendorId: Id,
    legalName: z.string().min(1).max(200),
    publicContact: PublicContact,
    bankAccount: BankAccount,
    changedAt: Timestamp,
  }),
});
