import type { CatalogProductUpdatedV1, EventData } from "@mkt/contracts";
import type { Tx } from "./cart-store.js";

/**
 * Keeps the cart's copy of a listing (catalog.product-updated carries the whole listing). Events
 * may arrive out of order (replays, several replicas): only a higher `revision` replaces what the
 * cart holds, atomically (INSERT … ON CONFLICT … WHERE). A plan that left the listing is kept as
 * `retired`, so lines holding it still show their names and are reported unavailable.
 */
export async function recordProduct(tx: Tx, data: EventData<typeof CatalogProductUpdatedV1>): Promise<void> {
  const vendor = JSON.stringify(data.vendor);
  const updatedAt = new Date(data.updatedAt);
  const applied = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO catalog_product (id, vendor_id, revision, status, name, vendor, updated_at)
    VALUES (${data.productId}, ${data.vendorId}, ${data.revision}, ${data.status}, ${data.name}, ${vendor}::jsonb, ${updatedAt})
    ON CONFLICT (id) DO UPDATE SET
      vendor_id = EXCLUDED.vendor_id, revision = EXCLUDED.revision, status = EXCLUDED.status,
      name = EXCLUDED.name, vendor = EXCLUDED.vendor, updated_at = EXCLUDED.updated_at
    WHERE catalog_product.revision < EXCLUDED.revision
    RETURNING id`;
  if (applied.length === 0) return; // an older or equal revision: the cart already knows better

  for (const plan of data.plans) {
    const fields = {
      planFamilyId: plan.planFamilyId,
      version: plan.version,
      name: plan.name,
      billingCycle: plan.billingCycle,
      priceCents: plan.price.amount,
      currency: plan.price.currency,
      commitmentMonths: plan.commitmentMonths,
      trialDays: plan.trialDays,
      status: plan.status,
    };
    await tx.catalogPlan.upsert({
      where: { id: plan.planId },
      create: { id: plan.planId, productId: data.productId, ...fields },
      update: fields,
    });
  }
  await tx.catalogPlan.updateMany({
    where: { productId: data.productId, id: { notIn: data.plans.map((plan) => plan.planId) } },
    data: { status: "retired" },
  });
}
