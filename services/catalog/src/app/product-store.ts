import { CatalogProductUpdatedV1 } from "@mkt/contracts";
import { Prisma } from "../generated/prisma/client.js";
import type { TxOf } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { productNotFound } from "./errors.js";
import { announcesChanges } from "../domain/product-lifecycle.js";
import type { CatalogDeps } from "./deps.js";
import { planOrder, toProductUpdated, toVendorProduct, type ProductWithPlans } from "./listing.js";

export type Tx = TxOf<Db>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids are opaque strings on the wire; ours are UUIDs, so anything else names nothing. */
export const isUuid = (value: string): boolean => UUID.test(value);

/**
 * Reads a product for a change, locking its row until the transaction ends so concurrent changes
 * of one listing queue up (revisions stay gapless and ordered). A product of another vendor is
 * a 404, exactly like one that does not exist: a vendor cannot learn other vendors' ids.
 */
export async function lockProduct(tx: Tx, productId: string, vendorId?: string): Promise<ProductWithPlans> {
  if (!isUuid(productId) || (vendorId !== undefined && !isUuid(vendorId))) throw productNotFound(productId);
  await tx.$queryRaw(Prisma.sql`SELECT 1 FROM product WHERE id = ${productId}::uuid FOR UPDATE`);
  const product = await tx.product.findUnique({ where: { id: productId }, include: { plans: { orderBy: planOrder } } });
  if (!product || (vendorId !== undefined && product.vendorId !== vendorId)) throw productNotFound(productId);
  return product;
}

/**
 * Rewrites the search summary of a product's active plans (lowest price, any free trial, billing
 * cycles) on its row: search filters and sorts on them without joining plans. Called in the
 * transaction of every plan change, so it is never stale.
 */
export async function refreshPlanSummary(tx: Tx, productId: string): Promise<void> {
  await tx.$executeRaw(Prisma.sql`
    UPDATE product p SET
      min_price = s.min_price, has_trial = s.has_trial, billing_cycles = s.billing_cycles
    FROM (SELECT min(price_cents) AS min_price, coalesce(bool_or(trial_days > 0), false) AS has_trial,
                 coalesce(array_agg(DISTINCT billing_cycle ORDER BY billing_cycle) FILTER (WHERE billing_cycle IS NOT NULL), ARRAY[]::text[]) AS billing_cycles
            FROM plan WHERE product_id = ${productId}::uuid AND status = 'active') s
    WHERE p.id = ${productId}::uuid`);
}

/**
 * Ends a change: stamps `updated_at`, and for a product that was ever published bumps its
 * revision and records CatalogProductUpdatedV1 with the whole listing in the outbox, in this same
 * transaction (transactional outbox: the event leaves if and only if the change commits).
 */
export async function settleChange(
  tx: Tx,
  deps: Pick<CatalogDeps, "outbox" | "clock">,
  productId: string,
): Promise<ProductWithPlans> {
  const now = deps.clock.now();
  const current = await tx.product.findUniqueOrThrow({ where: { id: productId }, select: { everPublished: true } });
  const announce = announcesChanges(current);
  const product = await tx.product.update({
    where: { id: productId },
    data: { updatedAt: now, ...(announce ? { revision: { increment: 1 } } : {}) },
    include: { plans: { orderBy: planOrder } },
  });
  if (announce) {
    const vendor = await tx.vendor.findUniqueOrThrow({ where: { id: product.vendorId } });
    await deps.outbox.add(tx, CatalogProductUpdatedV1, toProductUpdated(product, vendor));
  }
  return product;
}

/**
 * The one shape of every change of a listing: lock it, apply `change` (which says whether it
 * changed anything), settle it (revision + event) when it did, answer the listing as its vendor
 * sees it. A change that changes nothing emits nothing.
 */
export async function changeProduct(
  deps: CatalogDeps,
  target: { productId: string; vendorId?: string },
  change: (tx: Tx, product: ProductWithPlans) => Promise<boolean>,
) {
  return deps.db.transaction(async (tx) => {
    const product = await lockProduct(tx, target.productId, target.vendorId);
    const changed = await change(tx, product);
    if (!changed) return toVendorProduct(product);
    await refreshPlanSummary(tx, product.id);
    return toVendorProduct(await settleChange(tx, deps, product.id));
  });
}
