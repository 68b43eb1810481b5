import type { Locale } from "../locale.js";
import type { MailContext, RenderedEmail } from "./email.js";
import { vendorApplicationReceived, type VendorApplicationReceivedFacts } from "./vendor-application-received.js";
import { vendorApproved, type VendorApprovedFacts } from "./vendor-approved.js";
import { vendorRejected, type VendorRejectedFacts } from "./vendor-rejected.js";
import { vendorInformationRequested, type VendorInformationRequestedFacts } from "./vendor-information-requested.js";
import { vendorBankDetailsChanged, type VendorBankDetailsChangedFacts } from "./vendor-bank-details-changed.js";
import { vendorBankDetailsVerified, type VendorBankDetailsVerifiedFacts } from "./vendor-bank-details-verified.js";
import { buyerWelcome, type BuyerWelcomeFacts } from "./buyer-welcome.js";
import { orderConfirmation, type OrderConfirmationFacts } from "./order-confirmation.js";
import { vendorOrderReceived, type VendorOrderReceivedFacts } from "./vendor-order-received.js";
import { vendorOrderReminder, type VendorOrderReminderFacts } from "./vendor-order-reminder.js";
import { orderAccepted, type OrderAcceptedFacts } from "./order-accepted.js";
import { orderRefused, type OrderRefusedFacts } from "./order-refused.js";
import { orderOverdue, type OrderOverdueFacts } from "./order-overdue.js";
import { orderCancelled, type OrderCancelledFacts } from "./order-cancelled.js";
import { orderDelivered, type OrderDeliveredFacts } from "./order-delivered.js";
import { orderWithdrawn, vendorOrderWithdrawn, type OrderWithdrawnFacts } from "./order-withdrawn.js";
import { operationsOrderOverdue, type OperationsOrderOverdueFacts } from "./operations-order-overdue.js";
import { subscriptionTrialStarted, type SubscriptionTrialStartedFacts } from "./subscription-started.js";
import {
  subscriptionRenewed,
  vendorSubscriptionRenewed,
  type SubscriptionRenewedFacts,
} from "./subscription-renewed.js";
import {
  subscriptionRenewalFailed,
  vendorSubscriptionRenewalFailed,
  type SubscriptionRenewalFailedFacts,
} from "./subscription-renewal-failed.js";
import {
  subscriptionSuspended,
  vendorSubscriptionSuspended,
  type SubscriptionSuspendedFacts,
} from "./subscription-suspended.js";
import {
  subscriptionReactivated,
  vendorSubscriptionReactivated,
  type SubscriptionReactivatedFacts,
} from "./subscription-reactivated.js";
import {
  subscriptionCancellationScheduled,
  subscriptionCancellationUndone,
  vendorSubscriptionCancellationScheduled,
  vendorSubscriptionCancellationUndone,
  type SubscriptionCancellationScheduledFacts,
  type SubscriptionCancellationUndoneFacts,
} from "./subscription-cancellation.js";
import { subscriptionEnded, vendorSubscriptionEnded, type SubscriptionEndedFacts } from "./subscription-ended.js";
import {
  buyerDisputeUpdate,
  operationsDisputeUpdate,
  vendorDisputeUpdate,
  type DisputeUpdateFacts,
} from "./dispute-update.js";
import { subscriptionRenewalReminder, type SubscriptionRenewalReminderFacts } from "./subscription-reminder-due.js";

export type { MailContext, RenderedEmail } from "./email.js";

/**
 * Every email the marketplace sends, by template name. STORED NAMES: a template's name is kept
 * on each notification row (and is part of its uniqueness), so renaming one needs a migration.
 */
