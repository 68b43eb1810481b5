import type { BuyerSnapshot, OrderLine, OrderTotals, VatTreatment } from "@mkt/contracts";
import {
  formatDate,
  heading,
  keyValues,
  linesTable,
  party,
  renderPdf,
  vatAndTotals,
  type DocumentParty,
} from "./layout.js";
import { buyerParty } from "./purchase-order.js";

/** Everything an invoice prints, fixed at delivery. */
export interface InvoiceFacts {
  number: string;
  orderId: string;
  purchaseOrderNumber: string;
  issuedAt: Date;
  deliveredAt: Date;
  seller: DocumentParty;
  buyer: BuyerSnapshot;
  lines: readonly OrderLine[];
  vatTreatment: VatTreatment;
  totals: OrderTotals;
}

/** The invoice: issued by the vendor once the order is delivered, with its own sequential number. */
export function renderInvoice(facts: InvoiceFacts): Promise<Buffer> {
  return renderPdf({ title: `Invoice ${facts.number}`, author: facts.seller.name, issuedAt: facts.issuedAt }, (doc) => {
    heading(doc, `Invoice ${facts.number}`, `Facture - issued by ${facts.seller.name}`);
    keyValues(doc, [
      ["Invoice number", facts.number],
      ["Issue date", formatDate(facts.issuedAt)],
      ["Delivery date", formatDate(facts.deliveredAt)],
      ["Order", facts.orderId],
      ["Purchase order", facts.purchaseOrderNumber],
    ]);
    party(doc, "Seller", facts.seller);
    party(doc, "Buyer", buyerParty(facts.buyer));
    linesTable(doc, facts.lines);
    vatAndTotals(doc, facts.vatTreatment, facts.totals);
    doc.fontSize(8).fillColor("#555555").text("Paid by card through the marketplace.");
  });
}
