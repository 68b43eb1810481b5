import type {
  BuyerProfileUpdatedV1,
  DisputeAnsweredV1,
  DisputeMessageAddedV1,
  DisputeOpenedV1,
  DisputeResolvedV1,
  BuyerRegisteredV1,
  EventData,
  OrderAcceptedV1,
  OrderCancelledV1,
  OrderDeliveredV1,
  OrderFacts,
  OrderOverdueV1,
  OrderRefusedV1,
  OrderTransmittedV1,
  OrderValidationReminderV1,
  OrderWithdrawnV1,
  SubscriptionCancellationScheduledV1,
  SubscriptionCancellationUndoneV1,
  SubscriptionEndedV1,
  SubscriptionFacts,
  SubscriptionReactivatedV1,
  SubscriptionReminderDueV1,
  SubscriptionRenewalFailedV1,
  SubscriptionRenewedV1,
  SubscriptionStartedV1,
  SubscriptionSuspendedV1,
  VendorApplicationSubmittedV1,
  VendorApprovedV1,
  VendorBankDetailsChangedV1,
  VendorBankDetailsVerifiedV1,
  VendorContactUpdatedV1,
  VendorInformationRequestedV1,
  VendorRejectedV1,
} from "@mkt/contracts";
import type { Locale } from "./locale.js";
import type { EmailContent } from "./templates/index.js";
import type { DisputeUpdateFacts } from "./templates/dispute-update.js";

/** The events that notify someone, with their data as the contracts define it. */
export type NotifiableEvent =
  | { type: "vendor.application-submitted"; data: EventData<typeof VendorApplicationSubmittedV1> }
  | { type: "vendor.approved"; data: EventData<typeof VendorApprovedV1> }
  | { type: "vendor.rejected"; data: EventData<typeof VendorRejectedV1> }
  | { type: "vendor.information-requested"; data: EventData<typeof VendorInformationRequestedV1> }
  | { type: "vendor.bank-details-changed"; data: EventData<typeof VendorBankDetailsChangedV1> }
  | { type: "vendor.bank-details-verified"; data: EventData<typeof VendorBankDetailsVerifiedV1> }
  | { type: "buyer.registered"; data: EventData<typeof BuyerRegisteredV1> }
  | { type: "order.transmitted"; data: EventData<typeof OrderTransmittedV1> }
  | { type: "order.validation-reminder"; data: EventData<typeof OrderValidationReminderV1> }
  | { type: "order.accepted"; data: EventData<typeof OrderAcceptedV1> }
  | { type: "order.refused"; data: EventData<typeof OrderRefusedV1> }
  /** `operationsEmail`: where operators are told (a setting, OPERATIONS_EMAIL). */
  | { type: "order.overdue"; data: EventData<typeof OrderOverdueV1>; operationsEmail: string }
  | { type: "order.cancelled"; data: EventData<typeof OrderCancelledV1> }
  | { type: "order.delivered"; data: EventData<typeof OrderDeliveredV1> }
  | { type: "order.withdrawn"; data: EventData<typeof OrderWithdrawnV1> }
  | SubscriptionNotifiableEvent
  | DisputeNotifiableEvent;

/** A dispute's steps (issue 12); `operationsEmail`: where operators, who mediate, are told. */
export type DisputeNotifiableEvent =
  | { type: "dispute.opened"; data: EventData<typeof DisputeOpenedV1>; operationsEmail: string }
  | { type: "dispute.message-added"; data: EventData<typeof DisputeMessageAddedV1>; operationsEmail: string }
  | { type: "dispute.answered"; data: EventData<typeof DisputeAnsweredV1>; operationsEmail: string }
  | { type: "dispute.resolved"; data: EventData<typeof DisputeResolvedV1>; operationsEmail: string };

/**
 * The subscription events (docs/business-rules.md, Renewal): each carries the whole subscription with its buyer and
 * vendor.
 */
