// Whether a payout run pays a vendor, and how much: its whole available balance, in one transfer,
// once per run (the key `${runId}:${vendorId}` makes a replayed run pay no one twice). Only an
// approved vendor whose bank details are verified is paid (docs/business-rules.md, Becoming a vendor); a
// vendor held keeps its balance and is told why.

export interface PayeeStanding {
  vendorId: string;
  currency: string;
  /** The available balance, from the ledger; negative after a refund of money already paid out. */
  available: number;
  kyc: "approved" | "pending" | "rejected" | "suspended";
  bankDetails: "verified" | "changed-not-verified" | "missing";
}

export type PayoutHoldReason = "kyc-not-approved" | "bank-details-changed" | "no-bank-details";

export type PayoutDecision =
  | { pay: { payoutId: string; vendorId: string; currency: string; amount: number } }
  | { held: PayoutHoldReason; amount: number }
  | { nothing: "no-available-balance"; available: number };

export function decidePayout(runId: string, payee: PayeeStanding): PayoutDecision {
  // A negative or empty balance waits for the next releases, which net it first.
  if (payee.available <= 0) return { nothing: "no-available-balance", available: payee.available };
  if (payee.kyc !== "approved") return { held: "kyc-not-approved", amount: payee.available };
  if (payee.bankDetails === "missing") return { held: "no-bank-details", amount: payee.available };
  if (payee.bankDetails !== "verified") return { held: "bank-details-changed", amount: payee.available };
  return {
    pay: {
      payoutId: payoutIdOf(runId, payee.vendorId),
      vendorId: payee.vendorId,
      currency: payee.currency,
      amount: payee.available,
    },
  };
}

/** One payout per run and vendor: the run's idempotency key for that vendor's transfer. */
export function payoutIdOf(runId: string, vendorId: string): string {
  return `${runId}:${vendorId}`;
}
