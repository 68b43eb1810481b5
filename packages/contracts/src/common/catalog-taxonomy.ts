import { z } from "zod";

// WIRE FORMAT: the catalog's fixed vocabularies, shared by the catalog, the gateways (search
// filters, OpenAPI enums) and later the cart. Adding a value is additive; renaming one breaks
// saved searches and stored listings.

/** Only software delivered as a service on the platform's cloud can be listed (docs/business-rules.md, Catalog). */
export const SOLUTION_CATEGORIES = ["saas", "paas"] as const;
export const SolutionCategory = z
  .enum(SOLUTION_CATEGORIES)
  .meta({ id: "SolutionCategory", description: "`saas` or `paas`." });
export type SolutionCategory = z.infer<typeof SolutionCategory>;

/** Subcategories, each under one category. */
export const SUBCATEGORIES = {
  saas: [
    "crm",
    "erp",
    "accounting",
    "hr",
    "collaboration",
    "communication",
    "marketing",
    "analytics",
    "security",
    "devtools",
  ],
  paas: ["databases", "kubernetes", "serverless", "storage", "messaging", "ai-ml", "observability", "ci-cd"],
} as const satisfies Record<SolutionCategory, readonly string[]>;
const ALL_SUBCATEGORIES = [...SUBCATEGORIES.saas, ...SUBCATEGORIES.paas] as const;
export const Subcategory = z.enum(ALL_SUBCATEGORIES).meta({ id: "Subcategory" });
export type Subcategory = z.infer<typeof Subcategory>;

/** True when `subcategory` belongs to `category` (a `crm` is SaaS, a `kubernetes` is PaaS). */
export function subcategoryBelongsTo(category: SolutionCategory, subcategory: string): boolean {
  return (SUBCATEGORIES[category] as readonly string[]).includes(subcategory);
}

/** The platform's own cloud regions: a listing names where the solution is hosted. */
export const HOSTING_REGIONS = {
  "fr-par-1": "Paris 1 (France)",
  "fr-par-2": "Paris 2 (France)",
  "fr-rbx-1": "Roubaix (France)",
  "fr-sbg-1": "Strasbourg (France)",
  "de-fra-1": "Frankfurt (Germany)",
  "nl-ams-1": "Amsterdam (Netherlands)",
} as const;
export const HostingRegion = z
  .enum(Object.keys(HOSTING_REGIONS) as [keyof typeof HOSTING_REGIONS, ...(keyof typeof HOSTING_REGIONS)[]])
  .meta({ id: "HostingRegion", description: "A region/datacenter of the platform's cloud." });
export type HostingRegion = z.infer<typeof HostingRegion>;

export const BILLING_CYCLES = ["monthly", "yearly"] as const;
export const BillingCycle = z.enum(BILLING_CYCLES).meta({ id: "BillingCycle" });
export type BillingCycle = z.infer<typeof BillingCycle>;

/** Labels an operator grants to a solution; buyers filter on them. */
export const LABELS = ["open-trusted-cloud"] as const;
export const Label = z
  .enum(LABELS)
  .meta({ id: "Label", description: "`open-trusted-cloud`: the Open Trusted Cloud badge." });
export type Label = z.infer<typeof Label>;

/** Text in both of the marketplace's languages (markdown where it says so). */
export const LocalizedText = z.object({
  fr: z.string().trim().min(1).max(20_000),
  en: z.string().trim().min(1).max(20_000),
});
export type LocalizedText = z.infer<typeof LocalizedText>;
