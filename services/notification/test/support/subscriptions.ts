import type { SubscriptionFacts } from "@mkt/contracts";
import { exampleOrder } from "./orders.js";

const eur = (amount: number) => ({ amount, currency: "EUR" });

/**
 * A subscription as every subscription event carries it: the plan line of the example order
 * (2 × Kubernetes managé — Pro at 49,00 € a month, 20% VAT) from "Nuage & Fils <SAS>" to Acme
 * Industries, in Paris, anchored on the day of the purchase.
 */
export const exampleSubscription: SubscriptionFacts = {
  subscriptionId: "sub-1",
  orderId: exampleOrder.orderId,
  lineId: "line-1",
  buyer: exampleOrder.buyer,
  vendor: exampleOrder.vendor,
  productId: "prod-1",
  productName: "Kubernetes managé",
  planId: "plan-1",
  planName: "Pro",
  billingCycle: "monthly",
  anchor: "2026-11-24",
  timeZone: "Europe/Paris",
  unitPrice: eur(4900),
  quantity: 2,
  vatTreatment: { kind: "standard", rateBasisPoints: 2000, mention: null },
  commitmentMonths: 0,
  state: "active",
};

/** The same subscription billed yearly: 1 × 490,00 € a year (588,00 € with VAT). */
export const exampleYearlySubscription: SubscriptionFacts = {
  ...exampleSubscription,
  subscriptionId: "sub-2",
  billingCycle: "yearly",
  unitPrice: eur(49000),
  quantity: 1,
};

/** A monthly period's money, as subscription.renewed carries it: 98,00 € + 20% VAT, the 3% fee. */
export const periodTotals = { subtotal: eur(9800), vat: eur(1960), total: eur(11760), fee: eur(353) };
