import { ConflictError, DomainError } from "@mkt/service-kit";
import type { TransitionRefused } from "../domain/workflow.js";
import type { KycCheckResult } from "../domain/checks.js";

// Problem types clients switch on (WIRE FORMAT: renaming a slug breaks callers).

/** 409: the application's status does not allow the action (`status` says where it stands). */
export function refused(refusal: TransitionRefused): ConflictError {
  const slug =
    refusal.action === "edit"
      ? "application-not-editable"
      : refusal.action === "submit"
        ? "application-not-submittable"
        : "vendor-not-reviewable";
  return new ConflictError(slug, refusal.message, { applicationStatus: refusal.status });
}

/** 422 `/problems/kyc-checks-failed`: one `errors[]` entry per failed check, `path` = the check. */
export class KycChecksFailed extends DomainError {
  constructor(failed: KycCheckResult[]) {
    super({
      slug: "kyc-checks-failed",
      status: 422,
      title: "The application does not pass the KYC checks",
      detail: `${failed.length} check${failed.length > 1 ? "s" : ""} failed: ${failed.map((c) => c.message).join("; ")}.`,
      errors: failed.map((c) => ({ path: c.check, message: c.message })),
    });
  }
}

/** 415: the bytes are not a PDF, PNG or JPEG, whatever the file is called. */
export class UnsupportedDocumentType extends DomainError {
  constructor(filename: string) {
    super({
      slug: "unsupported-media-type",
      status: 415,
      title: "Unsupported document type",
      detail: `"${filename}" is not a PDF, PNG or JPEG file: its content does not start like one (the file name and declared type are not trusted). Scan or export the document as PDF, PNG or JPEG.`,
      extensions: { accepted: ["application/pdf", "image/png", "image/jpeg"] },
    });
  }
}

/** 409 `vendor-not-reviewable`: an application without a bank account cannot be approved. */
export const noBankAccountToVerify = (applicationStatus: string) =>
  new ConflictError("vendor-not-reviewable", "The application has no bank account to verify.", { applicationStatus });

/** 409 `bank-account-not-pending`: only an approved vendor's changed account waits for re-verification. */
export const bankAccountNotPending = (applicationStatus: string, bankAccountStatus: string | null) =>
  new ConflictError(
    "bank-account-not-pending",
    applicationStatus !== "approved"
      ? "Only an approved vendor's changed bank account is re-verified; an application's account is verified with its approval."
      : "The bank account has no change waiting for verification.",
    { applicationStatus, bankAccountStatus },
  );

/** 409 `legal-name-locked`: an approved vendor's legal name is changed by the marketplace only. */
export const legalNameLocked = (legalName: string, applicationStatus: string) =>
  new ConflictError(
    "legal-name-locked",
    `The legal name cannot change once the vendor is approved (it is "${legalName}"); contact the marketplace to change it.`,
    { applicationStatus },
  );

/** 409 `application-not-editable`, with why: `detail` names what cannot change, or why nothing can. */
export const notEditable = (detail: string, applicationStatus: string) =>
  new ConflictError("application-not-editable", detail, { applicationStatus });
