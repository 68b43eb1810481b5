import type { AccountName } from "./accounts.js";

// The ledger's shape (TigerBeetle's transfers, grouped as Formance's multi-posting transactions):
// a transaction is a set of transfers in one currency, each moving a positive amount of cents
// from one account to another, posted all together or not at all, never changed afterwards (a
// correction is a new transaction). A transfer credits as much as it debits, so every
// transaction balances and the sum of all balances is always zero.

export interface Transfer {
  from: AccountName;
  to: AccountName;
  /** Positive integer of minor units. */
  amount: number;
}

export type TransactionKind =
  "charge-captured" | "renewal-charged" | "refund" | "hold-released" | "payout-sent" | "payout-returned";

export interface LedgerTransaction {
  /** The money fact it books (one transaction per fact, however often the fact is delivered). */
  id: string;
  kind: TransactionKind;
  currency: string;
  transfers: Transfer[];
  /** When the fact happened (business time). */
  occurredAt: string;
  vendorId: string;
  /** The captured charge it belongs to (an order's payment or a renewal), for refunds and holds. */
  chargeId?: string;
  orderId?: string;
  payoutId?: string;
}

/** Throws unless every transfer moves a positive whole amount between two different accounts. */
export function assertWellFormed(transaction: LedgerTransaction): void {
  if (transaction.transfers.length === 0) throw new RangeError(`transaction ${transaction.id} moves nothing`);
  for (const { from, to, amount } of transaction.transfers) {
    if (!Number.isSafeInteger(amount) || amount <= 0)
      throw new RangeError(`transaction ${transaction.id}: ${amount} is not a positive whole amount`);
    if (from === to) throw new RangeError(`transaction ${transaction.id}: a transfer from ${from} to itself`);
  }
}

/** Balances (received − sent) of every account the transactions touch, by currency then account. */
export function balancesOf(transactions: Iterable<LedgerTransaction>): Map<string, Map<AccountName, number>> {
  const byCurrency = new Map<string, Map<AccountName, number>>();
  for (const { currency, transfers } of transactions) {
    let balances = byCurrency.get(currency);
    if (!balances) byCurrency.set(currency, (balances = new Map()));
    for (const { from, to, amount } of transfers) {
      balances.set(from, (balances.get(from) ?? 0) - amount);
      balances.set(to, (balances.get(to) ?? 0) + amount);
    }
  }
  return byCurrency;
}

/** What one transaction changes, account by account (zero-sum). */
export function movementsOf(transaction: LedgerTransaction): Map<AccountName, number> {
  return balancesOf([transaction]).get(transaction.currency) ?? new Map();
}
