import { subcategoryBelongsTo, type CreateProduct } from "@mkt/contracts";
import { uuidv7, ValidationError } from "@mkt/service-kit";
import type { z } from "zod";
import { subcategoryMismatch } from "./errors.js";
import type { CatalogDeps } from "./deps.js";
import { planOrder, toVendorProduct } from "./listing.js";
import { createPlan } from "./plan-input.js";
import { isUuid, refreshPlanSummary } from "./product-store.js";

/** A new listing is a draft: nobody but its vendor sees it, and nothing is announced. */
export async function createProduct(
  deps: CatalogDeps,
  vendorId: string,
  input: z.output<NonNullable<typeof CreateProduct.body>>,
) {
  if (!isUuid(vendorId)) throw new ValidationError([{ path: "params.vendorId", message: "not a vendor id" }]);
  if (!subcategoryBelongsTo(input.category, input.subcategory))
    throw subcategoryMismatch(input.category, input.subcategory);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const id = uuidv7(now.getTime());
    await tx.product.create({
      data: {
        id,
        vendorId,
        status: "draft",
        name: input.name,
        category: input.category,
        subcategory: input.subcategory,
        region: input.region,
        descriptionFr: input.description.fr,
        descriptionEn: input.description.en,
        documentationUrl: input.documentationUrl,
        createdAt: now,
        updatedAt: now,
      },
    });
    for (const plan of input.plans) await createPlan(tx, id, plan, { now, published: false });
    await refreshPlanSummary(tx, id);
    return toVendorProduct(
      await tx.product.findUniqueOrThrow({ where: { id }, include: { plans: { orderBy: planOrder } } }),
    );
  });
}
