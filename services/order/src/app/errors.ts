import { ConflictError, DomainError, NotFoundError } from "@mkt/service-kit";
import type { Decision } from "../domain/order-state.js";

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

/** 422: the line a renewal invoice names is not one of the order's (one subscription per plan line). */
export const unknownOrderLine = (orderId: string, lineId: string) =>
  new DomainError({
    slug: "unknown-order-line",
    status: 422,
    title: "Unknown order line",
    detail: `Order ${orderId} has no line ${lineId}.`,
    errors: [{ path: "lineId", message: "not a line of this order" }],
  });
