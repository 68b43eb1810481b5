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
