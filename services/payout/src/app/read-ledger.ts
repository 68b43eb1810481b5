import type { Page, PageQuery, VendorBalance, VendorLedgerLine } from "@mkt/contracts";
import { keysetCursor, keysetPage } from "@mkt/service-kit";
import { z } from "zod";
import type { Db } from "../db/client.js";
import { accounts } from "../domain/accounts.js";
import type { TransactionKind } from "../domain/ledger.js";
import { vendorBalances } from "./ledger-store.js";

/** `p` is the last line's position in the ledger (newest first). */
const CURSOR = keysetCursor(z.object({ p: z.string().regex(/^\d{1,19}$/) }));

export async function getVendorBalance(
  db: Db,
  vendorId: string,
): Promise<{ vendorId: string; balances: VendorBalance[] }> {
  return { vendorId, balances: await vendorBalances(db, vendorId) };
}

/** A vendor's ledger lines, newest first: each transaction's movements on the vendor's three balances. */
export async function listVendorLedger(
  db: Db,
  vendorId: string,
  query: z.output<typeof PageQuery>,
): Promise<Page<VendorLedgerLine>> {
  const before = query.cursor === undefined ? undefined : BigInt(CURSOR.decode(query.cursor).p);
  const rows = await db.ledgerTransaction.findMany({
    where: { vendorId, ...(before === undefined ? {} : { position: { lt: before } }) },
    include: { transfers: true },
    orderBy: { position: "desc" },
    take: query.limit + 1,
  });
  const { rows: page, nextCursor } = keysetPage(rows, query.limit, (last) =>
    CURSOR.encode({ p: last.position.toString() }),
  );
  const pending = accounts.vendorPending(vendorId);
  const available = accounts.vendorAvailable(vendorId);
  const paidOut = accounts.vendorPaidOut(vendorId);
  return {
    items: page.map((row) => {
      const moved = (account: string) =>
        row.transfers.reduce(
          (sum, t) =>
            sum + (t.toAccount === account ? Number(t.amount) : 0) - (t.fromAccount === account ? Number(t.amount) : 0),
          0,
        );
      const sumOf = (from: string, to: string) =>
        row.transfers
          .filter((t) => t.fromAccount === from && t.toAccount === to)
          .reduce((s, t) => s + Number(t.amount), 0);
      const kind = row.kind as TransactionKind;
      const isCharge = kind === "charge-captured" || kind === "renewal-charged";
      return {
        transactionId: row.id,
        kind,
        occurredAt: row.occurredAt.toISOString(),
        currency: row.currency,
        orderId: row.orderId,
        chargeId: row.chargeId,
        payoutId: row.payoutId,
        gross: isCharge
          ? sumOf(accounts.buyers, accounts.clearing)
          : kind === "refund"
            ? -sumOf(accounts.clearing, accounts.buyers)
            : null,
        fee: isCharge
          ? sumOf(accounts.clearing, accounts.fees)
          : kind === "refund"
            ? -sumOf(accounts.fees, accounts.clearing)
            : null,
        pending: moved(pending),
        available: moved(available),
        paidOut: moved(paidOut),
      };
    }),
    nextCursor,
  };
}
