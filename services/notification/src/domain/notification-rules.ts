import type { BuyerProfileUpdatedV1, BuyerRegisteredV1, EventData, VendorApplicationSubmittedV1, VendorApprovedV1 } from "@mkt/contracts";
import type { Locale } from "./locale.js";
import type { EmailContent } from "./templates/index.js";

/** The events that notify someone, with their data as the contracts define it. */
export type NotifiableEvent =
  | { type: "vendor.application-submitted"; data: EventData<typeof VendorApplicationSubmittedV1> }
  | { type: "vendor.approved"; data: EventData<typeof VendorApprovedV1> }
  | { type: "buyer.registered"; data: EventData<typeof BuyerRegisteredV1> };

/** Who a notification goes to, as the event tells it (kept in the recipient projection). */
export interface RecipientFacts {
  /** `<kind>:<id>`: stable across events, the key of the history route. */
  key: string;
  kind: "vendor" | "buyer";
  email: string;
  name: string;
  /** The recipient's language when the event tells it (buyers choose theirs); unset: kept as it is. */
  locale?: Locale;
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

export function buyerRecipientKey(buyerId: string): string {
  return `buyer:${buyerId}`;
}

/** A buyer as buyer.registered and buyer.profile-updated carry it, at the business time `asOf`. */
export function buyerRecipient(buyer: EventData<typeof BuyerProfileUpdatedV1> | EventData<typeof BuyerRegisteredV1>, asOf: string): RecipientFacts {
  const name = buyer.kind === "company" ? buyer.legalName : buyer.name;
  return { key: buyerRecipientKey(buyer.buyerId), kind: "buyer", email: buyer.email, name, locale: buyer.locale, asOf };
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
    case "buyer.registered": {
      const recipient = buyerRecipient(event.data, event.data.registeredAt);
      return [{ recipient, channel: "email", content: { template: "buyer-welcome", facts: { name: recipient.name, kind: event.data.kind, email: event.data.email } } }];
    }
  }
}
