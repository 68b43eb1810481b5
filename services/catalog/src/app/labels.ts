import type { Label } from "@mkt/contracts";
import type { CatalogDeps } from "./deps.js";
import { changeProduct } from "./product-store.js";

/** Operators grant a label; granting one already there changes (and emits) nothing. */
export async function grantLabel(deps: CatalogDeps, productId: string, label: Label) {
  return changeProduct(deps, { productId }, async (tx, product) => {
    if (product.labels.includes(label)) return false;
    await tx.product.update({ where: { id: productId }, data: { labels: [...product.labels, label].sort() } });
    return true;
  });
}

/** Operators revoke a label; revoking one that is not there changes (and emits) nothing. */
export async function revokeLabel(deps: CatalogDeps, productId: string, label: Label) {
  return changeProduct(deps, { productId }, async (tx, product) => {
    if (!product.labels.includes(label)) return false;
    await tx.product.update({ where: { id: productId }, data: { labels: product.labels.filter((l) => l !== label) } });
    return true;
  });
}
