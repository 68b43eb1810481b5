import { lockKeyForTransaction, type TxOf } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { accounts } from "../domain/accounts.js";
import type { LedgerTransaction, TransactionKind } from "../domain/ledger.js";

export type Tx = TxOf<Db>;
type Reader = Pick<Db, "ledgerTransaction" | "$queryRaw">;

/**
 * Posts a transaction with its transfers, once: a transaction id already posted (a fact delivered
 * again, or booked by another replica) posts nothing and answers false.
 */
export async function postTransaction(tx: Tx, transaction: LedgerTransaction, recordedAt: Date): Promise<boolean> {
  const inserted = await tx.$executeRaw`
    INSERT INTO ledger_transaction (id, kind, currency, vendor_id, charge_id, order_id, payout_id, occurred_at, recorded_at)
    VALUES (${transaction.id}, ${transaction.kind}, ${transaction.currency}, ${transaction.vendorId},
            ${transaction.chargeId ?? null}, ${transaction.orderId ?? null}, ${transaction.payoutId ?? null},
            ${new Date(transaction.occurredAt)}, ${recordedAt})
    ON CONFLICT (id) DO NOTHING`;
  if (inserted === 0) return false;
  await tx.ledgerTransfer.createMany({
    data: transaction.transfers.map((transfer, seq) => ({
      transactionId: transaction.id,
      seq,
      fromAccount: transfer.from,
      toAccount: transfer.to,
      amount: BigInt(transfer.amount),
      currency: transaction.currency,
    })),
  });
  return true;
}

/**
 * The transactions of one charge, oldest first, after taking the charge's lock for the rest of
 * the transaction: two refunds of the same charge (or a refund and the end of its hold) are
 * booked one after the other, each on what the other left.
 */
export async function lockChargeTransactions(tx: Tx, chargeId: string): Promise<LedgerTransaction[]> {
  await lockKeyForTransaction(tx, `ledger-charge:${chargeId}`);
  const rows = await tx.ledgerTransaction.findMany({
    where: { chargeId },
    include: { transfers: { orderBy: { seq: "asc" } } },
    orderBy: { position: "asc" },
  });
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind as TransactionKind,
    currency: row.currency,
    vendorId: row.vendorId,
    occurredAt: row.occurredAt.toISOString(),
    ...(row.chargeId ? { chargeId: row.chargeId } : {}),
    ...(row.orderId ? { orderId: row.orderId } : {}),
    ...(row.payoutId ? { payoutId: row.payoutId } : {}),
    transfers: row.transfers.map((t) => ({ from: t.fromAccount, to: t.toAccount, amount: Number(t.amount) })),
  }));
}

export interface VendorBalances {
  currency: string;
  pending: number;
  available: number;
  paidOut: number;
}

/** A vendor's balances per currency: sums over its accounts' transfers (received − sent). */
export async function vendorBalances(db: Reader, vendorId: string): Promise<VendorBalances[]> {
  const pending = accounts.vendorPending(vendorId);
  const available = accounts.vendorAvailable(vendorId);
  const paidOut = accounts.vendorPaidOut(vendorId);
  const names = [pending, available, paidOut];
  const rows = await db.$queryRaw<{ account: string; currency: string; balance: bigint }[]>`
    SELECT account, currency, sum(delta)::bigint AS balance FROM (
      SELECT to_account AS account, currency, amount AS delta FROM ledger_transfer WHERE to_account = ANY(${names})
      UNION ALL
      SELECT from_account, currency, -amount FROM ledger_transfer WHERE from_account = ANY(${names})
    ) moves GROUP BY account, currency ORDER BY currency`;
  const byCurrency = new Map<string, VendorBalances>();
  for (const row of rows) {
    let balances = byCurrency.get(row.currency);
    if (!balances)
      byCurrency.set(row.currency, (balances = { currency: row.currency, pending: 0, available: 0, paidOut: 0 }));
    const amount = Number(row.balance);
    if (row.account === pending) balances.pending = amount;
    else if (row.account === available) balances.available = amount;
    else balances.paidOut = amount;
  }
  return [...byCurrency.values()];
}
