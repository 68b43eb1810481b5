import { randomUUID } from "node:crypto";
import type { EventData, PaymentCheckoutAuthorizedV1 } from "@mkt/contracts";

// A checkout whose card payment was authorized, as the payment service publishes it: what tests
// of the order service's callers feed it so that it creates real orders. One vendor order each.

const eur = (amount: number) => ({ amount, currency: "EUR" });

/**
 * payment.checkout-authorized's data for one buyer (a French company) and one order per vendor, 299 € + 20% VAT each.
 */
export function authorizedCheckoutData(
  parties: { buyerId?: string; vendorIds: string[] },
  at: Date,
): EventData<typeof PaymentCheckoutAuthorizedV1> {
  const buyerId = parties.buyerId ?? randomUUID();
  const orders = parties.vendorIds.map((vendorId, index) => ({
    orderId: randomUUID(),
    paymentId: randomUUID(),
    vendor: {
      vendorId,
      legalName: `Vendor ${index + 1} SAS`,
      publicContact: { email: `sales-${index + 1}@vendor.example`, phone: "+33 1 84 00 00 00" },
      registrationNumber: "552100554",
      vatNumber: "FR40552100554",
      registeredAddress: { line1: "1 rue du Cloud", postalCode: "67000", city: "Strasbourg", country: "FR" },
      legalForm: "SAS",
      shareCapital: eur(1_000_000),
    },
    lines: [
      {
        lineId: randomUUID(),
        productId: randomUUID(),
        productName: "Managed Kubernetes",
        planId: randomUUID(),
        planName: "Cluster",
        billingCycle: "monthly" as const,
        commitmentMonths: 0,
        trialDays: 0,
        quantity: 1,
        unitPrice: eur(29_900),
        amount: eur(29_900),
      },
    ],
    vatTreatment: { kind: "standard" as const, rateBasisPoints: 2000, mention: null },
    totals: { subtotal: eur(29_900), vat: eur(5_980), total: eur(35_880), fee: eur(1_076) },
  }));
  return {
    checkoutId: randomUUID(),
    buyer: {
      buyerId,
      kind: "company",
      name: "Acme Industries SAS",
      email: "achats@acme.example",
      locale: "fr",
      registrationNumber: "732829320",
      vatNumber: "FR44732829320",
      address: { line1: "1 rue de la Paix", postalCode: "75002", city: "Paris", country: "FR" },
      country: "FR",
    },
    orders,
    total: eur(35_880 * orders.length),
    paymentMethod: { brand: "visa", last4: "4242", savedForRenewals: false },
    authorizedAt: at.toISOString(),
  };
}
