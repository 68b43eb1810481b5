import { feeReturnedOn } from "@mkt/pricing";
import { accounts } from "./accounts.js";
import { movementsOf, type LedgerTransaction, type Transfer } from "./ledger.js";

// How each money fact is booked: plain functions from a fact (and, for a refund or the end of a
// hold, the charge as the ledger has it) to the one transaction that books it.
//
//   a charge (an order's capture, a renewal)   buyers → clearing A; clearing → vendor pending A − fee;
//                                              clearing → fees fee
//   a refund R                                 vendor pending (during the hold) or available → clearing R − fee back;
//                                              fees → clearing fee back; clearing → buyers R
//   the end of a charge's 21-day hold          vendor pending → vendor available (what is left of the charge)
//   a payout P                                 vendor available → vendor paid-out P
//   a payout returned or failed                vendor paid-out → vendor available P
//
// A refund after the hold is taken from `available` even when that leaves it negative: the next
// payouts net it (docs/business-rules.md, Money), nothing is paid twice.

export interface ChargeFact {
  /** The fact's id (the event's): the transaction's id. */
  id: string;
  kind: "charge-captured" | "renewal-charged";
  /** The payment (or renewal charge) captured; refunds and the hold refer to it. */
  chargeId: string;
  orderId?: string;
  vendorId: string;
  currency: string;
  amount: number;
  fee: number;
  occurredAt: string;
}

/** A charge as the ledger has it: folded from the transactions that carry its `chargeId`. */
export interface ChargeBook {
  chargeId: string;
  vendorId: string;
  currency: string;
  orderId?: string;
  amount: number;
  fee: number;
  capturedAt: string;
  refunded: number;
  feeReturned: number;
  /** What of the vendor's share is still in `pending`. */
  pendingLeft: number;
  holdReleased: boolean;
}

export type Refusal = { refused: "nothing-to-refund" | "more-than-refundable" | "unknown-charge"; refundable?: number };

export function bookCharge(fact: ChargeFact): LedgerTransaction {
  if (!Number.isSafeInteger(fact.amount) || fact.amount <= 0)
    throw new RangeError(`charge ${fact.chargeId}: amount ${fact.amount} is not a positive whole amount`);
  if (!Number.isSafeInteger(fact.fee) || fact.fee < 0 || fact.fee > fact.amount)
    throw new RangeError(`charge ${fact.chargeId}: fee ${fact.fee} is not between 0 and ${fact.amount}`);
  const share = fact.amount - fact.fee;
  return {
    id: fact.id,
    kind: fact.kind,
    currency: fact.currency,
    occurredAt: fact.occurredAt,
    vendorId: fact.vendorId,
    chargeId: fact.chargeId,
    ...(fact.orderId ? { orderId: fact.orderId } : {}),
    transfers: positive([
      { from: accounts.buyers, to: accounts.clearing, amount: fact.amount },
      { from: accounts.clearing, to: accounts.vendorPending(fact.vendorId), amount: share },
      { from: accounts.clearing, to: accounts.fees, amount: fact.fee },
    ]),
  };
}

export function bookRefund(
  charge: ChargeBook | undefined,
  refund: { id: string; amount: number; occurredAt: string },
): LedgerTransaction | Refusal {
  if (!charge) return { refused: "unknown-charge" };
  const refundable = charge.amount - charge.refunded;
  if (!Number.isSafeInteger(refund.amount) || refund.amount <= 0) return { refused: "nothing-to-refund", refundable };
  if (refund.amount > refundable) return { refused: "more-than-refundable", refundable };
  const feeBack = feeReturnedOn(charge.fee, charge.amount, charge.refunded + refund.amount) - charge.feeReturned;
  const vendorPart = refund.amount - feeBack;
  const fromPending = charge.holdReleased ? 0 : Math.min(vendorPart, charge.pendingLeft);
  const { vendorId } = charge;
  return {
    id: refund.id,
    kind: "refund",
    currency: charge.currency,
    occurredAt: refund.occurredAt,
    vendorId,
    chargeId: charge.chargeId,
    ...(charge.orderId ? { orderId: charge.orderId } : {}),
    transfers: positive([
      { from: accounts.vendorPending(vendorId), to: accounts.clearing, amount: fromPending },
      { from: accounts.vendorAvailable(vendorId), to: accounts.clearing, amount: vendorPart - fromPending },
      { from: accounts.fees, to: accounts.clearing, amount: feeBack },
      { from: accounts.clearing, to: accounts.buyers, amount: refund.amount },
    ]),
  };
}

