import { createOnce, uuidv7 } from "@mkt/service-kit";
import type { VendorApplicationInput, VendorKyc } from "@mkt/contracts";
import { Prisma } from "../generated/prisma/client.js";
import type { VendorKycDeps } from "./deps.js";
import { fromIsoDate, loadVendorKyc, recordHistory } from "./vendor-record.js";

/**
 * Saga step vendor-onboarding.1 (docs/sagas/vendor-onboarding.md).
 *
 * Opens a company's application, as a draft (nothing is published until it is submitted).
 * Idempotent on the applicant's key: the same key answers the same vendor, and of two concurrent
 * creations with one key the unique index lets one insert; the other reads the winner's vendor.
 */
export async function createApplication(
  { db, clock }: VendorKycDeps,
  input: VendorApplicationInput,
  idempotencyKey: string,
): Promise<VendorKyc> {
  const replay = async () => {
    const existing = await db.client.vendor.findUnique({ where: { idempotencyKey }, select: { id: true } });
    return existing ? loadVendorKyc(db.client, existing.id) : undefined;
  };
  return createOnce(replay, async () => {
    const vendorId = await db.transaction(async (tx) => {
      const now = clock.now();
      const vendor = await tx.vendor.create({
        data: {
          id: uuidv7(),
          idempotencyKey,
          legalName: input.legalName,
          registrationNumber: input.registrationNumber,
          vatNumber: input.vatNumber,
          registeredAddress: { ...input.registeredAddress },
          legalForm: input.legalForm ?? null,
          shareCapital: input.shareCapital ? { ...input.shareCapital } : Prisma.DbNull,
          contactEmail: input.publicContact.email,
          contactPhone: input.publicContact.phone,
          supportUrl: input.publicContact.supportUrl ?? null,
          status: "draft",
          createdAt: now,
        },
      });
      await tx.kycPerson.createMany({
        data: [
          ...input.representatives.map((p, position) => ({
            id: uuidv7(),
            vendorId: vendor.id,
            kind: "representative",
            position,
            firstName: p.firstName,
            lastName: p.lastName,
            birthDate: fromIsoDate(p.birthDate),
            role: p.role,
          })),
          ...input.beneficialOwners.map((p, position) => ({
            id: uuidv7(),
            vendorId: vendor.id,
            kind: "beneficial-owner",
            position,
            firstName: p.firstName,
            lastName: p.lastName,
            birthDate: fromIsoDate(p.birthDate),
            sharePercent: p.sharePercent,
          })),
        ],
      });
      await recordHistory(tx, vendor.id, now, { kind: "vendor", id: vendor.id }, "applied");
      return vendor.id;
    });
    return loadVendorKyc(db.client, vendorId);
  });
}
