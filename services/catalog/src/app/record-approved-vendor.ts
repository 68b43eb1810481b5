import type { EventData, VendorApprovedV1 } from "@mkt/contracts";
import type { TxOf } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { Prisma } from "../generated/prisma/client.js";

/**
 * Saga step vendor-onboarding.5 (docs/sagas/vendor-onboarding.md).
 *
 * Keeps the catalog's copy of an approved vendor. Events can arrive out of order (replays,
 * re-publication, a contact update consumed before the approval): an older approval never
 * overwrites a newer contact (`contact_as_of`), and the approval time only moves forward.
 */
export async function recordApprovedVendor(
  tx: TxOf<Db>,
  approval: EventData<typeof VendorApprovedV1>,
  receivedAt: Date,
): Promise<void> {
  const approvedAt = new Date(approval.approvedAt);
  const contact = {
    legalName: approval.legalName,
    contactEmail: approval.publicContact.email,
    contactPhone: approval.publicContact.phone,
    supportUrl: approval.publicContact.supportUrl ?? null,
    contactAsOf: approvedAt,
    updatedAt: receivedAt,
  };
  // The legal identity is fixed at approval (vendor-kyc locks the legal name once approved).
  const identity = {
    registrationNumber: approval.registrationNumber ?? null,
    vatNumber: approval.vatNumber ?? null,
    registeredAddress: approval.registeredAddress ?? Prisma.DbNull,
    legalForm: approval.legalForm ?? null,
    shareCapital: approval.shareCapital ?? Prisma.DbNull,
  };
  await tx.vendor.upsert({
    where: { id: approval.vendorId },
    create: { id: approval.vendorId, approvedAt, ...contact, ...identity },
    update: identity,
  });
  await tx.vendor.updateMany({
    where: { id: approval.vendorId, OR: [{ approvedAt: null }, { approvedAt: { lt: approvedAt } }] },
    data: { approvedAt },
  });
  await tx.vendor.updateMany({ where: { id: approval.vendorId, contactAsOf: { lt: approvedAt } }, data: contact });
}
