import type { FileContent } from "@mkt/contracts";
import type { Db } from "../db/client.js";
import { renderRenewalInvoice } from "../documents/renewal-invoice.js";
import { renewalInvoiceNotFound } from "./errors.js";
import { toRenewalInvoice } from "./issue-renewal-invoice.js";
import { factsOf, findOrder, inScope, type Scope } from "./order-store.js";
import { vendorParty } from "./vendor-identity.js";

/**
 * A renewal's invoice PDF, scoped like the order's documents: another party's is a 404. Drawn on
 * its first download from the facts frozen at issue (the invoice's row and the order's checkout
 * facts: the same document whenever it is drawn) and kept, the first one stored winning.
 */
export async function downloadRenewalInvoice(
  db: Db,
  orderId: string,
  number: string,
  scope: Scope,
): Promise<FileContent> {
  const invoice = await db.renewalInvoice.findUnique({
    where: { orderId_number: { orderId, number } },
    include: { order: true },
  });
  if (!invoice || !inScope(invoice.order, scope)) {
    await findOrder(db, orderId, scope); // 404 for the order first: another party's order is not theirs to know
    throw renewalInvoiceNotFound(orderId, number);
  }
  let content = invoice.content;
  if (!content) {
    const facts = factsOf(invoice.order);
    const line = facts.lines.find((candidate) => candidate.lineId === invoice.lineId);
    if (!line) throw new Error(`renewal invoice ${number}: line ${invoice.lineId} is not in order ${orderId}`);
    const issued = toRenewalInvoice(invoice);
    content = new Uint8Array(
      await renderRenewalInvoice({
        number,
        orderId,
        purchaseOrderNumber: invoice.order.purchaseOrderNumber,
        subscriptionId: invoice.subscriptionId,
        issuedAt: invoice.issuedAt,
        seller: vendorParty(facts.vendor),
        buyer: facts.buyer,
        line,
        period: { number: issued.periodNumber, startsOn: issued.periodStartsOn, endsBefore: issued.periodEndsBefore },
        vatTreatment: facts.vatTreatment,
        totals: issued.totals,
        paymentId: invoice.paymentId,
        paidAt: invoice.paidAt,
      }),
    );
    await db.renewalInvoice.updateMany({ where: { id: invoice.id, content: null }, data: { content } });
  }
  return { filename: `${number}.pdf`, contentType: "application/pdf", bytes: new Uint8Array(content) };
}
