import { subcategoryBelongsTo, type UpdateProduct } from "@mkt/contracts";
import type { z } from "zod";
import { subcategoryMismatch } from "./errors.js";
import type { CatalogDeps } from "./deps.js";
import { changeProduct } from "./product-store.js";

/** Changes a listing's fields; once ever published, the change is announced (new revision). */
export async function updateProduct(
  deps: CatalogDeps,
  vendorId: string,
  productId: string,
  input: z.output<NonNullable<typeof UpdateProduct.body>>,
) {
  return changeProduct(deps, { productId, vendorId }, async (tx, product) => {
    const next = {
      name: input.name ?? product.name,
      category: input.category ?? product.category,
      subcategory: input.subcategory ?? product.subcategory,
      region: input.region ?? product.region,
      descriptionFr: input.description?.fr ?? product.descriptionFr,
      descriptionEn: input.description?.en ?? product.descriptionEn,
      documentationUrl: input.documentationUrl ?? product.documentationUrl,
    };
    if (!subcategoryBelongsTo(next.category as "saas" | "paas", next.subcategory))
      throw subcategoryMismatch(next.category, next.subcategory);
    const changed = (Object.keys(next) as (keyof typeof next)[]).some((key) => next[key] !== product[key]);
    if (changed) await tx.product.update({ where: { id: productId }, data: next });
    return changed;
  });
}
