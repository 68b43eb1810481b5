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
 * transmission, with the product details (DOMAIN.md, Ordering 4). Facts in, PDF bytes out.
 */
export function renderPurchaseOrder(facts: PurchaseOrderFacts): Promise<Buffer> {
  return renderPdf(
    { title: `Purchase order ${facts.number}`, author: facts.vendor.name, issuedAt: facts.issuedAt },
    (doc) => {
      heading(
        doc,
        `Purchase order ${facts.number}`,
        "Bon de commande - issued in the name of the vendor, sent by the marketplace",
      );
      keyValues(doc, [
        ["Purchase order number", facts.number],
        ["Date", formatDate(facts.issuedAt)],
        ["Order", facts.orderId],
        ["Checkout", facts.checkoutId],
        ["Vendor answer due by", `${facts.validationDueAt.toISOString()} (48 hours after transmission)`],
      ]);
      party(doc, "Vendor (seller)", facts.vendor);
      party(doc, "Buyer", buyerParty(facts.buyer));
      linesTable(doc, facts.lines);
      vatAndTotals(doc, facts.vatTreatment, facts.totals);
      doc
        .fontSize(8)
        .fillColor("#555555")
        .text(
          "The card payment is authorized now and captured only when the vendor accepts the order. The invoice is issued by the vendor once the order is delivered.",
        );
    },
  );
}