export interface TemplateFacts {
  "vendor-application-received": VendorApplicationReceivedFacts;
  "vendor-approved": VendorApprovedFacts;
  "vendor-rejected": VendorRejectedFacts;
  "vendor-information-requested": VendorInformationRequestedFacts;
  "vendor-bank-details-changed": VendorBankDetailsChangedFacts;
  "vendor-bank-details-verified": VendorBankDetailsVerifiedFacts;
  "buyer-welcome": BuyerWelcomeFacts;
  "order-confirmation": OrderConfirmationFacts;
  "vendor-order-received": VendorOrderReceivedFacts;
  "vendor-order-reminder": VendorOrderReminderFacts;
  "order-accepted": OrderAcceptedFacts;
  "order-refused": OrderRefusedFacts;
  "order-overdue": OrderOverdueFacts;
  "order-cancelled": OrderCancelledFacts;
  "order-delivered": OrderDeliveredFacts;
  "operations-order-overdue": OperationsOrderOverdueFacts;
  "subscription-trial-started": SubscriptionTrialStartedFacts;
  "subscription-renewed": SubscriptionRenewedFacts;
  "vendor-subscription-renewed": SubscriptionRenewedFacts;
  "subscription-renewal-failed": SubscriptionRenewalFailedFacts;
  "vendor-subscription-renewal-failed": SubscriptionRenewalFailedFacts;
  "subscription-suspended": SubscriptionSuspendedFacts;
  "vendor-subscription-suspended": SubscriptionSuspendedFacts;
  "subscription-reactivated": SubscriptionReactivatedFacts;
  "vendor-subscription-reactivated": SubscriptionReactivatedFacts;
  "subscription-cancellation-scheduled": SubscriptionCancellationScheduledFacts;
  "vendor-subscription-cancellation-scheduled": SubscriptionCancellationScheduledFacts;
  "subscription-cancellation-undone": SubscriptionCancellationUndoneFacts;
  "vendor-subscription-cancellation-undone": SubscriptionCancellationUndoneFacts;
  "subscription-ended": SubscriptionEndedFacts;
  "vendor-subscription-ended": SubscriptionEndedFacts;
  "subscription-renewal-reminder": SubscriptionRenewalReminderFacts;
  "order-withdrawn": OrderWithdrawnFacts;
  "vendor-order-withdrawn": OrderWithdrawnFacts;
  "buyer-dispute-update": DisputeUpdateFacts;
  "vendor-dispute-update": DisputeUpdateFacts;
  "operations-dispute-update": DisputeUpdateFacts;
}
export type TemplateName = keyof TemplateFacts;

const templates: {
  [N in TemplateName]: (facts: TemplateFacts[N], locale: Locale, context: MailContext) => RenderedEmail;
} = {
  "vendor-application-received": vendorApplicationReceived,
  "vendor-approved": vendorApproved,
  "vendor-rejected": vendorRejected,
  "vendor-information-requested": vendorInformationRequested,
  "vendor-bank-details-changed": vendorBankDetailsChanged,
  "vendor-bank-details-verified": vendorBankDetailsVerified,
  "buyer-welcome": buyerWelcome,
  "order-confirmation": orderConfirmation,
  "vendor-order-received": vendorOrderReceived,
  "vendor-order-reminder": vendorOrderReminder,
  "order-accepted": orderAccepted,
  "order-refused": orderRefused,
  "order-overdue": orderOverdue,
  "order-cancelled": orderCancelled,
  "order-delivered": orderDelivered,
  "operations-order-overdue": operationsOrderOverdue,
  "subscription-trial-started": subscriptionTrialStarted,
  "subscription-renewed": subscriptionRenewed,
  "vendor-subscription-renewed": vendorSubscriptionRenewed,
  "subscription-renewal-failed": subscriptionRenewalFailed,
  "vendor-subscription-renewal-failed": vendorSubscriptionRenewalFailed,
  "subscription-suspended": subscriptionSuspended,
  "vendor-subscription-suspended": vendorSubscriptionSuspended,
  "subscription-reactivated": subscriptionReactivated,
  "vendor-subscription-reactivated": vendorSubscriptionReactivated,
  "subscription-cancellation-scheduled": subscriptionCancellationScheduled,
  "vendor-subscription-cancellation-scheduled": vendorSubscriptionCancellationScheduled,
  "subscription-cancellation-undone": subscriptionCancellationUndone,
  "vendor-subscription-cancellation-undone": vendorSubscriptionCancellationUndone,
  "subscription-ended": subscriptionEnded,
  "vendor-subscription-ended": vendorSubscriptionEnded,
  "subscription-renewal-reminder": subscriptionRenewalReminder,
  "order-withdrawn": orderWithdrawn,
  "vendor-order-withdrawn": vendorOrderWithdrawn,
  "buyer-dispute-update": buyerDisputeUpdate,
  "vendor-dispute-update": vendorDisputeUpdate,
  "operations-dispute-update": operationsDisputeUpdate,
};

export const TEMPLATE_NAMES = Object.keys(templates) as TemplateName[];

/** A template with its facts: what the rules decide, before the language is known. */
export type EmailContent = { [N in TemplateName]: { template: N; facts: TemplateFacts[N] } }[TemplateName];

export function renderEmail(content: EmailContent, locale: Locale, context: MailContext): RenderedEmail {
  const render = templates[content.template] as (
    facts: EmailContent["facts"],
    locale: Locale,
    context: MailContext,
  ) => RenderedEmail;
  return render(content.facts, locale, context);
}
