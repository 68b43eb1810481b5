import {
  type Address,
  VendorApprovedV1,
  VendorBankDetailsVerifiedV1,
  VendorInformationRequestedV1,
  VendorRejectedV1,
  type VendorKyc,
} from "@mkt/contracts";
import { transition, TransitionRefused } from "../domain/workflow.js";
import type { VendorKycDeps } from "./deps.js";
import { bankAccountNotPending, noBankAccountToVerify, refused } from "./errors.js";
import {
  bankAccountOf,
  loadVendorKyc,
  lockVendor,
  publicContactOf,
  recordHistory,
  shareCapitalOf,
} from "./vendor-record.js";

// An operator's decisions. Each locks the vendor's row, so of two concurrent decisions one
// applies and the other finds the new status (409). The status change, the history entry and the
// events commit together: the catalog, payouts and emails learn of a decision iff it happened.

/**
 * Saga step vendor-onboarding.4 (docs/sagas/vendor-onboarding.md), approval: its bank account is
 * verified with it (payouts may go), `reason: "approval"`. Catalog (vendor-onboarding.5) and the
 * emails (vendor-onboarding.6) follow.
 */
export async function approveVendor(
  { db, clock, outbox }: VendorKycDeps,
  vendorId: string,
  operator: { operatorId: string; note?: string },
): Promise<VendorKyc> {
  await db.transaction(async (tx) => {
    const vendor = await lockVendor(tx, vendorId);
    const next = transition(vendor.status, "approve");
    if (next instanceof TransitionRefused) throw refused(next);
    if (!vendor.bankIban) throw noBankAccountToVerify(vendor.status);
    const now = clock.now();
    const approved = await tx.vendor.update({
      where: { id: vendorId },
      data: {
        status: next,
        decidedAt: now,
        bankStatus: "verified",
        payoutsOnHold: false,
        informationRequest: null,
        rejectionReason: null,
      },
    });
    await recordHistory(
      tx,
      vendorId,
      now,
      { kind: "operator", id: operator.operatorId },
      "approved",
      operator.note ?? null,
    );
    const common = { vendorId, legalName: approved.legalName, publicContact: publicContactOf(approved) };
    // The identity invoices carry (vendors from before the KYC workflow may lack some of it).
    const shareCapital = shareCapitalOf(approved);
    const identity = {
      ...(approved.registrationNumber ? { registrationNumber: approved.registrationNumber } : {}),
      ...(approved.vatNumber ? { vatNumber: approved.vatNumber } : {}),
      ...(approved.registeredAddress ? { registeredAddress: approved.registeredAddress as Address } : {}),
      ...(approved.legalForm ? { legalForm: approved.legalForm } : {}),
      ...(shareCapital ? { shareCapital } : {}),
    };
    await outbox.add(tx, VendorApprovedV1, { ...common, ...identity, approvedAt: now.toISOString() });
    await outbox.add(tx, VendorBankDetailsVerifiedV1, {
      ...common,
      bankAccount: bankAccountOf(approved),
      verifiedAt: now.toISOString(),
      reason: "approval",
    });
  });
  return loadVendorKyc(db.client, vendorId);
}

/**
 * Saga step vendor-onboarding.4 (docs/sagas/vendor-onboarding.md), rejection: with the reason the applicant is told;
 * final.
 */
export async function rejectVendor(
  { db, clock, outbox }: VendorKycDeps,
  vendorId: string,
  operator: { operatorId: string; reason: string },
): Promise<VendorKyc> {
  await db.transaction(async (tx) => {
    const vendor = await lockVendor(tx, vendorId);
    const next = transition(vendor.status, "reject");
    if (next instanceof TransitionRefused) throw refused(next);
    const now = clock.now();
    const rejected = await tx.vendor.update({
      where: { id: vendorId },
      data: { status: next, decidedAt: now, rejectionReason: operator.reason, informationRequest: null },
    });
    await recordHistory(tx, vendorId, now, { kind: "operator", id: operator.operatorId }, "rejected", operator.reason);
    await outbox.add(tx, VendorRejectedV1, {
      vendorId,
      legalName: rejected.legalName,
      publicContact: publicContactOf(rejected),
      reason: operator.reason,
      rejectedAt: now.toISOString(),
    });
  });
  return loadVendorKyc(db.client, vendorId);
}

/**
 * Saga step vendor-onboarding.4 (docs/sagas/vendor-onboarding.md): asks the applicant for more; the application opens
 * again (steps 2, 3).
 */
export async function requestInformation(
  { db, clock, outbox }: VendorKycDeps,
  vendorId: string,
  operator: { operatorId: string; message: string },
): Promise<VendorKyc> {
  await db.transaction(async (tx) => {
    const vendor = await lockVendor(tx, vendorId);
    const next = transition(vendor.status, "request-info");
    if (next instanceof TransitionRefused) throw refused(next);
    const now = clock.now();
    const updated = await tx.vendor.update({
      where: { id: vendorId },
      data: { status: next, informationRequest: operator.message },
    });
    await recordHistory(
      tx,
      vendorId,
      now,
      { kind: "operator", id: operator.operatorId },
      "information-requested",
      operator.message,
    );
    await outbox.add(tx, VendorInformationRequestedV1, {
      vendorId,
      legalName: updated.legalName,
      publicContact: publicContactOf(updated),
      message: operator.message,
      requestedAt: now.toISOString(),
    });
  });
  return loadVendorKyc(db.client, vendorId);
}

/**
 * Saga step vendor-onboarding.8 (docs/sagas/vendor-onboarding.md): re-verifies an approved vendor's
 * changed bank account, lifting the payout hold; `reason: "bank-details-change"` tells consumers so.
 */
export async function verifyBankAccount(
  { db, clock, outbox }: VendorKycDeps,
  vendorId: string,
  operator: { operatorId: string },
): Promise<VendorKyc> {
  await db.transaction(async (tx) => {
    const vendor = await lockVendor(tx, vendorId);
    if (vendor.status !== "approved" || vendor.bankStatus !== "pending-reverification")
      throw bankAccountNotPending(vendor.status, vendor.bankStatus);
    const now = clock.now();
    const verified = await tx.vendor.update({
      where: { id: vendorId },
      data: { bankStatus: "verified", payoutsOnHold: false },
    });
    await recordHistory(tx, vendorId, now, { kind: "operator", id: operator.operatorId }, "bank-details-verified");
    await outbox.add(tx, VendorBankDetailsVerifiedV1, {
      vendorId,
      legalName: verified.legalName,
      publicContact: publicContactOf(verified),
      bankAccount: bankAccountOf(verified),
      verifiedAt: now.toISOString(),
      reason: "bank-details-change",
    });
  });
  return loadVendorKyc(db.client, vendorId);
}
