import { subcategoryBelongsTo, type CreateProduct } from "@mkt/contracts";
import { createOnce, requestFingerprint, uuidv7, ValidationError } from "@mkt/service-kit";
import type { z } from "zod";
import { idempotencyKeyReused, subcategoryMismatch } from "./errors.js";
import type { CatalogDeps } from "./deps.js";
import { planOrder, toVendorProduct } from "./listing.js";
import { createPlan } from "./plan-input.js";
import { isUuid, refreshPlanSummary } from "./product-store.js";

type ProductRequest = z.output<NonNullable<typeof CreateProduct.body>>;

/**
 * A new listing is a draft: nobody but its vendor sees it, and nothing is announced.
 *
 * Idempotent by (vendor, Idempotency-Key) when a key is given: a retry answers the listing the
 * first call made (as it is now), the key with another body is refused (409). Of two concurrent
 * calls with one key the unique index (vendor_id, idempotency_key) lets one insert; the other
 * reads the winner's listing back.
 */
export async function createProduct(
  deps: CatalogDeps,
  vendorId: string,
  input: ProductRequest,
  idempotencyKey?: string,
) {
  if (!isUuid(vendorId)) throw new ValidationError([{ path: "params.vendorId", message: "not a vendor id" }]);
  if (!subcategoryBelongsTo(input.category, input.subcategory))
    throw subcategoryMismatch(input.category, input.subcategory);
  if (idempotencyKey === undefined) return insertProduct(deps, vendorId, input);
  const fingerprint = requestFingerprint("CreateProduct", input);
  return createOnce(
    () => replayOf(deps, vendorId, idempotencyKey, fingerprint),
    () => insertProduct(deps, vendorId, input, { key: idempotencyKey, fingerprint }),
  );
}

/** The listing a key already made, if any; the key with another request is a 409. */
async function replayOf(deps: CatalogDeps, vendorId: string, idempotencyKey: string, fingerprint: string) {
  const previous = await deps.db.client.product.findUnique({
    where: { vendorId_idempotencyKey: { vendorId, idempotencyKey } },
    include: { plans: { orderBy: planOrder } },
  });
  if (!previous) return undefined;
  if (previous.requestFingerprint !== fingerprint) throw idempotencyKeyReused("CreateProduct");
  return toVendorProduct(previous);
}

async function insertProduct(
  deps: CatalogDeps,
  vendorId: string,
  input: ProductRequest,
  idempotency?: { key: string; fingerprint: string },
) {
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
        idempotencyKey: idempotency?.key ?? null,
        requestFingerprint: idempotency?.fingerprint ?? null,
      },
    });
    for (const plan of input.plans) await createPlan(tx, id, plan, { now, published: false });
    await refreshPlanSummary(tx, id);
    return toVendorProduct(
      await tx.product.findUniqueOrThrow({ where: { id }, include: { plans: { orderBy: planOrder } } }),
    );
  });
}
