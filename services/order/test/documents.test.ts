import { companyBuyer, line, reverseCharge, standardVat, totals } from "./support/fixtures.js";
import { renderInvoice } from "../src/documents/invoice.js";
import { pdfText } from "./support/pdf-text.js";
import { renderPurchaseOrder } from "../src/documents/purchase-order.js";

const vendor = {
  name: "Nuage Souverain SAS",
  registrationNumber: "901234567",
  vatNumber: "FR12901234567",
  address: { line1: "10 quai de la Rapée", postalCode: "75012", city: "Paris", country: "FR" },
  email: "ventes@nuage.example",
  phone: "+33 1 84 00 00 00",
  supportUrl: "https://support.nuage.example",
};

describe("the purchase order", () => {
  it("is a PDF issued in the vendor's name with the number, the parties, the product details and the totals", async () => {
    const pdf = await renderPurchaseOrder({
      number: "PO-20260315-ABCDEF1234",
      orderId: "order-1",
      checkoutId: "checkout-1",
      issuedAt: new Date("2026-03-15T10:00:00Z"),
      validationDueAt: new Date("2026-03-17T10:00:00Z"),
      vendor,
      buyer: companyBuyer,
      lines: [line],
      vatTreatment: standardVat,
      totals,
    });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = pdfText(pdf);
    for (const expected of [
      "PO-20260315-ABCDEF1234",
      "2026-03-15",
      "Nuage Souverain SAS",
      "ventes@nuage.example",
      "+33 1 84 00 00 00",
      "ACME Industries SAS",
      "FR40552100554",
      "Factur'Nuage - plan Pro",
      "monthly billing, 12-month commitment, 14-day free trial",
      "Quantity 2 x 49.00 EUR = 98.00 EUR",
      "VAT 20% on 98.00 EUR: 19.60 EUR",
      "Total (incl. VAT): 117.60 EUR",
    ]) {
      expect(text).toContain(expected);
    }
  });
});

describe("the invoice", () => {
  it("carries the vendor's number, both identities, the reverse-charge mention, the dates and the totals", async () => {
    const pdf = await renderInvoice({
      number: "NUAG-2026-000001",
      orderId: "order-1",
      purchaseOrderNumber: "PO-20260315-ABCDEF1234",
      issuedAt: new Date("2026-03-16T09:00:00Z"),
      deliveredAt: new Date("2026-03-16T09:00:00Z"),
      seller: vendor,
      buyer: { ...companyBuyer, vatNumber: "DE123456789", country: "DE" },
      lines: [line],
      vatTreatment: reverseCharge,
      totals: { ...totals, vat: { amount: 0, currency: "EUR" }, total: { amount: 9800, currency: "EUR" } },
    });
    const text = pdfText(pdf);
    for (const expected of [
      "Invoice NUAG-2026-000001",
      "Issue date: 2026-03-16",
      "Delivery date: 2026-03-16",
      "Nuage Souverain SAS",
      "Registration number: 901234567",
      "VAT number: FR12901234567",
      "DE123456789",
      "Autoliquidation - article 283-2 du CGI",
      "Total (incl. VAT): 98.00 EUR",
    ]) {
      expect(text).toContain(expected);
    }
  });

  it("says what is not known rather than inventing it", async () => {
    const pdf = await renderInvoice({
      number: "NUAG-2026-000002",
      orderId: "order-2",
      purchaseOrderNumber: "PO-1",
      issuedAt: new Date("2026-03-16T09:00:00Z"),
      deliveredAt: new Date("2026-03-16T09:00:00Z"),
      seller: { name: "Nuage Souverain SAS", registrationNumber: null, vatNumber: null, address: null },
      buyer: companyBuyer,
      lines: [line],
      vatTreatment: standardVat,
      totals,
    });
    expect(pdfText(pdf)).toContain("VAT number: not provided");
  });
});
