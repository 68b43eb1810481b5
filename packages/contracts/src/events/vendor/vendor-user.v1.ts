import { z } from "zod";
import { defineEvent } from "../../define-event.js";
import { Id, Timestamp } from "../../common/primitives.js";

/**
 * What a vendor's user (a person who signs in for it) may do, and so which emails it receives:
 * the applicant is the `owner`; `admin` manages users and the KYC file; `sales` and `operations`
 * handle orders; `finance` handles payouts and bank details.
 */
export const VENDOR_USER_ROLES = ["owner", "admin", "sales", "operations", "finance"] as const;
export const VendorUserRole = z.enum(VENDOR_USER_ROLES).meta({ id: "VendorUserRole" });
export type VendorUserRole = z.infer<typeof VendorUserRole>;

// WIRE FORMAT: a vendor's user as notification keeps it (its own recipients), without secrets.
const VendorUserFacts = {
  vendorId: Id,
  userId: Id,
  email: z.email(),
  role: VendorUserRole,
  /** False once the user is deactivated: it no longer receives the vendor's emails. */
  active: z.boolean(),
};

export const VendorUserRegisteredV1 = defineEvent({
  type: "vendor.user-registered",
  version: 1,
  description:
    "A person can now sign in for a vendor (the applicant as owner, or a user the owner or an admin invited), with its role.",
  data: z.object({ ...VendorUserFacts, registeredAt: Timestamp }),
});

export const VendorUserUpdatedV1 = defineEvent({
  type: "vendor.user-updated",
  version: 1,
  description: "A vendor's user changed role or was deactivated; the whole user as it is now.",
  data: z.object({ ...VendorUserFacts, updatedAt: Timestamp }),
});