/** The end of a charge's hold: what is left of its share becomes available; nothing if nothing is left. */
export function bookHoldRelease(
  charge: ChargeBook,
  release: { id: string; occurredAt: string },
): LedgerTransaction | undefined {
  if (charge.holdReleased || charge.pendingLeft <= 0) return undefined;
  return {
    id: release.id,
    kind: "hold-released",
    currency: charge.currency,
    occurredAt: release.occurredAt,
    vendorId: charge.vendorId,
    chargeId: charge.chargeId,
    transfers: [
      {
        from: accounts.vendorPending(charge.vendorId),
        to: accounts.vendorAvailable(charge.vendorId),
        amount: charge.pendingLeft,
      },
    ],
  };
}

export interface PayoutFact {
  id: string;
  payoutId: string;
  vendorId: string;
  currency: string;
  amount: number;
  occurredAt: string;
}

export function bookPayoutSent(payout: PayoutFact): LedgerTransaction {
  return payoutTransaction(payout, "payout-sent", {
    from: accounts.vendorAvailable(payout.vendorId),
    to: accounts.vendorPaidOut(payout.vendorId),
    amount: payout.amount,
  });
}

/** A transfer that failed or came back: the money is the vendor's to be paid again. */
export function bookPayoutReturned(payout: PayoutFact): LedgerTransaction {
  return payoutTransaction(payout, "payout-returned", {
    from: accounts.vendorPaidOut(payout.vendorId),
    to: accounts.vendorAvailable(payout.vendorId),
    amount: payout.amount,
  });
}

/** A charge as the ledger has it, from its transactions (any order); undefined before its capture is booked. */
export function chargeBookOf(transactions: readonly LedgerTransaction[]): ChargeBook | undefined {
  const captured = transactions.find((t) => t.kind === "charge-captured" || t.kind === "renewal-charged");
  if (!captured || !captured.chargeId) return undefined;
  const { vendorId, currency, chargeId } = captured;
  const book: ChargeBook = {
    chargeId,
    vendorId,
    currency,
    ...(captured.orderId ? { orderId: captured.orderId } : {}),
    amount: 0,
    fee: 0,
    capturedAt: captured.occurredAt,
    refunded: 0,
    feeReturned: 0,
    pendingLeft: 0,
    holdReleased: false,
  };
  for (const transaction of transactions) {
    if (transaction.chargeId !== chargeId) continue;
    const moved = movementsOf(transaction);
    book.pendingLeft += moved.get(accounts.vendorPending(vendorId)) ?? 0;
    if (transaction.kind === "hold-released") book.holdReleased = true;
    for (const { from, to, amount } of transaction.transfers) {
      if (from === accounts.buyers && to === accounts.clearing) book.amount += amount;
      if (from === accounts.clearing && to === accounts.fees) book.fee += amount;
      if (from === accounts.clearing && to === accounts.buyers) book.refunded += amount;
      if (from === accounts.fees && to === accounts.clearing) book.feeReturned += amount;
    }
  }
  return book;
}

function payoutTransaction(
  payout: PayoutFact,
  kind: "payout-sent" | "payout-returned",
  transfer: Transfer,
): LedgerTransaction {
  if (!Number.isSafeInteger(payout.amount) || payout.amount <= 0)
    throw new RangeError(`payout ${payout.payoutId}: amount ${payout.amount} is not a positive whole amount`);
  return {
    id: payout.id,
    kind,
    currency: payout.currency,
    occurredAt: payout.occurredAt,
    vendorId: payout.vendorId,
    payoutId: payout.payoutId,
    transfers: [transfer],
  };
}

// A zero transfer moves nothing and is left out (a fee of 0 cents, a refund all from pending).
function positive(transfers: Transfer[]): Transfer[] {
  return transfers.filter((t) => t.amount > 0);
}
