// A dispute's rules (issue 12), as pure functions: no I/O, no clock of their own. "Product not as
// described, or vendor silent past the delay stated in its terms: the buyer opens a case with
// support; the operator mediates and can order a refund." The use cases (src/app/disputes.ts)
// apply what these decide, in one transaction with the history and the events.
//
//   (buyer opens) open ──vendor responds──▶ answered ──operator resolves──▶ resolved
//                 open ─────────────operator resolves──────────────────────▶ resolved
//   the buyer's messages and the vendor's further responses: while not resolved.

import type { Actor, OrderState } from "./order-state.js";

export const DISPUTE_STATES = ["open", "answered", "resolved"] as const;
export type DisputeState = (typeof DISPUTE_STATES)[number];

export type DisputeResolutionKind = "refunded-in-full" | "partially-refunded" | "rejected";

/**
 * The orders a dispute can be opened on: one still awaiting its vendor (transmitted, or overdue:
 * "vendor silent"), accepted or delivered. A refused or cancelled order was never charged: its
 * authorization was released, there is nothing to dispute.
 */
export const DISPUTABLE_ORDER_STATES: readonly OrderState[] = ["transmitted", "overdue", "accepted", "delivered"];

export interface MoneyAmount {
  amount: number;
  currency: string;
}

export type DisputeDecision =
  | { decision: "refund-in-full" }
  | { decision: "partial-refund"; amount: MoneyAmount }
  | { decision: "rejected"; reason: string };

export type DisputeCommand =
  | { kind: "add-message"; actor: Actor }
  | { kind: "respond"; actor: Actor }
  /** `refundable`: what payment may still refund (captured − refunded); not needed to reject. */
  | { kind: "resolve"; actor: Actor; decision: DisputeDecision; refundable: MoneyAmount | null };

export type DisputeRefusalKind =
  "order-not-disputable" | "already-open" | "already-resolved" | "nothing-to-refund" | "refund-amount-out-of-range";

export interface DisputeRefusal {
  kind: "refused";
  reason: DisputeRefusalKind;
  detail: string;
}

export type EntryKind = "opened" | "message" | "response" | "resolved";

export type DisputeDecisionResult =
  | {
      kind: "moved";
      to: DisputeState;
      entry: EntryKind;
      /** Set when resolving: what it ends as, and the minor units to refund (null: nothing). */
      resolution?: { kind: DisputeResolutionKind; refund: MoneyAmount | null; reason: string | null };
    }
  | DisputeRefusal;

const refused = (reason: DisputeRefusalKind, detail: string): DisputeRefusal => ({ kind: "refused", reason, detail });

/** Whether the buyer may open a dispute on an order in `orderState`, given whether one is still unresolved. */
export function decideOpening(
  orderState: OrderState,
  hasUnresolvedDispute: boolean,
): { kind: "allowed" } | DisputeRefusal {
  if (!DISPUTABLE_ORDER_STATES.includes(orderState))
    return refused(
      "order-not-disputable",
      `The order is ${orderState}: only a transmitted, accepted or delivered order can have a dispute (a refused or cancelled one was never charged).`,
    );
  if (hasUnresolvedDispute)
    return refused(
      "already-open",
      "This order already has a dispute that is not resolved: add to it rather than opening another.",
    );
  return { kind: "allowed" };
}

/** Decides what a command does to a dispute in `state`. */
export function decideDispute(state: DisputeState, command: DisputeCommand): DisputeDecisionResult {
  if (state === "resolved")
    return refused(
      "already-resolved",
      "The dispute is resolved: nothing can be added to it and it cannot be resolved again.",
    );
  switch (command.kind) {
    case "add-message":
      return { kind: "moved", to: state, entry: "message" };
    case "respond":
      return { kind: "moved", to: "answered", entry: "response" };
    case "resolve":
      return resolve(command.decision, command.refundable);
  }
}

function resolve(decision: DisputeDecision, refundable: MoneyAmount | null): DisputeDecisionResult {
  if (decision.decision === "rejected")
    return {
      kind: "moved",
      to: "resolved",
      entry: "resolved",
      resolution: { kind: "rejected", refund: null, reason: decision.reason },
    };
  if (!refundable || refundable.amount <= 0)
    return refused(
      "nothing-to-refund",
      "The order's payment has nothing left to refund: it was not captured yet (the vendor has not accepted; an overdue order can be cancelled by its buyer) or it was refunded already.",
    );
  if (decision.decision === "refund-in-full")
    return {
      kind: "moved",
      to: "resolved",
      entry: "resolved",
      resolution: { kind: "refunded-in-full", refund: { ...refundable }, reason: null },
    };
  const { amount } = decision;
  if (amount.currency !== refundable.currency || amount.amount <= 0 || amount.amount >= refundable.amount)
    return refused(
      "refund-amount-out-of-range",
      `A partial refund is more than 0 and less than the ${refundable.amount} ${refundable.currency} (minor units) still refundable, in ${refundable.currency}: refund in full otherwise.`,
    );
  return {
    kind: "moved",
    to: "resolved",
    entry: "resolved",
    resolution: { kind: "partially-refunded", refund: { ...amount }, reason: null },
  };
}

export type AttachmentMediaType = "application/pdf" | "image/png" | "image/jpeg";

/**
 * What an attachment's bytes are, by their signature (the declared type is the sender's word); null for anything else.
 */
export function attachmentMediaType(bytes: Uint8Array): AttachmentMediaType | null {
  const starts = (signature: number[]) => signature.every((byte, i) => bytes[i] === byte);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return "application/pdf"; // %PDF-
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg";
  return null;
}
