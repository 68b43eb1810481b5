import { companyBuyer, line, reverseCharge, standardVat, totals } from "./support/fixtures.js";
import { renderInvoice, type InvoiceFacts } from "../src/documents/invoice.js";
import { pdfText } from "./support/pdf-text.js";
import { renderPurchaseOrder, type PurchaseOrderFacts } from "../src/documents/purchase-order.js";
import { renderRenewalInvoice, type RenewalInvoiceFacts } from "../src/documents/renewal-invoice.js";

const vendor = {
  name: "Nuage Souverain SAS",
  legalForm: "SAS",
  shareCapital: { amount: 5_000_000, currency: "EUR" },
  registrationNumber: "901234567",
  vatNumber: "FR12901234567",
  address: { line1: "10 quai de la Rapée", postalCode: "75012", city: "Paris", country: "FR" },
  email: "ventes@nuage.example",
  phone: "+33 1 84 00 00 00",
  supportUrl: "https://support.nuage.example",
};
const englishBuyer = { ...companyBuyer, locale: "en" as const };

const purchaseOrder = (changes: Partial<PurchaseOrderFacts> = {}): PurchaseOrderFacts => ({
  number: "PO-20260315-ABCDEF1234",
  orderId: "order-1",
  checkoutId: "checkout-1",
  issuedAt: new Date("2026-03-15T10:00:00Z"),
  validationDueAt: new Date("2026-03-17T10:00:00Z"),
  vendor,
  buyer: englishBuyer,
  lines: [line],
  vatTreatment: standardVat,
  totals,
  ...changes,
});
const invoice = (changes: Partial<InvoiceFacts> = {}): InvoiceFacts => ({
  number: "NUAG-2026-000001",
  orderId: "order-1",
  purchaseOrderNumber: "PO-20260315-ABCDEF1234",
  issuedAt: new Date("2026-03-16T09:00:00Z"),
  deliveredAt: new Date("2026-03-16T09:00:00Z"),
  seller: vendor,
  buyer: englishBuyer,
  lines: [line],
  vatTreatment: standardVat,
  totals,
  ...changes,
});
/** pdftotext keeps the layout and wraps long mentions; one space between words is what a reader sees. */
const textOf = async (pdf: Promise<Buffer>) => pdfText(await pdf).replace(/\s+/g, " ");

describe("the purchase order", () => {
  it("is a PDF issued in the vendor's name with the number, the parties, the product details and the totals", async () => {
    const pdf = await renderPurchaseOrder(purchaseOrder());
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = await textOf(Promise.resolve(pdf));
    for (const expected of [
      "Purchase order PO-20260315-ABCDEF1234",
      "2026-03-15",
      "Nuage Souverain SAS",
      "SAS with a share capital of 50,000.00 EUR",
      "ventes@nuage.example",
      "+33 1 84 00 00 00",
      "ACME Industries SAS",
      "FR40552100554",
      "Factur'Nuage - plan Pro",
      "monthly billing, 12-month commitment, 14-day free trial, first charge at its end",
      "Quantity 2 x 49.00 EUR = 98.00 EUR",
      "VAT 20% on 98.00 EUR: 19.60 EUR",
      "Total (incl. VAT): 117.60 EUR",
      "Vendor answer due by: 2026-03-17 11:00 (Paris time)",
    ]) {
      expect(text).toContain(expected);
    }
  });

  it("is written in French for a French-speaking buyer", async () => {
    const text = await textOf(renderPurchaseOrder(purchaseOrder({ buyer: companyBuyer })));
    for (const expected of [
      "Bon de commande PO-20260315-ABCDEF1234",
      "Date : 15/03/2026",
      "Vendeur",
      "SAS au capital de 50 000,00 €",
      "SIREN : 901234567",
      "N° de TVA intracommunautaire : FR12901234567",
      "Acheteur",
      "N° de TVA intracommunautaire : FR40552100554",
      "Factur'Nuage - offre Pro",
      "facturation mensuelle, engagement de 12 mois, essai gratuit de 14 jours, premier prélèvement à son terme",
      "Quantité 2 x 49,00 € = 98,00 € HT",
      "TVA 20 % sur 98,00 € : 19,60 €",
      "Total TTC : 117,60 €",
      "Réponse du vendeur au plus tard le : 17/03/2026 à 11h00 (heure de Paris)",
    ]) {
      expect(text).toContain(expected);
    }
    for (const english of ["Purchase order", "Quantity", "Total (incl. VAT)", "not provided"]) {
      expect(text).not.toContain(english);
    }
  });
});

