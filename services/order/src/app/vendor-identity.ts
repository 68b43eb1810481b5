import type { VendorSnapshot } from "@mkt/contracts";
import type { DocumentParty } from "../documents/layout.js";

/**
 * The vendor as a document prints it: the snapshot frozen at checkout (legal identity and public
 * contact). Its registration/VAT numbers and address are null for vendors approved before
 * vendor.approved carried them: the documents then say "not provided".
 */
export function vendorParty(vendor: VendorSnapshot): DocumentParty {
  return {
    name: vendor.legalName,
    registrationNumber: vendor.registrationNumber,
    vatNumber: vendor.vatNumber,
    address: vendor.registeredAddress,
    ...(vendor.legalForm ? { legalForm: vendor.legalForm } : {}),
    ...(vendor.shareCapital ? { shareCapital: vendor.shareCapital } : {}),
    email: vendor.publicContact.email,
    phone: vendor.publicContact.phone,
    ...(vendor.publicContact.supportUrl ? { supportUrl: vendor.publicContact.supportUrl } : {}),
  };
}