export type SubscriptionNotifiableEvent =
  | { type: "subscription.started"; data: EventData<typeof SubscriptionStartedV1> }
  | { type: "subscription.renewed"; data: EventData<typeof SubscriptionRenewedV1> }
  | { type: "subscription.renewal-failed"; data: EventData<typeof SubscriptionRenewalFailedV1> }
  | { type: "subscription.suspended"; data: EventData<typeof SubscriptionSuspendedV1> }
  | { type: "subscription.reactivated"; data: EventData<typeof SubscriptionReactivatedV1> }
  | { type: "subscription.cancellation-scheduled"; data: EventData<typeof SubscriptionCancellationScheduledV1> }
  | { type: "subscription.cancellation-undone"; data: EventData<typeof SubscriptionCancellationUndoneV1> }
  | { type: "subscription.ended"; data: EventData<typeof SubscriptionEndedV1> }
  | { type: "subscription.reminder-due"; data: EventData<typeof SubscriptionReminderDueV1> };

/** Who a notification goes to, as the event tells it (kept in the recipient projection). */
export interface RecipientFacts {
  /** `<kind>:<id>`: stable across events, the key of the history route. */
  key: string;
  kind: "vendor" | "buyer" | "operator";
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

/**
 * A vendor as every vendor event carries it: its legal name and the public contact email it gave,
 * which is where its emails go (vendors cannot choose a language yet: none is told).
 */
export function vendorRecipient(
  vendor: {
    vendorId: string;
    legalName: string;
    publicContact: EventData<typeof VendorContactUpdatedV1>["publicContact"];
  },
  asOf: string,
): RecipientFacts {
  return {
    key: vendorRecipientKey(vendor.vendorId),
    kind: "vendor",
    email: vendor.publicContact.email,
    name: vendor.legalName,
    asOf,
  };
}

/** A buyer as buyer.registered and buyer.profile-updated carry it, at the business time `asOf`. */
export function buyerRecipient(
  buyer: EventData<typeof BuyerProfileUpdatedV1> | EventData<typeof BuyerRegisteredV1>,
  asOf: string,
): RecipientFacts {
  const name = buyer.kind === "company" ? buyer.legalName : buyer.name;
  return { key: buyerRecipientKey(buyer.buyerId), kind: "buyer", email: buyer.email, name, locale: buyer.locale, asOf };
}

/** The operators' shared mailbox (OPERATIONS_EMAIL): one recipient, whatever the address becomes. */
export const OPERATIONS_RECIPIENT_KEY = "operator:operations";

/**
 * The buyer of an order, as its checkout froze it. Its business time is the order's transmission
 * (the snapshot is from then): an address or language the buyer chose since, known from
 * buyer.profile-updated, wins — the email goes out in the buyer's language of today.
 */
export function orderBuyerRecipient(order: OrderFacts): RecipientFacts {
  const { buyer } = order;
  return {
    key: buyerRecipientKey(buyer.buyerId),
    kind: "buyer",
    email: buyer.email,
    name: buyer.name,
    locale: buyer.locale,
    asOf: order.transmittedAt,
  };
}

/** The vendor of an order, at its public contact as the checkout froze it (a newer contact wins). */
export function orderVendorRecipient(order: OrderFacts): RecipientFacts {
  return vendorRecipient(
    { vendorId: order.vendor.vendorId, legalName: order.vendor.legalName, publicContact: order.vendor.publicContact },
    order.transmittedAt,
  );
}

/**
 * The buyer and vendor snapshots a subscription carries were frozen at the order's checkout and
 * never change: they are dated at the beginning of time, so they only ever create a recipient
 * this service never heard of. What it already knows (from the order's events, or newer:
 * buyer.profile-updated, vendor.contact-updated) wins, and the email goes out in the language and
 * to the address the buyer chose last.
 */
export const SUBSCRIPTION_SNAPSHOT_AS_OF = "1970-01-01T00:00:00.000Z";

/** The buyer of a subscription, as its order's checkout froze it (what is known since wins). */
export function subscriptionBuyerRecipient(subscription: SubscriptionFacts): RecipientFacts {
  const { buyer } = subscription;
  return {
    key: buyerRecipientKey(buyer.buyerId),
    kind: "buyer",
    email: buyer.email,
    name: buyer.name,
    locale: buyer.locale,
    asOf: SUBSCRIPTION_SNAPSHOT_AS_OF,
  };
}

/** The vendor of a subscription, at its public contact as the checkout froze it (a newer contact wins). */
export function subscriptionVendorRecipient(subscription: SubscriptionFacts): RecipientFacts {
  const { vendor } = subscription;
  return vendorRecipient(
    { vendorId: vendor.vendorId, legalName: vendor.legalName, publicContact: vendor.publicContact },
    SUBSCRIPTION_SNAPSHOT_AS_OF,
  );
}

/**
 * Who hears of each fact of a subscription's life: the buyer of every one (a start only when it
 * is a trial: the order's acceptance already told the rest), the vendor of every one but its
 * start (told by the order) and the yearly reminder (the buyer's alone).
 */
export function subscriptionNotificationsFor(event: SubscriptionNotifiableEvent): NotificationIntent[] {
  const { subscription } = event.data;
  const toBuyer = (content: EmailContent): NotificationIntent => ({
    recipient: subscriptionBuyerRecipient(subscription),
    channel: "email",
    content,
  });
  const toVendor = (content: EmailContent): NotificationIntent => ({
    recipient: subscriptionVendorRecipient(subscription),
    channel: "email",
    content,
  });
  switch (event.type) {
    case "subscription.started":
      return event.data.trialEndsOn === null
        ? []
        : [toBuyer({ template: "subscription-trial-started", facts: event.data })];
    case "subscription.renewed":
      return [
        toBuyer({ template: "subscription-renewed", facts: event.data }),
        toVendor({ template: "vendor-subscription-renewed", facts: event.data }),
      ];
    case "subscription.renewal-failed":
      return [
        toBuyer({ template: "subscription-renewal-failed", facts: event.data }),
        toVendor({ template: "vendor-subscription-renewal-failed", facts: event.data }),
      ];
    case "subscription.suspended":
      return [
        toBuyer({ template: "subscription-suspended", facts: event.data }),
        toVendor({ template: "vendor-subscription-suspended", facts: event.data }),
      ];
    case "subscription.reactivated":
      return [
        toBuyer({ template: "subscription-reactivated", facts: event.data }),
        toVendor({ template: "vendor-subscription-reactivated", facts: event.data }),
      ];
    case "subscription.cancellation-scheduled":
      return [
        toBuyer({ template: "subscription-cancellation-scheduled", facts: event.data }),
        toVendor({ template: "vendor-subscription-cancellation-scheduled", facts: event.data }),
      ];
    case "subscription.cancellation-undone":
      return [
        toBuyer({ template: "subscription-cancellation-undone", facts: event.data }),
        toVendor({ template: "vendor-subscription-cancellation-undone", facts: event.data }),
      ];
    case "subscription.ended":
      return [
        toBuyer({ template: "subscription-ended", facts: event.data }),
        toVendor({ template: "vendor-subscription-ended", facts: event.data }),
      ];
    case "subscription.reminder-due":
      return [toBuyer({ template: "subscription-renewal-reminder", facts: event.data })];
  }
}

/**
 * Who hears of each step of a dispute: operations of every one (they mediate); the vendor when the
 * buyer opens or adds to it and of the resolution; the buyer when it opens it (a receipt), when the
 * vendor answers and of the resolution (with the refund).
 */
export function disputeNotificationsFor(event: DisputeNotifiableEvent): NotificationIntent[] {
  const { dispute } = event.data;
  const step = event.type.slice("dispute.".length) as DisputeUpdateFacts["step"];
  const facts: DisputeUpdateFacts =
    event.type === "dispute.resolved"
      ? {
          step,
          dispute,
          message: null,
          attachments: [],
          resolution: event.data.resolution,
          refund: event.data.refund?.amount ?? null,
          reason: event.data.reason,
        }
      : { step, dispute, message: event.data.message, attachments: event.data.attachments };
  const asOf = event.type === "dispute.opened" ? dispute.openedAt : dispute.order.transmittedAt;
  const operations: RecipientFacts = {
    key: OPERATIONS_RECIPIENT_KEY,
    kind: "operator",
    email: event.operationsEmail,
    name: "Operations",
    asOf,
  };
  const toBuyer: NotificationIntent = {
    recipient: orderBuyerRecipient(dispute.order),
    channel: "email",
    content: { template: "buyer-dispute-update", facts },
  };
  const toVendor: NotificationIntent = {
    recipient: orderVendorRecipient(dispute.order),
    channel: "email",
    content: { template: "vendor-dispute-update", facts },
  };
  const toOperations: NotificationIntent = {
    recipient: operations,
    channel: "email",
    content: { template: "operations-dispute-update", facts },
  };
  switch (event.type) {
    case "dispute.opened":
    case "dispute.resolved":
      return [toBuyer, toVendor, toOperations];
    case "dispute.message-added":
      return [toVendor, toOperations];
    case "dispute.answered":
      return [toBuyer, toOperations];
  }
}

/** Which events notify whom, and with what: the notification rules of the marketplace. */
export function notificationsFor(event: NotifiableEvent): NotificationIntent[] {
  switch (event.type) {
    case "vendor.application-submitted": {
      const { legalName, publicContact, submittedAt } = event.data;
      return [
        {
          recipient: vendorRecipient(event.data, submittedAt),
          channel: "email",
          content: {
            template: "vendor-application-received",
            facts: { legalName, contact: publicContact, submittedAt },
          },
        },
      ];
    }
    case "vendor.approved": {
      const { legalName, publicContact, approvedAt } = event.data;
      return [
        {
          recipient: vendorRecipient(event.data, approvedAt),
          channel: "email",
          content: { template: "vendor-approved", facts: { legalName, contact: publicContact, approvedAt } },
        },
      ];
    }
    case "vendor.rejected": {
      const { legalName, reason, rejectedAt } = event.data;
      return [
        {
          recipient: vendorRecipient(event.data, rejectedAt),
          channel: "email",
          content: { template: "vendor-rejected", facts: { legalName, reason, rejectedAt } },
        },
      ];
    }
    case "vendor.information-requested": {
      const { legalName, publicContact, message, requestedAt } = event.data;
      return [
        {
          recipient: vendorRecipient(event.data, requestedAt),
          channel: "email",
          content: {
            template: "vendor-information-requested",
            facts: { legalName, contact: publicContact, message, requestedAt },
          },
        },
      ];
    }
    // The bank-details events carry the full IBAN (for payout): only its last 4 characters and the
    // holder's name go into an email.
    case "vendor.bank-details-changed": {
      const { legalName, bankAccount, changedAt } = event.data;
      return [
        {
          recipient: vendorRecipient(event.data, changedAt),
          channel: "email",
          content: {
            template: "vendor-bank-details-changed",
            facts: { legalName, holderName: bankAccount.holderName, ibanLast4: bankAccount.ibanLast4, changedAt },
          },
        },
      ];
    }
    case "vendor.bank-details-verified": {
      // Only the re-verification of changed details lifts a hold and is news to the vendor; the
      // approval's (its `reason`, or no reason from a producer older than the field) is already
      // told by the approval email.
      if (event.data.reason !== "bank-details-change") return [];
      const { legalName, bankAccount, verifiedAt } = event.data;
      return [
        {
          recipient: vendorRecipient(event.data, verifiedAt),
          channel: "email",
          content: {
            template: "vendor-bank-details-verified",
            facts: { legalName, holderName: bankAccount.holderName, ibanLast4: bankAccount.ibanLast4, verifiedAt },
          },
        },
      ];
    }
    case "buyer.registered": {
      const recipient = buyerRecipient(event.data, event.data.registeredAt);
      return [
        {
          recipient,
          channel: "email",
          content: {
            template: "buyer-welcome",
            facts: { name: recipient.name, kind: event.data.kind, email: event.data.email },
          },
        },
      ];
    }
    // Orders (docs/business-rules.md, Ordering): every order event carries the whole order.
    case "order.transmitted": {
      const { order, purchaseOrderNumber } = event.data;
      return [
        {
          recipient: orderBuyerRecipient(order),
          channel: "email",
          content: { template: "order-confirmation", facts: { order, purchaseOrderNumber } },
        },
        {
          recipient: orderVendorRecipient(order),
          channel: "email",
          content: { template: "vendor-order-received", facts: { order, purchaseOrderNumber } },
        },
      ];
    }
    case "order.validation-reminder":
      return [
        {
          recipient: orderVendorRecipient(event.data.order),
          channel: "email",
          content: { template: "vendor-order-reminder", facts: { order: event.data.order } },
        },
      ];
    case "order.accepted": {
      const { order, acceptedAt } = event.data;
      return [
        {
          recipient: orderBuyerRecipient(order),
          channel: "email",
          content: { template: "order-accepted", facts: { order, acceptedAt } },
        },
      ];
    }
    case "order.refused": {
      const { order, reason, refusedAt } = event.data;
      return [
        {
          recipient: orderBuyerRecipient(order),
          channel: "email",
          content: { template: "order-refused", facts: { order, reason, refusedAt } },
        },
      ];
    }
    case "order.overdue": {
      const { order, overdueAt } = event.data;
      const operations: RecipientFacts = {
        key: OPERATIONS_RECIPIENT_KEY,
        kind: "operator",
        email: event.operationsEmail,
        name: "Operations",
        asOf: overdueAt,
      };
      return [
        {
          recipient: orderBuyerRecipient(order),
          channel: "email",
          content: { template: "order-overdue", facts: { order } },
        },
        {
          recipient: operations,
          channel: "email",
          content: { template: "operations-order-overdue", facts: { order } },
        },
      ];
    }
    case "order.cancelled": {
      const { order, reason, cancelledAt } = event.data;
      return [
        {
          recipient: orderBuyerRecipient(order),
          channel: "email",
          content: { template: "order-cancelled", facts: { order, reason, cancelledAt } },
        },
      ];
    }
    case "order.delivered": {
      const { order, delivery, invoiceNumber, deliveredAt } = event.data;
      return [
        {
          recipient: orderBuyerRecipient(order),
          channel: "email",
          content: { template: "order-delivered", facts: { order, delivery, invoiceNumber, deliveredAt } },
        },
      ];
    }
    case "order.withdrawn": {
      // The buyer's confirmation with its refund; the vendor is told (its webhooks too).
      const { order, money, refund, withdrawnAt } = event.data;
      const facts = { order, money, refund, withdrawnAt };
      return [
        { recipient: orderBuyerRecipient(order), channel: "email", content: { template: "order-withdrawn", facts } },
        {
          recipient: orderVendorRecipient(order),
          channel: "email",
          content: { template: "vendor-order-withdrawn", facts },
        },
      ];
    }
    case "subscription.started":
    case "subscription.renewed":
    case "subscription.renewal-failed":
    case "subscription.suspended":
    case "subscription.reactivated":
    case "subscription.cancellation-scheduled":
    case "subscription.cancellation-undone":
    case "subscription.ended":
    case "subscription.reminder-due":
      return subscriptionNotificationsFor(event);
    case "dispute.opened":
    case "dispute.message-added":
    case "dispute.answered":
    case "dispute.resolved":
      return disputeNotificationsFor(event);
  }
}
