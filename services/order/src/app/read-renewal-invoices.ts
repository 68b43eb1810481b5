import type { FileContent } from "@mkt/contracts";
import type { Db } from "../db/client.js";
import { renewalInvoiceNotFound } from "./errors.js";
import { findOrder, inScope, type Scope } from "./order-store.js";

/** A renewal's invoice PDF, scoped like the order's documents: another party's is a 404. */
export async function downloadRenewalInvoice(
  db: Db,
  orderId: string,
  number: string,
  scope: Scope,
): Promise<FileContent> {
  const invoice = await db.renewalInvoice.findUnique({
    where: { orderId_number: { orderId, number } },
    select: { content: true, order: { select: { buyerId: true, vendorId: true } } },
  });
  if (!invoice || !inScope(invoice.order, scope)) {
    await findOrder(db, orderId, scope); // 404 for the order first: another party's order is not theirs to know
    throw renewalInvoiceNotFound(orderId, number);
  }
  return { filename: `${number}.pdf`, contentType: "application/pdf", bytes: new Uint8Array(invoice.content) };
}
