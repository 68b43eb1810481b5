import { ConflictError, NotFoundError } from "@mkt/service-kit";
import type { Decision } from "../domain/order-state.js";

// The order service's domain errors: typed values the kit maps to problem+json in one place.

/** Also what another party's order answers: its existence is not theirs to know. */
export const orderNotFound = (orderId: string) => new NotFoundError("Order", orderId);
export const documentNotFound = (orderId: string, kind: string) =>
  new NotFoundError(kind === "invoice" ? "The invoice of order" : "The purchase order of order", orderId);

/** 409 for a command the order's state does not allow; `orderState` says where it stands. */
export function transitionRefused(orderId: string, decision: Extract<Decision, { kind: "refused" }>) {
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
