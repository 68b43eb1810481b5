import { randomUUID } from "node:crypto";
import { PaymentCheckoutAuthorizedV1, type EventData } from "@mkt/contracts";
import type { ServiceUnderTest } from "@mkt/service-kit/testing";
import type { Db as OrderDb } from "@mkt/order/dist/bootstrap.js";

const eur = (amount: number) => ({ amount, currency: "EUR" });

/**
 * A checkout whose card payment authorized, as payment publishes it (through an outbox, here the
 * order service's own): the order service creates one transmitted order per vendor. Returns the
 * order ids.
 */
export async function authorizedCheckout(order: ServiceUnderTest<OrderDb, Record<string, unknown>>, parties: { buyerId?: string; vendorIds: string[] }, at: Date): Promise<string[]> {
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
  const data: EventData<typeof PaymentCheckoutAuthorizedV1> = {
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
  const { db, outbox } = order.service.deps;
  await db.client.$transaction(async (tx) => {
    await outbox.add(tx, PaymentCheckoutAuthorizedV1, data);
  });
  return orders.map((draft) => draft.orderId);
}
