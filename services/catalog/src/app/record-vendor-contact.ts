import type { EventData, VendorContactUpdatedV1 } from "@mkt/contracts";
import type { CatalogDeps } from "./deps.js";
import { refreshPlanSummary, settleChange, type Tx } from "./product-store.js";
import { Prisma } from "../generated/prisma/client.js";

/**
 * A vendor changed its legal name or public contact: the catalog's copy follows (an older update
 * never overwrites a newer one) and every listing of the vendor that was ever published is
 * announced again with the new contact (new revision), in the consumer's transaction.
 */
export async function recordVendorContact(
  tx: Tx,
  deps: Pick<CatalogDeps, "outbox" | "clock">,
  update: EventData<typeof VendorContactUpdatedV1>,
): Promise<void> {
  const asOf = new Date(update.updatedAt);
  const contact = {
    legalName: update.legalName,
    contactEmail: update.publicContact.email,
    contactPhone: update.publicContact.phone,
    supportUrl: update.publicContact.supportUrl ?? null,
    contactAsOf: asOf,
    updatedAt: deps.clock.now(),
  };
  const existing = await tx.vendor.findUnique({ where: { id: update.vendorId } });
  if (!existing) {
    // Overtook the approval: keep the contact, not approved until vendor.approved arrives.
    await tx.vendor.create({ data: { id: update.vendorId, approvedAt: null, ...contact } });
    return;
  }
  const changed = await tx.vendor.updateMany({
    where: { id: update.vendorId, contactAsOf: { lt: asOf } },
    data: contact,
  });
  if (changed.count === 0) return;
  const products = await tx.$queryRaw<{ id: string }[]>(
    Prisma.sql`SELECT id FROM product WHERE vendor_id = ${update.vendorId}::uuid AND ever_published ORDER BY id FOR UPDATE`,
  );
  for (const product of products) {
    await refreshPlanSummary(tx, product.id);
    await settleChange(tx, deps, product.id);
  }
}
