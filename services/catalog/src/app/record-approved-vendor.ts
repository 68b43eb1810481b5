import type { EventData, VendorApprovedV1 } from "@mkt/contracts";
import type { TxOf } from "@mkt/service-kit";
import type { Db } from "../db/client.js";

/**
 * Keeps the catalog's copy of an approved vendor. Events can arrive out of order (replays,
 * re-publication): an older approval never overwrites a newer one.
 */
export async function recordApprovedVendor(tx: TxOf<Db>, approval: EventData<typeof VendorApprovedV1>, receivedAt: Date): Promise<void> {
  const approvedAt = new Date(approval.approvedAt);
  const fields = {
    legalName: approval.legalName,
    contactEmail: approval.publicContact.email,
    contactPhone: approval.publicContact.phone,
    supportUrl: approval.publicContact.supportUrl ?? null,
    approvedAt,
    updatedAt: receivedAt,
  };
  await tx.vendor.upsert({ where: { id: approval.vendorId }, create: { id: approval.vendorId, ...fields }, update: {} });
  await tx.vendor.updateMany({ where: { id: approval.vendorId, approvedAt: { lt: approvedAt } }, data: fields });
}
