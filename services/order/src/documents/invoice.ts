import type { BuyerSnapshot, OrderLine, OrderTotals, VatTreatment } from "@mkt/contracts";
import {
  heading,
  keyValues,
  linesTable,
  party,
  printable,
  renderPdf,
  vatAndTotals,
  type DocumentParty,
} from "./layout.js";
import { buyerParty } from "./purchase-order.js";
import { wordingFor } from "./wording.js";

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

/**
 * The invoice: issued by the vendor once the order is delivered, with its own sequential number,
 * in the buyer's language. It carries what a French invoice must (Code général des impôts art.
 * 242 nonies A, Code de commerce L441-9 and L441-10): the seller's identity (legal form and share
 * capital when known, SIREN/SIRET, VAT number), the buyer's VAT number, the due date (the order
 * was paid by card at acceptance, so the issue date), and for a company buyer the late-payment
 * penalties and the €40 fixed recovery indemnity.
 */
export function renderInvoice(facts: InvoiceFacts): Promise<Buffer> {
  const wording = wordingFor(facts.buyer.locale);
  const words = wording.invoice;
  return renderPdf({ title: words.title(facts.number), author: facts.seller.name, issuedAt: facts.issuedAt }, (doc) => {
    heading(doc, words.title(facts.number), words.subtitle(facts.seller.name));
    keyValues(
      doc,
      [
        [words.number, facts.number],
        [words.issueDate, wording.date(facts.issuedAt)],
        [words.deliveryDate, wording.date(facts.deliveredAt)],
        [words.dueDate, wording.date(facts.issuedAt)],
        [words.order, facts.orderId],
        [words.purchaseOrder, facts.purchaseOrderNumber],
      ],
      wording,
    );
    party(doc, words.seller, facts.seller, wording);
    party(doc, words.buyer, buyerParty(facts.buyer), wording);
    linesTable(doc, facts.lines, wording);
    vatAndTotals(doc, facts.vatTreatment, facts.totals, wording);
    doc.fontSize(8).fillColor("#555555").text(printable(words.paidByCard));
    // Between businesses only (L441-10): a consumer's invoice carries no late-payment mentions.
    if (facts.buyer.kind === "company") {
      doc.moveDown(0.5);
      doc.text(printable(words.latePayment.join(" ")));
    }
  });
}
