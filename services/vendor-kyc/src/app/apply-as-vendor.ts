import { uuidv7 } from "@mkt/service-kit";
import { VendorApplicationSubmittedV1, type PublicContact } from "@mkt/contracts";
import type { VendorKycDeps } from "./deps.js";

export interface VendorApplication {
  legalName: string;
  publicContact: PublicContact;
}

/**
 * Records a company's application; it waits for an operator's review. The application and
 * vendor.application-submitted commit together: the applicant is told it arrived if, and only
 * if, it did.
 */
export async function applyAsVendor({ db, clock, outbox }: VendorKycDeps, application: VendorApplication) {
  return db.transaction(async (tx) => {
    const vendor = await tx.vendor.create({
      data: {
        id: uuidv7(),
        legalName: application.legalName,
        contactEmail: application.publicContact.email,
        contactPhone: application.publicContact.phone,
        supportUrl: application.publicContact.supportUrl ?? null,
        status: "submitted",
        submittedAt: clock.now(),
      },
    });
    await outbox.add(tx, VendorApplicationSubmittedV1, {
      vendorId: vendor.id,
      legalName: vendor.legalName,
      publicContact: {
        email: vendor.contactEmail,
        phone: vendor.contactPhone,
        ...(vendor.supportUrl ? { supportUrl: vendor.supportUrl } : {}),
      },
      submittedAt: vendor.submittedAt.toISOString(),
    });
    return vendor;
  });
}
