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
import { wordingFor } from "./wording.js";

/** Everything a purchase order prints, frozen at transmission. */
export interface PurchaseOrderFacts {
  number: string;
  orderId: string;
  checkoutId: string;
  issuedAt: Date;
  validationDueAt: Date;
  vendor: DocumentParty;
  buyer: BuyerSnapshot;
  lines: readonly OrderLine[];
  vatTreatment: VatTreatment;
  totals: OrderTotals;
}

export function buyerParty(buyer: BuyerSnapshot): DocumentParty {
  return {
    name: buyer.name,
    registrationNumber: buyer.registrationNumber,
    vatNumber: buyer.vatNumber,
    address: buyer.address,
    email: buyer.email,
  };
}

/**
 * The purchase order (bon de commande): issued in the vendor's name, sent by the platform at
 * transmission, with the product details (docs/business-rules.md, Ordering 4), in the buyer's language.
 * Facts in, PDF bytes out.
 */
export function renderPurchaseOrder(facts: PurchaseOrderFacts): Promise<Buffer> {
  const wording = wordingFor(facts.buyer.locale);
  const words = wording.purchaseOrder;
  return renderPdf({ title: words.title(facts.number), author: facts.vendor.name, issuedAt: facts.issuedAt }, (doc) => {
    heading(doc, words.title(facts.number), words.subtitle);
    keyValues(
      doc,
      [
        [words.number, facts.number],
        [words.date, wording.date(facts.issuedAt)],
        [words.order, facts.orderId],
        [words.checkout, facts.checkoutId],
        [words.answerDueBy, `${wording.dateTime(facts.validationDueAt)}, ${words.answerDueSuffix}`],
      ],
      wording,
    );
    party(doc, words.vendor, facts.vendor, wording);
    party(doc, words.buyer, buyerParty(facts.buyer), wording);
    linesTable(doc, facts.lines, wording);
    vatAndTotals(doc, facts.vatTreatment, facts.totals, wording);
    doc.fontSize(8).fillColor("#555555").text(printable(words.footer));
  });
}
