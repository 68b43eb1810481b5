import { uuidv7 } from "@mkt/service-kit";
import type { PublicContact } from "@mkt/contracts";
import type { VendorKycDeps } from "./deps.js";

export interface VendorApplication {
  legalName: string;
  publicContact: PublicContact;
}

/** Records a company's application; it waits for an operator's review. */
export async function applyAsVendor({ db, clock }: VendorKycDeps, application: VendorApplication) {
  return db.client.vendor.create({
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
}
