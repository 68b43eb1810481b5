import type { CartLineAvailability } from "@mkt/contracts";
import { replacementOf, type CatalogEntry, type PlanInfo } from "./catalog.js";

// Whether a plan can be bought now (docs/business-rules.md, Catalog; contracts' ListedPlan): its product is
// published and the plan is active. A superseded plan names its replacement, the newest active
// version of its family, which POST /refresh moves the line to.

export const AVAILABLE: CartLineAvailability = {
  status: "available",
  reason: null,
  message: null,
  replacementPlanId: null,
};

const PRODUCT_STATUS_WORDS: Record<string, string> = {
  unpublished: "was taken off the storefront by its vendor",
  unlisted: "was removed from the storefront by the marketplace",
};

/** `entry` is the plan's product as the cart knows it; `plan` one of its plans (undefined: no longer listed). */
export function availabilityOf(entry: CatalogEntry | undefined, plan: PlanInfo | undefined): CartLineAvailability {
  if (!entry || entry.product.status !== "published") {
    const name = entry?.product.name ?? "This solution";
    const why = PRODUCT_STATUS_WORDS[entry?.product.status ?? ""] ?? "is not on sale";
    return {
      status: "unavailable",
      reason: "product-not-published",
      message: `${name} ${why}: it can no longer be bought.`,
      replacementPlanId: null,
    };
  }
  if (!plan || plan.status === "retired") {
    const name = plan ? `Plan ${plan.name} of ${entry.product.name}` : `This plan of ${entry.product.name}`;
    return {
      status: "unavailable",
      reason: "plan-retired",
      message: `${name} is no longer sold.`,
      replacementPlanId: null,
    };
  }
  if (plan.status === "superseded") {
    const replacement = replacementOf(plan, entry.plans);
    return replacement
      ? {
          status: "unavailable",
          reason: "plan-superseded",
          message: `Plan ${plan.name} of ${entry.product.name} was replaced by a new version (plan ${replacement.id}, ${formatPrice(replacement.priceCents, replacement.currency)}): refresh the cart to move the line to it.`,
          replacementPlanId: replacement.id,
        }
      : {
          status: "unavailable",
          reason: "plan-superseded",
          message: `Plan ${plan.name} of ${entry.product.name} was replaced and no newer version is on sale.`,
          replacementPlanId: null,
        };
  }
  return AVAILABLE;
}

/** "49.00 EUR": for messages only, amounts travel as integers of cents. */
export function formatPrice(cents: number, currency: string): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")} ${currency}`;
}
