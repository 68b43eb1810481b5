import type { BuyerSnapshot, OrderLine, OrderTotals, VatTreatment } from "@mkt/contracts";

// Facts the tests print: a French company buyer, one line, VAT treatments, totals.

export const companyBuyer: BuyerSnapshot = {
  buyerId: "buyer-acme",
  kind: "company",
  name: "ACME Industries SAS",
  email: "achats@acme.example",
  locale: "fr",
  registrationNumber: "552100554",
  vatNumber: "FR40552100554",
  address: { line1: "1 rue de la Paix", postalCode: "75002", city: "Paris", country: "FR" },
  country: "FR",
};

export const line: OrderLine = {
  lineId: "line-1",
  productId: "product-1",
  productName: "Factur'Nuage",
  planId: "plan-1",
  planName: "Pro",
  billingCycle: "monthly",
  commitmentMonths: 12,
  trialDays: 14,
  quantity: 2,
  unitPrice: { amount: 4900, currency: "EUR" },
  amount: { amount: 9800, currency: "EUR" },
};

export const standardVat: VatTreatment = { kind: "standard", rateBasisPoints: 2000, mention: null };
export const reverseCharge: VatTreatment = {
  kind: "reverse-charge",
  rateBasisPoints: 0,
  mention: "Autoliquidation - article 283-2 du CGI",
};

export const totals: OrderTotals = {
  subtotal: { amount: 9800, currency: "EUR" },
  vat: { amount: 1960, currency: "EUR" },
  total: { amount: 11760, currency: "EUR" },
  fee: { amount: 353, currency: "EUR" },
};
