import type { BuyerSnapshot, OrderLine, OrderTotals, VatTreatment } from "@mkt/contracts";
import { lastDayOf } from "../domain/service-period.js";
import { heading, keyValues, party, printable, renderPdf, vatAndTotals, type DocumentParty } from "./layout.js";
import { buyerParty } from "./purchase-order.js";
import { wordingFor, type Wording } from "./wording.js";

/** Everything a renewal's invoice prints, fixed when it is issued. */
export interface RenewalInvoiceFacts {
  number: string;
  orderId: string;
  purchaseOrderNumber: string;
  subscriptionId: string;
  issuedAt: Date;
  seller: DocumentParty;
  buyer: BuyerSnapshot;
  /** The plan line renewed, as the order bought it. */
  line: OrderLine;
  /** `endsBefore` is exclusive: the invoice prints the day before as the last day served. */
  period: { number: number; startsOn: string; endsBefore: string };
  vatTreatment: VatTreatment;
  /** One period of the line, as the renewal charge moved it. */
  totals: OrderTotals;
  paymentId: string;
  paidAt: Date;
}

/**
 * The invoice of one paid renewal period: issued by the vendor on its invoice sequence, in the
 * buyer's language, with the mentions of an order's invoice (src/documents/invoice.ts: seller's
 * identity, both VAT numbers, the VAT breakdown or its mention, the L441-10 mentions for a company
 * buyer) and one line, the plan renewed with the days it pays for. Due on issue: the card was
 * charged before the invoice was issued.
 */
export function renderRenewalInvoice(facts: RenewalInvoiceFacts): Promise<Buffer> {
  const wording = wordingFor(facts.buyer.locale);
  const { invoice: words, renewalInvoice: renewal } = wording;
  const title = words.title(facts.number);
  return renderPdf({ title, author: facts.seller.name, issuedAt: facts.issuedAt }, (doc) => {
    heading(doc, title, renewal.subtitle(facts.seller.name));
    keyValues(
      doc,
      [
        [words.number, facts.number],
        [words.issueDate, wording.date(facts.issuedAt)],
        [words.dueDate, wording.date(facts.issuedAt)],
        [renewal.periodNumber, String(facts.period.number)],
        [renewal.subscription, facts.subscriptionId],
        [words.order, facts.orderId],
        [words.purchaseOrder, facts.purchaseOrderNumber],
        [renewal.payment, facts.paymentId],
      ],
      wording,
    );
    party(doc, words.seller, facts.seller, wording);
    party(doc, words.buyer, buyerParty(facts.buyer), wording);
    doc.font("Helvetica-Bold").fontSize(11).text(printable(wording.lines.heading));
    doc.fontSize(10);
    const [lineTitle, ...lineDetails] = periodLine(facts, wording);
    doc.font("Helvetica-Bold").text(printable(`1. ${lineTitle}`));
    doc.font("Helvetica");
    for (const text of lineDetails) doc.text(printable(text));
    doc.moveDown();
    vatAndTotals(doc, facts.vatTreatment, facts.totals, wording);
    doc
      .fontSize(8)
      .fillColor("#555555")
      .text(printable(renewal.paidByCard(wording.date(facts.paidAt), facts.paymentId)));
    // Between businesses only (L441-10): a consumer's invoice carries no late-payment mentions.
    if (facts.buyer.kind === "company") {
      doc.moveDown(0.5);
      doc.text(printable(words.latePayment.join(" ")));
    }
  });
}

/** The plan renewed, its billing cycle, the days served and what they cost before tax. */
function periodLine(facts: RenewalInvoiceFacts, wording: Wording): string[] {
  const { line, period } = facts;
  const { lines } = wording;
  return [
    `${line.productName} - ${lines.plan} ${line.planName}`,
    line.billingCycle === "monthly" ? lines.monthly : lines.yearly,
    wording.renewalInvoice.servicePeriod(
      wording.calendarDate(period.startsOn),
      wording.calendarDate(lastDayOf(period.endsBefore)),
    ),
    lines.quantity(line.quantity, wording.money(line.unitPrice), wording.money(facts.totals.subtotal)),
  ];
}
