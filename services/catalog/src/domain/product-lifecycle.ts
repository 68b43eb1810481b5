/**
 * The life of a listing (docs/business-rules.md, Catalog):
 *
 *   draft ──publish──▶ published ──unpublish──▶ unpublished ──publish──▶ published …
 *     any state ──unlist (operator)──▶ unlisted   (final for its vendor: publishing it is refused)
 *
 * Publishing needs the vendor approved in the catalog's projection and at least one active plan.
 * Once a listing has been published it is "ever published": from then on every change is
 * announced (CatalogProductUpdatedV1) with a revision one higher than the last.
 */
export type ProductStatus = "draft" | "published" | "unpublished" | "unlisted";

export type LifecycleDecision =
  | { kind: "change"; to: ProductStatus }
  | { kind: "unchanged" }
  | {
      kind: "refused";
      reason:
        "vendor-not-approved" | "no-active-plan" | "product-unlisted" | "product-not-published" | "already-unlisted";
    };

export function decidePublish(
  status: ProductStatus,
  facts: { vendorApproved: boolean; activePlans: number },
): LifecycleDecision {
  if (status === "unlisted") return { kind: "refused", reason: "product-unlisted" };
  if (status === "published") return { kind: "unchanged" };
  if (!facts.vendorApproved) return { kind: "refused", reason: "vendor-not-approved" };
  if (facts.activePlans < 1) return { kind: "refused", reason: "no-active-plan" };
  return { kind: "change", to: "published" };
}

export function decideUnpublish(status: ProductStatus): LifecycleDecision {
  if (status === "published") return { kind: "change", to: "unpublished" };
  if (status === "unpublished") return { kind: "unchanged" };
  return { kind: "refused", reason: status === "unlisted" ? "product-unlisted" : "product-not-published" };
}

/** Operators unlist from any state; unlisting twice is refused so the first reason stays. */
export function decideUnlist(status: ProductStatus): LifecycleDecision {
  return status === "unlisted" ? { kind: "refused", reason: "already-unlisted" } : { kind: "change", to: "unlisted" };
}

/** A product that was ever published announces every change; a draft never published, none. */
export function announcesChanges(product: { everPublished: boolean }): boolean {
  return product.everPublished;
}

/** Buyers can see (and search) it. */
export const isVisibleToBuyers = (status: ProductStatus): boolean => status === "published";
