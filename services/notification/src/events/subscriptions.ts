import {
  BuyerProfileUpdatedV1,
  BuyerRegisteredV1,
  DisputeAnsweredV1,
  DisputeMessageAddedV1,
  DisputeOpenedV1,
  DisputeResolvedV1,
  OrderAcceptedV1,
  OrderCancelledV1,
  OrderDeliveredV1,
  OrderOverdueV1,
  OrderRefusedV1,
  OrderTransmittedV1,
  OrderValidationReminderV1,
  OrderWithdrawnV1,
  SubscriptionCancellationScheduledV1,
  SubscriptionCancellationUndoneV1,
  SubscriptionEndedV1,
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
  VendorUserRegisteredV1,
  VendorUserUpdatedV1,
} from "@mkt/contracts";
import { consume, type ConsumerSpec, type TxOf } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import {
  buyerRecipient,
  notificationsFor,
  vendorRecipient,
  type NotifiableEvent,
} from "../domain/notification-rules.js";
import { keepRecipient, recordNotifications, type RecordNotificationsDeps } from "../app/record-notifications.js";
import { recordVendorUser } from "../app/record-vendor-user.js";
import type { RecordWebhookDeliveriesDeps } from "../app/record-webhook-deliveries.js";
import { webhookRecorder } from "./webhook-subscriptions.js";

// Everything the notification service listens to. Each handler runs in the inbox's transaction: one
// effect per event however often it is delivered. Durables: notification--<event>-v1 (WIRE NAMES).
// A vendor, order or subscription event also goes to the vendor's webhook endpoints, in the same handler
// (webhook-subscriptions.ts): one consumer per event for emails and webhooks.

type Deps = RecordNotificationsDeps & { operationsEmail: string; webhooks?: RecordWebhookDeliveriesDeps };

