import { VendorApplicationSubmittedV1, type KycDocumentKind, type VendorKyc } from "@mkt/contracts";
import { runSubmissionChecks } from "../domain/checks.js";
import { submissionAction, transition, TransitionRefused } from "../domain/workflow.js";
import type { Actor, VendorKycDeps } from "./deps.js";
import { KycChecksFailed, refused } from "./errors.js";
import { isoDate, loadVendorKyc, lockVendor, peopleOf, publicContactOf, recordHistory } from "./vendor-record.js";

/**
 * Saga step vendor-onboarding.3 (docs/sagas/vendor-onboarding.md).
 *
 * Submits (or resubmits) the application: every automatic check runs, and all are saved as the
 * last checks. If any failed, the application stays as it was and the caller gets a 422 naming
 * each failed check; otherwise it waits for review and vendor.application-submitted is published
 * in the same transaction.
 */
export async function submitApplication(
  { db, clock, outbox }: VendorKycDeps,
  vendorId: string,
  actor: Actor,
): Promise<VendorKyc> {
  const failed = await db.transaction(async (tx) => {
    const vendor = await lockVendor(tx, vendorId);
    const next = transition(vendor.status, "submit");
    if (next instanceof TransitionRefused) throw refused(next);

    const now = clock.now();
    const people = await tx.kycPerson.findMany({ where: { vendorId } });
    const documents = await tx.kycDocument.findMany({ where: { vendorId, retiredAt: null } });
    const address = vendor.registeredAddress as { country?: string } | null;
    const checks = runSubmissionChecks(
      {
        legalName: vendor.legalName,
        registrationNumber: vendor.registrationNumber,
        vatNumber: vendor.vatNumber,
        country: address?.country ?? "",
        representatives: peopleOf(people, "representative"),
        beneficialOwners: peopleOf(people, "beneficial-owner").map((p) => ({
          ...p,
          sharePercent: p.sharePercent ?? 0,
        })),
        documents: documents.map((d) => ({
          kind: d.kind as KycDocumentKind,
          personId: d.personId,
          issuedOn: d.issuedOn ? isoDate(d.issuedOn) : null,
        })),
        bankAccount:
          vendor.bankIban && vendor.bankHolderName
            ? { iban: vendor.bankIban, holderName: vendor.bankHolderName }
            : null,
      },
      now,
    );
    const failed = checks.filter((c) => !c.passed);
    const saved = checks.map((c) => ({ check: c.check, passed: c.passed, message: c.message }));
    if (failed.length > 0) {
      await tx.vendor.update({ where: { id: vendorId }, data: { checks: saved } });
      return failed;
    }
    const submitted = await tx.vendor.update({
      where: { id: vendorId },
      data: { checks: saved, status: next, submittedAt: now, informationRequest: null },
    });
    await recordHistory(tx, vendorId, now, actor, submissionAction(vendor.status));
    await outbox.add(tx, VendorApplicationSubmittedV1, {
      vendorId,
      legalName: submitted.legalName,
      publicContact: publicContactOf(submitted),
      submittedAt: now.toISOString(),
    });
    return [];
  });
  // Thrown after the commit: the failed checks stay saved for the applicant and the operators.
  if (failed.length > 0) throw new KycChecksFailed(failed);
  return loadVendorKyc(db.client, vendorId);
}
