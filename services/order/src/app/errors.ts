import { ConflictError, DomainError, NotFoundError } from "@mkt/service-kit";
import type { Decision } from "../domain/order-state.js";
import type { DisputeRefusal } from "../domain/dispute.js";

// The order service's domain errors: typed values the kit maps to problem+json in one place.

/** Also what another party's order answers: its existence is not theirs to know. */
export const orderNotFound = (orderId: string) => new NotFoundError("Order", orderId);
export const documentNotFound = (orderId: string, kind: string) =>
  new NotFoundError(kind === "invoice" ? "The invoice of order" : "The purchase order of order", orderId);

/** 409 for a command the order's state does not allow; `orderState` says where it stands. */
export function transitionRefused(orderId: string, decision: Extract<Decision, { kind: "refused" }>) {
  if (decision.reason === "withdrawal-period-ended") return withdrawalRefused(orderId, decision);
  const slug =
    decision.reason === "not-overdue-yet"
      ? "order-not-overdue-yet"
      : decision.reason === "expired"
        ? "order-expired"
        : "order-state-conflict";
  return new ConflictError(slug, `Order ${orderId}: ${decision.detail}`, {
    orderState: decision.state,
    ...(decision.possibleFrom ? { possibleFrom: decision.possibleFrom.toISOString() } : {}),
  });
}

/** 409 for a withdrawal asked after its period: `lastDay` is the date the period ended (the buyer's zone). */
const withdrawalRefused = (orderId: string, decision: Extract<Decision, { kind: "refused" }>) =>
  new ConflictError("withdrawal-period-ended", `Order ${orderId}: ${decision.detail}`, {
    orderState: decision.state,
    lastDay: decision.lastDay,
  });

export const renewalInvoiceNotFound = (orderId: string, number: string) =>
  new NotFoundError(`The renewal invoice ${number} of order`, orderId);

/** 409: the Idempotency-Key (the period's charge key) already issued an invoice for another request. */
export const idempotencyKeyReused = () =>
  new ConflictError(
    "idempotency-key-reused",
    "This Idempotency-Key already issued a renewal invoice for another request (another order, line, period, totals or payment): use a new key for a new request.",
  );

/** 409: the Idempotency-Key already wrote a dispute's entry (opening, message, response) for another request. */
export const disputeIdempotencyKeyReused = () =>
  new ConflictError(
    "idempotency-key-reused",
    "This Idempotency-Key already wrote to this dispute for another request (another message, files or reason): use a new key for a new request.",
  );

/** 422: the line a renewal invoice names is not one of the order's (one subscription per plan line). */
export const unknownOrderLine = (orderId: string, lineId: string) =>
  new DomainError({
    slug: "unknown-order-line",
    status: 422,
    title: "Unknown order line",
    detail: `Order ${orderId} has no line ${lineId}.`,
    errors: [{ path: "lineId", message: "not a line of this order" }],
  });

/** Also what another party's dispute answers. */
export const disputeNotFound = (disputeId: string) => new NotFoundError("Dispute", disputeId);
export const disputeAttachmentNotFound = (disputeId: string, attachmentId: string) =>
  new NotFoundError(`The attachment ${attachmentId} of dispute`, disputeId);

/** A dispute rule refused the step: 409 for a state that does not allow it, 422 for an amount outside the range. */
export function disputeRefused(refusal: DisputeRefusal, extensions: Record<string, unknown> = {}) {
  const slugs = {
    "order-not-disputable": "order-not-disputable",
    "already-open": "dispute-already-open",
    "already-resolved": "dispute-already-resolved",
    "nothing-to-refund": "nothing-to-refund",
    "refund-amount-out-of-range": "refund-amount-out-of-range",
  } as const;
  if (refusal.reason === "refund-amount-out-of-range")
    return new DomainError({
      slug: slugs[refusal.reason],
      status: 422,
      title: "Refund amount out of range",
      detail: refusal.detail,
      errors: [{ path: "amount", message: refusal.detail }],
      extensions,
    });
  return new ConflictError(slugs[refusal.reason], refusal.detail, extensions);
}

/** 409: another decision's refund is under way for this dispute; only that decision can be repeated. */
export const disputeResolutionInProgress = (disputeId: string, pending: string) =>
  new ConflictError(
    "dispute-resolution-in-progress",
    `Dispute ${disputeId}: a ${pending} decision is being applied (its refund was asked of payment); repeat that decision to finish it.`,
    { pendingDecision: pending },
  );

/** 422: an attachment named that is not one the acting party uploaded for this order, or is already used. */
export const unknownDisputeAttachments = (ids: string[]) =>
  new DomainError({
    slug: "unknown-dispute-attachment",
    status: 422,
    title: "Unknown dispute attachment",
    detail: `Not attachments you uploaded for this order and not yet sent: ${ids.join(", ")}.`,
    errors: ids.map((id) => ({ path: "attachmentIds", message: `${id}: unknown, not yours, or already used` })),
  });

/** 422: the bytes are neither a PDF, a PNG nor a JPEG, whatever their declared type. */
export const unsupportedAttachment = () =>
  new DomainError({
    slug: "unsupported-attachment",
    status: 422,
    title: "Unsupported attachment",
    detail: "An attachment is a PDF, PNG or JPEG file (its content is checked, not only its name).",
    errors: [{ path: "file", message: "not a PDF, PNG or JPEG file" }],
  });
