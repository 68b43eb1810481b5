import type { OrderFacts } from "@mkt/contracts";

const contact = {
  email: "ventes@nuage.example",
  phone: "+33 1 84 00 00 00",
  supportUrl: "https://support.nuage.example",
};
const eur = (amount: number) => ({ amount, currency: "EUR" });
/** An order as every order event carries it: a French company buying from "Nuage & Fils <SAS>", 20% VAT. */
export const exampleOrder: OrderFacts = {
  orderId: "ord-1",
  checkoutId: "chk-1",
  purchaseOrderNumber: "PO-NUAG-2026-000001",
  paymentId: "pay-1",
  vendor: {
    vendorId: "ven-1",
    legalName: "Nuage & Fils <SAS>",
    publicContact: contact,
    registrationNumber: "552100554",
    vatNumber: "FR40552100554",
    registeredAddress: null,
  },
  buyer: {
    buyerId: "buy-1",
    kind: "company",
    name: "Acme Industries",
    email: "achats@acme.example",
    locale: "fr",
    registrationNumber: "732829320",
    vatNumber: "FR44732829320",
    address: { line1: "1 rue de la Paix", postalCode: "75002", city: "Paris", country: "FR" },
    country: "FR",
  },
  lines: [
    {
      lineId: "line-1",
      productId: "prod-1",
      productName: "Kubernetes managé",
      planId: "plan-1",
      planName: "Pro",
      billingCycle: "monthly",
      commitmentMonths: 0,
      trialDays: 0,
      quantity: 2,
      unitPrice: eur(4900),
      amount: eur(9800),
    },
  ],
  vatTreatment: { kind: "standard", rateBasisPoints: 2000, mention: null },
  totals: { subtotal: eur(9800), vat: eur(1960), total: eur(11760), fee: eur(353) },
  transmittedAt: "2026-11-24T14:30:00.000Z",
  reminderAt: "2026-11-25T14:30:00.000Z",
  validationDueAt: "2026-11-26T14:30:00.000Z",
  autoCancelAt: "2026-11-29T14:30:00.000Z",
};
