import type { VendorKycStatus } from "@mkt/contracts";

/**
 * The KYC workflow (a state machine):
 *
 *   draft ──submit──▶ submitted ──approve──▶ approved
 *                         │ ──reject───▶ rejected (final)
 *                         └─request-info─▶ information-requested ──submit──▶ resubmitted
 *   resubmitted decides like submitted (approve, reject, request-info again).
 *
 * Only a draft or an application waiting for information can be edited or have documents added
 * or removed; once approved, only the public contact (and the bank account, under re-verification)
 * may change.
 */
export type KycStatus = VendorKycStatus;
export type KycAction = "edit" | "submit" | "approve" | "reject" | "request-info";

const TRANSITIONS: Record<KycStatus, Partial<Record<Exclude<KycAction, "edit">, KycStatus>>> = {
  draft: { submit: "submitted" },
  submitted: { approve: "approved", reject: "rejected", "request-info": "information-requested" },
  "information-requested": { submit: "resubmitted" },
  resubmitted: { approve: "approved", reject: "rejected", "request-info": "information-requested" },
  approved: {},
  rejected: {},
};

const WHY: Record<KycStatus, string> = {
  draft: "it has not been submitted yet",
  submitted: "it is waiting for an operator's review",
  resubmitted: "it is waiting for an operator's review",
  "information-requested": "it is waiting for the applicant's answer",
  approved: "it is already approved",
  rejected: "it was rejected, which is final",
};

const VERB: Record<KycAction, string> = {
  edit: "changed",
  submit: "submitted",
  approve: "approved",
  reject: "rejected",
  "request-info": "asked for more information",
};

/** The action is not allowed in the application's current status. */
export class TransitionRefused {
  readonly kind = "transition-refused";
  constructor(
    readonly status: KycStatus,
    readonly action: KycAction,
  ) {}

  get message(): string {
    return `The application cannot be ${VERB[this.action]}: ${WHY[this.status]}.`;
  }
}

/** Whether the application's content and documents may change in this status. */
export function isEditable(status: KycStatus): boolean {
  return status === "draft" || status === "information-requested";
}

/** The status after `action`, or why it is refused. */
export function transition(status: KycStatus, action: Exclude<KycAction, "edit">): KycStatus | TransitionRefused {
  return TRANSITIONS[status][action] ?? new TransitionRefused(status, action);
}

/** The history action recorded for a successful submission from `status`. */
export function submissionAction(status: KycStatus): "submitted" | "resubmitted" {
  return status === "information-requested" ? "resubmitted" : "submitted";
}
