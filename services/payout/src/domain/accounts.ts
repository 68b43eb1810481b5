// The chart of accounts of the marketplace's ledger (docs/business-rules.md, Money). An account is a name; its
// balance is what it received minus what it sent, read from the ledger's transfers, never kept
// beside them. Money comes into the books from `world:*` accounts (the outside: buyers' cards,
// vendors' banks), which are the only ones that go negative in normal operation, so the sum of
// all balances is zero by construction (Formance's `@world`).

/** An account's name: `<owner>:<purpose>` or `vendor:<id>:<purpose>`. */
export type AccountName = string;

export const accounts = {
  /** The buyers' cards: what buyers paid in, net of refunds, as a negative balance. */
  buyers: "world:buyers",
  /** A buyer payment between its arrival and its split (zero once a transaction is posted). */
  clearing: "platform:clearing",
  /** The marketplace's 3% transaction fees, net of fees returned on refunds. */
  fees: "platform:fees",
  /** A vendor's share of a charge during its 21-day hold. */
  vendorPending: (vendorId: string): AccountName => `vendor:${vendorId}:pending`,
  /** A vendor's share that the next payout may pay; negative after a refund of money already paid out. */
  vendorAvailable: (vendorId: string): AccountName => `vendor:${vendorId}:available`,
  /** What was sent to the vendor's bank account (returned transfers taken back). */
  vendorPaidOut: (vendorId: string): AccountName => `vendor:${vendorId}:paid-out`,
} as const;

/** The vendor an account belongs to, if it is one of a vendor's. */
export function vendorOf(account: AccountName): string | undefined {
  const match = /^vendor:(.+):(pending|available|paid-out)$/.exec(account);
  return match?.[1];
}
