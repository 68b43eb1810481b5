import type { Address, BillingCycle, Money, PublicContact } from "@mkt/contracts";

// The cart's view of the catalog, as its projection of catalog.product-updated holds it.

export interface VendorInfo {
  legalName: string;
  publicContact: PublicContact;
  registrationNumber?: string;
  vatNumber?: string;
  registeredAddress?: Address;
  legalForm?: string;
  shareCapital?: Money;
}

export interface ProductInfo {
  id: string;
  vendorId: string;
  status: "published" | "unpublished" | "unlisted";
  name: string;
  vendor: VendorInfo;
}

export interface PlanInfo {
  id: string;
  productId: string;
  planFamilyId: string;
  version: number;
  name: string;
  billingCycle: BillingCycle;
  priceCents: number;
  currency: string;
  commitmentMonths: number;
  trialDays: number;
  status: "active" | "superseded" | "retired";
}

/** A product with every plan version it carries. */
export interface CatalogEntry {
  product: ProductInfo;
  plans: PlanInfo[];
}

/** The catalog entries a cart's lines need, by product id. */
export type CatalogView = ReadonlyMap<string, CatalogEntry>;

export function findPlan(catalog: CatalogView, productId: string, planId: string): PlanInfo | undefined {
  return catalog.get(productId)?.plans.find((plan) => plan.id === planId);
}

/**
 * The plan that replaced a superseded one: the newest ACTIVE version of the same plan family
 * (the catalog supersedes a version by the next; the newest active one is what buyers can buy).
 */
export function replacementOf(plan: PlanInfo, plans: readonly PlanInfo[]): PlanInfo | null {
  let best: PlanInfo | null = null;
  for (const candidate of plans) {
    if (
      candidate.planFamilyId !== plan.planFamilyId ||
      candidate.status !== "active" ||
      candidate.version <= plan.version
    )
      continue;
    if (!best || candidate.version > best.version) best = candidate;
  }
  return best;
}