describe("the invoice", () => {
  it("carries the vendor's number, both identities, the reverse-charge mention, the dates and the totals", async () => {
    const text = await textOf(
      renderInvoice(
        invoice({
          buyer: { ...englishBuyer, vatNumber: "DE123456789", country: "DE" },
          vatTreatment: reverseCharge,
          totals: { ...totals, vat: { amount: 0, currency: "EUR" }, total: { amount: 9800, currency: "EUR" } },
        }),
      ),
    );
    for (const expected of [
      "Invoice NUAG-2026-000001",
      "Issue date: 2026-03-16",
      "Delivery date: 2026-03-16",
      "Due date: 2026-03-16",
      "Nuage Souverain SAS",
      "SAS with a share capital of 50,000.00 EUR",
      "SIREN: 901234567",
      "VAT number: FR12901234567",
      "DE123456789",
      "Autoliquidation - article 283-2 du CGI",
      "Total (incl. VAT): 98.00 EUR",
    ]) {
      expect(text).toContain(expected);
    }
  });

  it("is written in French for a French-speaking buyer, with the mentions a French invoice needs", async () => {
    const text = await textOf(renderInvoice(invoice({ buyer: companyBuyer })));
    for (const expected of [
      "Facture NUAG-2026-000001",
      "Émise par Nuage Souverain SAS",
      "N° de facture : NUAG-2026-000001",
      "Date d'émission : 16/03/2026",
      "Date de livraison : 16/03/2026",
      "Date d'échéance : 16/03/2026",
      "Bon de commande : PO-20260315-ABCDEF1234",
      "SAS au capital de 50 000,00 €",
      "SIREN : 901234567",
      "N° de TVA intracommunautaire : FR12901234567",
      "N° de TVA intracommunautaire : FR40552100554",
      "Total HT : 98,00 €",
      "Total TTC : 117,60 €",
      "Réglée par carte",
      "trois fois le taux d'intérêt légal",
      "indemnité forfaitaire pour frais de recouvrement de 40 €",
      "article L441-10 du Code de commerce",
    ]) {
      expect(text).toContain(expected);
    }
  });

  it("gives a company buyer the late-payment penalties and the 40 EUR indemnity, in English too", async () => {
    const text = await textOf(renderInvoice(invoice()));
    expect(text).toContain("three times the French legal interest rate");
    expect(text).toContain("fixed indemnity of 40 EUR for recovery costs");
    expect(text).toContain("Article L441-10 of the French Commercial Code");
  });

  it("gives an individual no late-payment mentions, which only apply between businesses", async () => {
    const individual = {
      ...companyBuyer,
      kind: "individual" as const,
      name: "Marie Curie",
      registrationNumber: null,
      vatNumber: null,
    };
    const text = await textOf(renderInvoice(invoice({ buyer: individual })));
    expect(text).toContain("Date d'échéance : 16/03/2026");
    expect(text).not.toContain("L441-10");
    expect(text).not.toContain("40 €");
  });

  it("labels a 14-digit French number SIRET, and a foreign company's number as a registration number", async () => {
    const text = await textOf(
      renderInvoice(
        invoice({
          seller: { ...vendor, registrationNumber: "90123456700012" },
          buyer: {
            ...englishBuyer,
            registrationNumber: "HRB 12345",
            address: { line1: "Unter den Linden 1", postalCode: "10117", city: "Berlin", country: "DE" },
            country: "DE",
          },
        }),
      ),
    );
    expect(text).toContain("SIRET: 90123456700012");
    expect(text).toContain("Registration number: HRB 12345");
  });

  it("says what is not known rather than inventing it, in the buyer's language", async () => {
    const seller = { name: "Nuage Souverain SAS", registrationNumber: null, vatNumber: null, address: null };
    const english = await textOf(renderInvoice(invoice({ number: "NUAG-2026-000002", seller })));
    expect(english).toContain("VAT number: not provided");
    expect(english).not.toContain("share capital");
    const french = await textOf(renderInvoice(invoice({ number: "NUAG-2026-000002", seller, buyer: companyBuyer })));
    expect(french).toContain("N° de TVA intracommunautaire : non communiqué");
    expect(french).toContain("Adresse : non communiquée");
    expect(french).not.toContain("capital");
  });
});

