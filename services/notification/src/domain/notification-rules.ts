import type { EventData, VendorApplicationSubmittedV1, VendorApprovedV1 } from "@mkt/contracts";
import type { EmailContent } from "./templates/index.js";

/** The events that notify someone, with their data as the contracts define it. */
export type NotifiableEvent =
  | { type: "vendor.application-submitted"; data: EventData<typeof VendorApplicationSubmittedV1> }
  | { type: "vendor.approved"; data: EventData<typeof VendorApprovedV1> };

/** Who a notification goes to, as the event tells it (kept in the recipient projection). */
export interface RecipientFacts {
  /** `<kind>:<id>`: stable across events, the key of the history route. */
  key: string;
  kind: "vendor";
  email: string;
  name: string;
  /** Business time of the fact (ISO 8601): a newer fact wins over an older one delivered later. */
  asOf: string;
}

/** One email to send because of one event; the language is the recipient's, known later. */
export interface NotificationIntent {
  recipient: RecipientFacts;
  channel: "email";
  content: EmailContent;
}

export function vendorRecipientKey(vendorId: string): string {
  return `vendor:${vendorId}`;
}

/** Which events notify whom, and with what: the notification rules of the marketplace. */
export function notificationsFor(event: NotifiableEvent): NotificationIntent[] {
  switch (event.type) {
    case "vendor.application-submitted": {
      const { vendorId, legalName, publicContact, submittedAt } = event.data;
      return [
        {
          recipient: { key: vendorRecipientKey(vendorId), kind: "vendor", email: publicContact.email, name: legalName, asOf: submittedAt },
          channel: "email",
          content: { template: "vendor-application-received", facts: { legalName, contact: publicContact, submittedAt } },
        },
      ];
    }
    case "vendor.approved": {
      const { vendorId, legalName, publicContact, approvedAt } = event.data;
      return [
        {
          recipient: { key: vendorRecipientKey(vendorId), kind: "vendor", email: publicContact.email, name: legalName, asOf: approvedAt },
          channel: "email",
          content: { template: "vendor-approved", facts: { legalName, contact: publicContact, approvedAt } },
        },
      ];
    }
  }
}
