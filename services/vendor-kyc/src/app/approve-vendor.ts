import { ConflictError, NotFoundError } from "@mkt/service-kit";
import { VendorApprovedV1 } from "@mkt/contracts";
import { decide, VendorNotReviewable, type VendorStatus } from "../domain/vendor-review.js";
import type { VendorKycDeps } from "./deps.js";

/**
 * An operator approves a submitted application. The status change and vendor.approved commit
 * together: the catalog learns of the approval if, and only if, it happened.
 */
export async function approveVendor({ db, clock, outbox }: VendorKycDeps, vendorId: string) {
  return db.transaction(async (tx) => {
    const [vendor] = await tx.$queryRaw<{ status: VendorStatus }[]>`SELECT status FROM vendor WHERE id = ${vendorId}::uuid FOR UPDATE`;
    if (!vendor) throw new NotFoundError("Vendor", vendorId);
    let status: VendorStatus;
    try {
      status = decide(vendor.status, "approve");
    } catch (error) {
      if (error instanceof VendorNotReviewable) throw new ConflictError("vendor-not-reviewable", error.message, { status: error.status });
      throw error;
    }
    const approvedAt = clock.now();
    const approved = await tx.vendor.update({ where: { id: vendorId }, data: { status, decidedAt: approvedAt } });
    await outbox.add(tx, VendorApprovedV1, {
      vendorId: approved.id,
      legalName: approved.legalName,
      publicContact: {
        email: approved.contactEmail,
        phone: approved.contactPhone,
        ...(approved.supportUrl ? { supportUrl: approved.supportUrl } : {}),
      },
      approvedAt: approvedAt.toISOString(),
    });
    return approved;
  });
}
