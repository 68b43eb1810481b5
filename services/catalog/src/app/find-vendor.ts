import { NotFoundError } from "@mkt/service-kit";
import type { Db } from "../db/client.js";

/** A vendor as buyers see it on a listing: legal name and public contact. */
export async function findVendor(db: Db, vendorId: string) {
  const vendor = await db.vendor.findUnique({ where: { id: vendorId } });
  if (!vendor || !vendor.approvedAt) throw new NotFoundError("Vendor", vendorId);
  return {
    id: vendor.id,
    legalName: vendor.legalName,
    publicContact: {
      email: vendor.contactEmail,
      phone: vendor.contactPhone,
      ...(vendor.supportUrl ? { supportUrl: vendor.supportUrl } : {}),
    },
    approvedAt: vendor.approvedAt.toISOString(),
  };
}
