import { z } from "zod";
import { defineEvent } from "../../define-event.js";
import { Id, PublicContact, Timestamp } from "../../common/primitives.js";
import { BankAccount } from "./bank-account.js";

export const VendorBankDetailsVerifiedV1 = defineEvent({
  type: "vendor.bank-details-verified",
  version: 1,
  description:
    "A vendor's bank account was verified, at approval or by an operator after a change: payouts " +
    "to this account may go (lifting a hold). The account payouts must use from now on.",
  data: z.object({
    vendorId: Id,
    legalName: z.string().min(1).max(200),
    publicContact: PublicContact,
    bankAccount: BankAccount,
    verifiedAt: Timestamp,
  }),
});
