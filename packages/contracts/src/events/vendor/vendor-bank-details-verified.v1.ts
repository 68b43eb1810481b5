import { z } from "zod";
import { defineEvent } from "../../define-event.js";
import { Id, PublicContact, Timestamp } from "../../common/primitives.js";
import { BankAccount } from "./bank-account.js";

/**
 * Why a bank account was verified. WIRE VALUES. `approval`: the application's account, verified
 * with the approval (vendor.approved in the same transaction), the vendor's first verification;
 * `bank-details-change`: an approved vendor's changed account (vendor.bank-details-changed),
 * re-verified by an operator, which lifts the payout hold.
 */
export const BankDetailsVerificationReason = z.enum(["approval", "bank-details-change"]);
export type BankDetailsVerificationReason = z.infer<typeof BankDetailsVerificationReason>;

export const VendorBankDetailsVerifiedV1 = defineEvent({
  type: "vendor.bank-details-verified",
  version: 1,
  description:
    "A vendor's bank account was verified, at approval or by an operator after a change: payouts " +
    "to this account may go (lifting a hold). The account payouts must use from now on. `reason` " +
    "says which; absent (published before it existed), it is the approval's first verification.",
  data: z.object({
    vendorId: Id,
    legalName: z.string().min(1).max(200),
    publicContact: PublicContact,
    bankAccount: BankAccount,
    verifiedAt: Timestamp,
    /** Optional (added within v1, contracts README rule 1): absent means "approval". */
    reason: BankDetailsVerificationReason.optional(),
  }),
});