export const subscriptions = (deps: Deps): ConsumerSpec<Db>[] => {
  // The emails an event means (domain/notification-rules.ts), queued for delivery with the event's inbox row.
  const send = async (tx: TxOf<Db>, eventId: string, event: NotifiableEvent): Promise<void> => {
    await recordNotifications(tx, eventId, notificationsFor(event), deps);
  };
  const webhooks = webhookRecorder(deps.webhooks);

  return [
    // Saga step vendor-onboarding.6 (docs/sagas/vendor-onboarding.md): the applicant hears of each decision.
    consume<typeof VendorApplicationSubmittedV1, Db>(VendorApplicationSubmittedV1, async (event, tx) => {
      await send(tx, event.id, { type: "vendor.application-submitted", data: event.data });
      await webhooks(tx, event.data.vendorId, event);
    }),
    consume<typeof VendorApprovedV1, Db>(VendorApprovedV1, async (event, tx) => {
      await send(tx, event.id, { type: "vendor.approved", data: event.data });
      await webhooks(tx, event.data.vendorId, event);
    }),
    consume<typeof VendorRejectedV1, Db>(VendorRejectedV1, async (event, tx) => {
      await send(tx, event.id, { type: "vendor.rejected", data: event.data });
      await webhooks(tx, event.data.vendorId, event);
    }),
    consume<typeof VendorInformationRequestedV1, Db>(VendorInformationRequestedV1, async (event, tx) => {
      await send(tx, event.id, { type: "vendor.information-requested", data: event.data });
      await webhooks(tx, event.data.vendorId, event);
    }),

    // Saga step vendor-onboarding.9 (docs/sagas/vendor-onboarding.md): bank details changed (last 4 of the
    // IBAN only, payouts on hold), then verified (payouts resume, only when that lifts a hold).
    consume<typeof VendorBankDetailsChangedV1, Db>(VendorBankDetailsChangedV1, async (event, tx) => {
      await send(tx, event.id, { type: "vendor.bank-details-changed", data: event.data });
      await webhooks(tx, event.data.vendorId, event);
    }),
    consume<typeof VendorBankDetailsVerifiedV1, Db>(VendorBankDetailsVerifiedV1, async (event, tx) => {
      await send(tx, event.id, { type: "vendor.bank-details-verified", data: event.data });
      await webhooks(tx, event.data.vendorId, event);
    }),

    // Who to write to, kept for the next emails (nothing is sent): an older fact never overwrites a newer one.
    consume<typeof VendorContactUpdatedV1, Db>(VendorContactUpdatedV1, async (event, tx) => {
      await keepRecipient(tx, vendorRecipient(event.data, event.data.updatedAt), deps.now());
      await webhooks(tx, event.data.vendorId, event);
    }),
    consume<typeof VendorUserRegisteredV1, Db>(VendorUserRegisteredV1, async (event, tx) => {
      await recordVendorUser(tx, { ...event.data, asOf: event.data.registeredAt }, deps.now());
    }),
    consume<typeof VendorUserUpdatedV1, Db>(VendorUserUpdatedV1, async (event, tx) => {
      await recordVendorUser(tx, { ...event.data, asOf: event.data.updatedAt }, deps.now());
    }),
    consume<typeof BuyerProfileUpdatedV1, Db>(BuyerProfileUpdatedV1, async (event, tx) => {
      await keepRecipient(tx, buyerRecipient(event.data, event.data.updatedAt), deps.now());
    }),

    // A buyer who signed up is welcomed, in the language it chose.
    consume<typeof BuyerRegisteredV1, Db>(BuyerRegisteredV1, (event, tx) =>
      send(tx, event.id, { type: "buyer.registered", data: event.data }),
    ),

    // Saga step order-validation.10 (docs/sagas/order-validation.md): buyer and vendor hear of each step
    // of an order; 48 hours without an answer also tells the operators.
    consume<typeof OrderTransmittedV1, Db>(OrderTransmittedV1, async (event, tx) => {
      await send(tx, event.id, { type: "order.transmitted", data: event.data });
      await webhooks(tx, event.data.order.vendor.vendorId, event);
    }),
    consume<typeof OrderValidationReminderV1, Db>(OrderValidationReminderV1, async (event, tx) => {
      await send(tx, event.id, { type: "order.validation-reminder", data: event.data });
      await webhooks(tx, event.data.order.vendor.vendorId, event);
    }),
    consume<typeof OrderAcceptedV1, Db>(OrderAcceptedV1, async (event, tx) => {
      await send(tx, event.id, { type: "order.accepted", data: event.data });
      await webhooks(tx, event.data.order.vendor.vendorId, event);
    }),
    consume<typeof OrderRefusedV1, Db>(OrderRefusedV1, async (event, tx) => {
      await send(tx, event.id, { type: "order.refused", data: event.data });
      await webhooks(tx, event.data.order.vendor.vendorId, event);
    }),
    consume<typeof OrderOverdueV1, Db>(OrderOverdueV1, async (event, tx) => {
      await send(tx, event.id, { type: "order.overdue", data: event.data, operationsEmail: deps.operationsEmail });
      await webhooks(tx, event.data.order.vendor.vendorId, event);
    }),
    consume<typeof OrderCancelledV1, Db>(OrderCancelledV1, async (event, tx) => {
      await send(tx, event.id, { type: "order.cancelled", data: event.data });
      await webhooks(tx, event.data.order.vendor.vendorId, event);
    }),
    consume<typeof OrderDeliveredV1, Db>(OrderDeliveredV1, async (event, tx) => {
      await send(tx, event.id, { type: "order.delivered", data: event.data });
      await webhooks(tx, event.data.order.vendor.vendorId, event);
    }),
    // Saga step withdrawal.4 (docs/sagas/withdrawal.md): the buyer's confirmation, the vendor's email and webhooks.
    consume<typeof OrderWithdrawnV1, Db>(OrderWithdrawnV1, async (event, tx) => {
      await send(tx, event.id, { type: "order.withdrawn", data: event.data });
      await webhooks(tx, event.data.order.vendor.vendorId, event);
    }),
    // Saga step dispute.6 (docs/sagas/dispute.md): buyer, vendor and operations by email, the vendor's webhooks.
    consume<typeof DisputeOpenedV1, Db>(DisputeOpenedV1, async (event, tx) => {
      await send(tx, event.id, { type: "dispute.opened", data: event.data, operationsEmail: deps.operationsEmail });
      await webhooks(tx, event.data.dispute.order.vendor.vendorId, event);
    }),
    consume<typeof DisputeMessageAddedV1, Db>(DisputeMessageAddedV1, async (event, tx) => {
      await send(tx, event.id, {
        type: "dispute.message-added",
        data: event.data,
        operationsEmail: deps.operationsEmail,
      });
      await webhooks(tx, event.data.dispute.order.vendor.vendorId, event);
    }),
    consume<typeof DisputeAnsweredV1, Db>(DisputeAnsweredV1, async (event, tx) => {
      await send(tx, event.id, { type: "dispute.answered", data: event.data, operationsEmail: deps.operationsEmail });
      await webhooks(tx, event.data.dispute.order.vendor.vendorId, event);
    }),
    consume<typeof DisputeResolvedV1, Db>(DisputeResolvedV1, async (event, tx) => {
      await send(tx, event.id, { type: "dispute.resolved", data: event.data, operationsEmail: deps.operationsEmail });
      await webhooks(tx, event.data.dispute.order.vendor.vendorId, event);
    }),

    // Saga step renewal.5 (docs/sagas/renewal.md): buyer and vendor hear of each fact of a
    // subscription's life (a start only when it is a trial, the yearly reminder the buyer only);
    // every one goes to the vendor's webhooks (subscription.vendor.vendorId).
    consume<typeof SubscriptionStartedV1, Db>(SubscriptionStartedV1, async (event, tx) => {
      await send(tx, event.id, { type: "subscription.started", data: event.data });
      await webhooks(tx, event.data.subscription.vendor.vendorId, event);
    }),
    consume<typeof SubscriptionRenewedV1, Db>(SubscriptionRenewedV1, async (event, tx) => {
      await send(tx, event.id, { type: "subscription.renewed", data: event.data });
      await webhooks(tx, event.data.subscription.vendor.vendorId, event);
    }),
    consume<typeof SubscriptionRenewalFailedV1, Db>(SubscriptionRenewalFailedV1, async (event, tx) => {
      await send(tx, event.id, { type: "subscription.renewal-failed", data: event.data });
      await webhooks(tx, event.data.subscription.vendor.vendorId, event);
    }),
    consume<typeof SubscriptionSuspendedV1, Db>(SubscriptionSuspendedV1, async (event, tx) => {
      await send(tx, event.id, { type: "subscription.suspended", data: event.data });
      await webhooks(tx, event.data.subscription.vendor.vendorId, event);
    }),
    consume<typeof SubscriptionReactivatedV1, Db>(SubscriptionReactivatedV1, async (event, tx) => {
      await send(tx, event.id, { type: "subscription.reactivated", data: event.data });
      await webhooks(tx, event.data.subscription.vendor.vendorId, event);
    }),
    consume<typeof SubscriptionCancellationScheduledV1, Db>(SubscriptionCancellationScheduledV1, async (event, tx) => {
      await send(tx, event.id, { type: "subscription.cancellation-scheduled", data: event.data });
      await webhooks(tx, event.data.subscription.vendor.vendorId, event);
    }),
    consume<typeof SubscriptionCancellationUndoneV1, Db>(SubscriptionCancellationUndoneV1, async (event, tx) => {
      await send(tx, event.id, { type: "subscription.cancellation-undone", data: event.data });
      await webhooks(tx, event.data.subscription.vendor.vendorId, event);
    }),
    consume<typeof SubscriptionEndedV1, Db>(SubscriptionEndedV1, async (event, tx) => {
      await send(tx, event.id, { type: "subscription.ended", data: event.data });
      await webhooks(tx, event.data.subscription.vendor.vendorId, event);
    }),
    consume<typeof SubscriptionReminderDueV1, Db>(SubscriptionReminderDueV1, async (event, tx) => {
      await send(tx, event.id, { type: "subscription.reminder-due", data: event.data });
      await webhooks(tx, event.data.subscription.vendor.vendorId, event);
    }),
  ];
};
