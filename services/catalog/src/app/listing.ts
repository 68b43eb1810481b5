import type { Address, CatalogProductUpdatedV1, EventData, ListedPlan, Money, VendorProduct } from "@mkt/contracts";
import type { z } from "zod";
import type { Plan, Product, Vendor } from "../generated/prisma/client.js";

// Rows to the shapes on the wire (VendorProduct, ListedPlan, the product-updated event).

export type ProductWithPlans = Product & { plans: Plan[] };
type VendorProductOut = z.input<typeof VendorProduct>;
type Taxonomy = Pick<VendorProductOut, "category" | "subcategory" | "region">;

export const planOrder = [{ createdAt: "asc" as const }, { id: "asc" as const }];

export function toListedPlan(plan: Plan): ListedPlan {
  return {
    planId: plan.id,
    planFamilyId: plan.planFamilyId,
    version: plan.version,
    name: plan.name,
    billingCycle: plan.billingCycle as ListedPlan["billingCycle"],
    price: { amount: plan.priceCents, currency: plan.currency },
    commitmentMonths: plan.commitmentMonths,
    trialDays: plan.trialDays,
    status: plan.status as ListedPlan["status"],
  };
}

export function taxonomyOf(product: Product): Taxonomy {
  return { category: product.category, subcategory: product.subcategory, region: product.region } as Taxonomy;
}

export function toVendorProduct(product: ProductWithPlans): VendorProductOut {
  return {
    id: product.id,
    vendorId: product.vendorId,
    status: product.status as VendorProductOut["status"],
    name: product.name,
    ...taxonomyOf(product),
    description: { fr: product.descriptionFr, en: product.descriptionEn },
    documentationUrl: product.documentationUrl,
    labels: product.labels as VendorProductOut["labels"],
    plans: product.plans.map((plan) => ({
      ...toListedPlan(plan),
      supersededBy: plan.supersededBy,
      createdAt: plan.createdAt.toISOString(),
    })),
    unlistedReason: product.unlistedReason,
    revision: product.revision,
    createdAt: product.createdAt.toISOString(),
    updatedAt: product.updatedAt.toISOString(),
    publishedAt: product.publishedAt?.toISOString() ?? null,
  };
}

export function publicContactOf(vendor: Vendor) {
  return {
    email: vendor.contactEmail,
    phone: vendor.contactPhone,
    ...(vendor.supportUrl ? { supportUrl: vendor.supportUrl } : {}),
  };
}

/** The whole listing as CatalogProductUpdatedV1 carries it (event-carried state). */
export function toProductUpdated(product: ProductWithPlans, vendor: Vendor): EventData<typeof CatalogProductUpdatedV1> {
  return {
    productId: product.id,
    vendorId: product.vendorId,
    revision: product.revision,
    status: product.status as "published" | "unpublished" | "unlisted",
    name: product.name,
    ...taxonomyOf(product),
    labels: product.labels as VendorProductOut["labels"],
    vendor: {
      legalName: vendor.legalName,
      publicContact: publicContactOf(vendor),
      ...(vendor.registrationNumber ? { registrationNumber: vendor.registrationNumber } : {}),
      ...(vendor.vatNumber ? { vatNumber: vendor.vatNumber } : {}),
      ...(vendor.registeredAddress ? { registeredAddress: vendor.registeredAddress as Address } : {}),
      ...(vendor.legalForm ? { legalForm: vendor.legalForm } : {}),
      ...(vendor.shareCapital ? { shareCapital: vendor.shareCapital as Money } : {}),
    },
    plans: product.plans.map(toListedPlan),
    updatedAt: product.updatedAt.toISOString(),
  };
}
