/** Where a vendor's KYC review stands. Only an approved vendor may publish or be paid. */
export type VendorStatus = "submitted" | "approved" | "rejected";

export type ReviewDecision = "approve" | "reject";

export class VendorNotReviewable extends Error {
  constructor(readonly status: VendorStatus) {
    super(`a vendor whose application is ${status} cannot be reviewed`);
    this.name = "VendorNotReviewable";
  }
}

/** The status after an operator's decision; only a submitted application can be decided. */
export function decide(status: VendorStatus, decision: ReviewDecision): VendorStatus {
  if (status !== "submitted") throw new VendorNotReviewable(status);
  return decision === "approve" ? "approved" : "rejected";
}