const renewalInvoice = (changes: Partial<RenewalInvoiceFacts> = {}): RenewalInvoiceFacts => ({
  number: "NUAG-2024-000042",
  orderId: "order-1",
  purchaseOrderNumber: "PO-20240129-ABCDEF1234",
  subscriptionId: "subscription-1",
  issuedAt: new Date("2024-02-29T06:00:00Z"),
  seller: vendor,
  buyer: englishBuyer,
  line,
  period: { number: 1, startsOn: "2024-02-29", endsBefore: "2024-03-31" },
  vatTreatment: standardVat,
  totals,
  paymentId: "payment-renewal-1",
  paidAt: new Date("2024-02-29T05:00:00Z"),
  ...changes,
});

describe("a renewal's invoice", () => {
  it("is a PDF with the vendor's number, both identities, the plan renewed with the days it pays for and the card payment", async () => {
    const pdf = await renderRenewalInvoice(renewalInvoice());
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = await textOf(Promise.resolve(pdf));
    for (const expected of [
      "Invoice NUAG-2024-000042",
      "Subscription renewal, issued by Nuage Souverain SAS",
      "Issue date: 2024-02-29",
      "Due date: 2024-02-29",
      "Renewal period: 1",
      "Subscription: subscription-1",
      "Order: order-1",
      "Purchase order: PO-20240129-ABCDEF1234",
      "SAS with a share capital of 50,000.00 EUR",
      "SIREN: 901234567",
      "FR40552100554",
      "Factur'Nuage - plan Pro",
      "monthly billing",
      // endsBefore is exclusive: the last day served is the day before.
      "Service period from 2024-02-29 to 2024-03-30",
      "Quantity 2 x 49.00 EUR = 98.00 EUR (excl. VAT)",
      "VAT 20% on 98.00 EUR: 19.60 EUR",
      "Total (incl. VAT): 117.60 EUR",
      "Paid by card through the marketplace on 2024-02-29 (automatic renewal payment payment-renewal-1).",
      "Article L441-10 of the French Commercial Code",
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain("free trial"); // the plan's terms at purchase, not what this period is
  });

  it("is written in French for a French-speaking buyer, with the reverse-charge mention when it applies", async () => {
    const text = await textOf(
      renderRenewalInvoice(
        renewalInvoice({
          buyer: companyBuyer,
          period: { number: 12, startsOn: "2026-12-01", endsBefore: "2027-01-01" },
          vatTreatment: reverseCharge,
          totals: { ...totals, vat: { amount: 0, currency: "EUR" }, total: { amount: 9800, currency: "EUR" } },
        }),
      ),
    );
    for (const expected of [
      "Facture NUAG-2024-000042",
      "Renouvellement d'abonnement, émise par Nuage Souverain SAS",
      "Date d'émission : 29/02/2024",
      "Période de renouvellement : 12",
      "Abonnement : subscription-1",
      "Période de service du 01/12/2026 au 31/12/2026",
      "Quantité 2 x 49,00 € = 98,00 € HT",
      "Autoliquidation - article 283-2 du CGI",
      "Total TTC : 98,00 €",
      "Réglée par carte via la marketplace le 29/02/2024 (paiement de renouvellement automatique payment-renewal-1).",
      "article L441-10 du Code de commerce",
    ]) {
      expect(text).toContain(expected);
    }
    for (const english of ["Invoice", "Service period", "Paid by card"]) expect(text).not.toContain(english);
  });

  it("gives an individual no late-payment mentions", async () => {
    const individual = { ...companyBuyer, kind: "individual" as const, registrationNumber: null, vatNumber: null };
    const text = await textOf(renderRenewalInvoice(renewalInvoice({ buyer: individual })));
    expect(text).toContain("Période de service du 29/02/2024 au 30/03/2024");
    expect(text).not.toContain("L441-10");
  });
});
