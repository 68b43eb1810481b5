import type { VendorUserRole } from "@mkt/contracts";
import type { NotificationIntent, RecipientFacts } from "./notification-rules.js";
import type { TemplateName } from "./templates/index.js";

/**
 * Which of a vendor's users receive each of its emails, by role, besides its public contact (the
 * address buyers see, which always receives them). The owner receives everything; orders go to
 * sales and operations, the KYC file to admins, payouts and bank details to finance.
 */
export const VENDOR_TEMPLATE_ROLES: Partial<Record<TemplateName, readonly VendorUserRole[]>> = {
  "vendor-application-received": ["owner", "admin"],
  "vendor-approved": ["owner", "admin"],
  "vendor-rejected": ["owner", "admin"],
  "vendor-information-requested": ["owner", "admin"],
  "vendor-bank-details-changed": ["owner", "finance"],
  "vendor-bank-details-verified": ["owner", "finance"],
  "vendor-order-received": ["owner", "sales", "operations"],
  "vendor-order-reminder": ["owner", "sales", "operations"],
  // A subscription's money facts go to finance, what changes the service to operations.
  "vendor-subscription-renewed": ["owner", "sales", "finance"],
  "vendor-subscription-renewal-failed": ["owner", "sales", "finance"],
  "vendor-subscription-suspended": ["owner", "sales", "operations", "finance"],
  "vendor-subscription-reactivated": ["owner", "sales", "operations", "finance"],
  "vendor-subscription-cancellation-scheduled": ["owner", "sales"],
  "vendor-subscription-cancellation-undone": ["owner", "sales"],
  "vendor-subscription-ended": ["owner", "sales", "operations"],
  // A withdrawal refunds the buyer and ends the service; a dispute waits for the vendor's answer.
  "vendor-order-withdrawn": ["owner", "sales", "operations", "finance"],
  "vendor-dispute-update": ["owner", "sales", "operations"],
};

/** A vendor's user as notification keeps it. */
export interface KnownVendorUser {
  userId: string;
  email: string;
  role: string;
  active: boolean;
  /** Business time of the user's fact (its address is known as of then); unset: the intent's. */
  asOf?: Date | string;
}

export const vendorUserRecipientKey = (userId: string) => `vendor-user:${userId}`;

/**
 * The intents for a vendor's users that an intent for the vendor's contact implies: one per
 * active user whose role the template names, never twice to one address (an address that is
 * already the contact, or shared by two users, gets one email).
 */
export function vendorUserIntents(intent: NotificationIntent, users: readonly KnownVendorUser[]): NotificationIntent[] {
  const roles = VENDOR_TEMPLATE_ROLES[intent.content.template];
  if (intent.recipient.kind !== "vendor" || !roles) return [];
  const seen = new Set([intent.recipient.email.toLowerCase()]);
  const intents: NotificationIntent[] = [];
  for (const user of users) {
    const address = user.email.toLowerCase();
    if (!user.active || !roles.includes(user.role as VendorUserRole) || seen.has(address)) continue;
    seen.add(address);
    const recipient: RecipientFacts = {
      key: vendorUserRecipientKey(user.userId),
      kind: "vendor",
      email: user.email,
      name: intent.recipient.name,
      // The user's address is as current as the user's own fact, not as the event's snapshot
      // (a subscription's is dated at the beginning of time): a changed address is written to.
      asOf: user.asOf === undefined ? intent.recipient.asOf : new Date(user.asOf).toISOString(),
    };
    intents.push({ ...intent, recipient });
  }
  return intents;
}
