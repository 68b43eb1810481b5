import type { BuyerInfo } from "./buyer.js";
import type { CatalogEntry, PlanInfo } from "./catalog.js";
import type { CartItem } from "./cart-view.js";

// Builders for the domain's unit tests.

export function plan(overrides: Partial<PlanInfo> & { id: string }): PlanInfo {
  return {
    productId: "product-1",
    planFamilyId: `family-${overrides.id}`,
    version: 1,
    name: "Pro",
    billingCycle: "monthly",
    priceCents: 4900,
    currency: "EUR",
    commitmentMonths: 0,
    trialDays: 0,
    status: "active",
    ...overrides,
  };
}

export function entry(
  productId: string,
  plans: PlanInfo[],
  overrides: Partial<CatalogEntry["product"]> = {},
): CatalogEntry {
  return {
    product: {
      id: productId,
      vendorId: `vendor-of-${productId}`,
      status: "published",
      name: `Product ${productId}`,
      vendor: {
        legalName: `Vendor of ${productId}`,
        publicContact: { email: "sales@vendor.example", phone: "+33 1 00 00 00 00" },
      },
      ...overrides,
    },
    plans: plans.map((p) => ({ ...p, productId })),
  };
}

export function item(id: string, p: PlanInfo, quantity = 1, vendorId = `vendor-of-${p.productId}`): CartItem {
  return {
    id,
    planId: p.id,
    productId: p.productId,
    vendorId,
    unitPriceCents: p.priceCents,
    currency: p.currency,
    quantity,
    addedAt: new Date("2026-11-01T09:00:00.000Z"),
  };
}

export const frenchCompany: BuyerInfo = {
  id: "buyer-1",
  kind: "company",
  name: "ACME Industries SAS",
  email: "buyer@acme.example",
  locale: "fr",
  registrationNumber: "552100554",
  vatNumber: "FR40303265045",
  address: { line1: "1 rue de la Paix", postalCode: "75002", city: "Paris", country: "FR" },
  timeZone: null,
};

export const germanCompany: BuyerInfo = {
  ...frenchCompany,
  name: "Muster GmbH",
  vatNumber: "DE123456789",
  address: { line1: "Hauptstraße 1", postalCode: "10115", city: "Berlin", country: "DE" },
};
