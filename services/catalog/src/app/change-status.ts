import type { DomainError } from "@mkt/service-kit";
import {
  noActivePlan,
  productAlreadyUnlisted,
  productNotPublished,
  productUnlisted,
  vendorNotApproved,
} from "./errors.js";
import {
  decidePublish,
  decideUnlist,
  decideUnpublish,
  type LifecycleDecision,
  type ProductStatus,
} from "../domain/product-lifecycle.js";
import type { CatalogDeps } from "./deps.js";
import { changeProduct } from "./product-store.js";

function refusal(
  decision: Extract<LifecycleDecision, { kind: "refused" }>,
  product: { id: string; vendorId: string; status: string },
): DomainError {
  switch (decision.reason) {
    case "vendor-not-approved":
      return vendorNotApproved(product.vendorId);
    case "no-active-plan":
      return noActivePlan();
    case "product-unlisted":
      return productUnlisted(product.id);
    case "already-unlisted":
      return productAlreadyUnlisted(product.id);
    case "product-not-published":
      return productNotPublished(product.id, product.status);
  }
}

/** Publishes a listing: vendor approved (catalog's projection of vendor-kyc) and an active plan. */
export async function publishProduct(deps: CatalogDeps, vendorId: string, productId: string) {
  return changeProduct(deps, { productId, vendorId }, async (tx, product) => {
    const vendor = await tx.vendor.findUnique({ where: { id: product.vendorId } });
    const decision = decidePublish(product.status as ProductStatus, {
      vendorApproved: vendor?.approvedAt != null,
      activePlans: product.plans.filter((p) => p.status === "active").length,
    });
    if (decision.kind === "refused") throw refusal(decision, product);
    if (decision.kind === "unchanged") return false;
    await tx.product.update({
      where: { id: productId },
      data: { status: "published", everPublished: true, publishedAt: deps.clock.now() },
    });
    // What buyers can now see was published: from now on its terms are frozen (plan versioning).
    await tx.plan.updateMany({
      where: { productId, status: "active", everPublished: false },
      data: { everPublished: true },
    });
    return true;
  });
}

/** The vendor takes its listing off the storefront; it may publish it again. */
export async function unpublishProduct(deps: CatalogDeps, vendorId: string, productId: string) {
  return changeProduct(deps, { productId, vendorId }, async (tx, product) => {
    const decision = decideUnpublish(product.status as ProductStatus);
    if (decision.kind === "refused") throw refusal(decision, product);
    if (decision.kind === "unchanged") return false;
    await tx.product.update({ where: { id: productId }, data: { status: "unpublished" } });
    return true;
  });
}

/** An operator removes a listing from the storefront, for good as far as its vendor goes. */
export async function unlistProduct(
  deps: CatalogDeps,
  productId: string,
  input: { operatorId: string; reason: string },
) {
  return changeProduct(deps, { productId }, async (tx, product) => {
    const decision = decideUnlist(product.status as ProductStatus);
    if (decision.kind === "refused") throw refusal(decision, product);
    await tx.product.update({ where: { id: productId }, data: { status: "unlisted", unlistedReason: input.reason } });
    return true;
  });
}
