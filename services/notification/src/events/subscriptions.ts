import type { RecordNotificationsDeps } from "../app/record-notifications.js";
import { onVendorApplicationSubmitted } from "./on-vendor-application-submitted.js";
import { onVendorApproved } from "./on-vendor-approved.js";
import { onVendorRejected } from "./on-vendor-rejected.js";
import { onVendorInformationRequested } from "./on-vendor-information-requested.js";
import { onVendorBankDetailsChanged } from "./on-vendor-bank-details-changed.js";
import { onVendorBankDetailsVerified } from "./on-vendor-bank-details-verified.js";
import { onVendorContactUpdated } from "./on-vendor-contact-updated.js";
import { onVendorUserRegistered, onVendorUserUpdated } from "./on-vendor-user.js";
import { onBuyerRegistered } from "./on-buyer-registered.js";
import { onBuyerProfileUpdated } from "./on-buyer-profile-updated.js";
import { onOrderTransmitted } from "./on-order-transmitted.js";
import { onOrderValidationReminder } from "./on-order-validation-reminder.js";
import { onOrderAccepted } from "./on-order-accepted.js";
import { onOrderRefused } from "./on-order-refused.js";
import { onOrderOverdue } from "./on-order-overdue.js";
import { onOrderCancelled } from "./on-order-cancelled.js";
import { onOrderDelivered } from "./on-order-delivered.js";
import type { RecordWebhookDeliveriesDeps } from "../app/record-webhook-deliveries.js";
import { webhookSubscriptions } from "./webhook-subscriptions.js";

/** Everything the notification service listens to. */
export const subscriptions = (
  deps: RecordNotificationsDeps & { operationsEmail: string; webhooks?: RecordWebhookDeliveriesDeps },
) => [
  onVendorApplicationSubmitted(deps),
  onVendorApproved(deps),
  onVendorRejected(deps),
  onVendorInformationRequested(deps),
  onVendorBankDetailsChanged(deps),
  onVendorBankDetailsVerified(deps),
  onVendorContactUpdated(deps),
  onVendorUserRegistered(deps),
  onVendorUserUpdated(deps),
  onBuyerRegistered(deps),
  onBuyerProfileUpdated(deps),
  onOrderTransmitted(deps),
  onOrderValidationReminder(deps),
  onOrderAccepted(deps),
  onOrderRefused(deps),
  onOrderOverdue(deps),
  onOrderCancelled(deps),
  onOrderDelivered(deps),
  // Vendors' webhook endpoints (their own durables and inbox).
  ...(deps.webhooks ? webhookSubscriptions(deps.webhooks) : []),
];
