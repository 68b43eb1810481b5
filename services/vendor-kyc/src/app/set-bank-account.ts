import { ValidationError } from "@mkt/service-kit";
import { VendorBankDetailsChangedV1, type FieldIssue, type VendorKyc } from "@mkt/contracts";
import { checkHolderName } from "../domain/holder-name.js";
import { checkIban } from "../domain/iban.js";
import { isEditable } from "../domain/workflow.js";
import type { Actor, VendorKycDeps } from "./deps.js";
import { notEditable } from "./errors.js";
import { bankAccountOf, loadVendorKyc, lockVendor, publicContactOf, recordHistory } from "./vendor-record.js";

/**
 * Saga steps vendor-onboarding.2 (before approval, part of the file) and vendor-onboarding.7
 * (after approval: payouts on hold) (docs/sagas/vendor-onboarding.md).
 *
 * Sets the professional bank account, checked at once (a valid IBAN in the company's name).
 * Before approval it is part of the application. After approval a change puts payouts on hold
 * until an operator re-verifies it (vendor.bank-details-changed now, -verified then).
 */
export async function setBankAccount(
  { db, clock, outbox }: VendorKycDeps,
  vendorId: string,
  input: { iban: string; holderName: string },
  actor: Actor,
): Promise<VendorKyc> {
  await db.transaction(async (tx) => {
    const vendor = await lockVendor(tx, vendorId);
    const approved = vendor.status === "approved";
    if (!approved && !isEditable(vendor.status)) {
      throw notEditable(
        vendor.status === "rejected"
          ? "The bank account cannot be changed: the application was rejected."
          : "The bank account cannot be changed while the application waits for an operator's review.",
        vendor.status,
      );
    }
    const issues: FieldIssue[] = [];
    const iban = checkIban(input.iban);
    if (!iban.ok) issues.push({ path: "iban", message: iban.message });
    const holder = checkHolderName(input.holderName, vendor.legalName);
    if (!holder.ok) issues.push({ path: "holderName", message: holder.message });
    if (!iban.ok || issues.length > 0) throw new ValidationError(issues, "The bank account is not valid.");

    const now = clock.now();
    const updated = await tx.vendor.update({
      where: { id: vendorId },
      data: {
        bankIban: iban.iban,
        bankHolderName: input.holderName,
        bankUpdatedAt: now,
        bankStatus: approved ? "pending-reverification" : "unverified",
        ...(approved ? { payoutsOnHold: true } : {}),
      },
    });
    await recordHistory(
      tx,
      vendorId,
      now,
      actor,
      "bank-details-changed",
      `account ending ${iban.iban.slice(-4)}${approved ? "; payouts on hold until re-verified" : ""}`,
    );
    if (approved) {
      await outbox.add(tx, VendorBankDetailsChangedV1, {
        vendorId,
        legalName: updated.legalName,
        publicContact: publicContactOf(updated),
        bankAccount: bankAccountOf(updated),
        changedAt: now.toISOString(),
      });
    }
  });
  return loadVendorKyc(db.client, vendorId);
}
