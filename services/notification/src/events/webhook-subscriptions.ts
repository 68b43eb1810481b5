import {
  OrderAcceptedV1,
  OrderCancelledV1,
  OrderDeliveredV1,
  OrderOverdueV1,
  OrderRefusedV1,
  OrderTransmittedV1,
  OrderValidationReminderV1,
  VendorApplicationSubmittedV1,
  VendorApprovedV1,
  VendorBankDetailsChangedV1,
  VendorBankDetailsVerifiedV1,
  VendorContactUpdatedV1,
  VendorInformationRequestedV1,
  VendorRejectedV1,
  WEBHOOK_EVENT_TYPES,
} from "@mkt/contracts";
import { consume } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { recordWebhookDeliveries, type RecordWebhookDeliveriesDeps } from "../app/record-webhook-deliveries.js";

// Their own durables (`notification--<event>-webhooks`), apart from the emails': a failing
// webhook recording never holds back an email, and each has its own inbox.

/** Every vendor event a vendor's endpoints can hear: each carries the vendorId it concerns. */
const VENDOR_EVENTS = [
  VendorApplicationSubmittedV1,
  VendorApprovedV1,
  VendorRejectedV1,
  VendorInformationRequestedV1,
  VendorBankDetailsChangedV1,
  VendorBankDetailsVerifiedV1,
  VendorContactUpdatedV1,
] as const;
type VendorEvent = (typeof VENDOR_EVENTS)[number];

/**
 * Every order event a vendor's endpoints can hear: each carries the whole order, whose vendor it
 * concerns (`order.vendor.vendorId`). Ready, like the vendor events above: heard as soon as
 * WEBHOOK_EVENT_TYPES in @mkt/contracts lists their types.
 */
const ORDER_EVENTS = [
  OrderTransmittedV1,
  OrderValidationReminderV1,
  OrderAcceptedV1,
  OrderRefusedV1,
  OrderOverdueV1,
  OrderCancelledV1,
  OrderDeliveredV1,
] as const;
type OrderEvent = (typeof ORDER_EVENTS)[number];

/** A vendor's webhook endpoints hear one of its orders' events. WIRE NAME `<event>-v<n>-webhooks`, as vendor events. */
export function onOrderEventWebhooks(definition: OrderEvent, deps: RecordWebhookDeliveriesDeps) {
  return consume<OrderEvent, Db>(
    definition,
    async (event, tx) => {
      await recordWebhookDeliveries(tx, event.data.order.vendor.vendorId, event, deps);
    },
    { name: `${definition.type.replace(".", "-")}-v${definition.version}-webhooks` },
  );
}

/** Whether an endpoint may subscribe to this type: the contract's list (WEBHOOK_EVENT_TYPES) decides. */
export function offeredAsWebhook(type: string): boolean {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(type);
}

/**
 * A vendor's webhook endpoints hear one of its events. WIRE NAME `<event>-v<n>-webhooks` (e.g.
 * `vendor-approved-v1-webhooks`): renaming it starts a new durable from scratch. Bank-details
 * events go out without the full IBAN (webhookBody).
 */
export function onVendorEventWebhooks(definition: VendorEvent, deps: RecordWebhookDeliveriesDeps) {
  return consume<VendorEvent, Db>(
    definition,
    async (event, tx) => {
      await recordWebhookDeliveries(tx, event.data.vendorId, event, deps);
    },
    { name: `${definition.type.replace(".", "-")}-v${definition.version}-webhooks` },
  );
}

/** A vendor's webhook endpoints hear that its application was submitted. */
export const onVendorApplicationSubmittedWebhooks = (deps: RecordWebhookDeliveriesDeps) =>
  onVendorEventWebhooks(VendorApplicationSubmittedV1, deps);

/** A vendor's webhook endpoints hear that it was approved. */
export const onVendorApprovedWebhooks = (deps: RecordWebhookDeliveriesDeps) =>
  onVendorEventWebhooks(VendorApprovedV1, deps);

/**
 * One consumer per vendor or order event the contract offers to endpoints (WEBHOOK_EVENT_TYPES:
 * every vendor event today, no order event yet). An event not listed there gets no durable: no
 * endpoint can have chosen it, so it would only record nothing.
 */
export const webhookSubscriptions = (deps: RecordWebhookDeliveriesDeps) => [
  ...VENDOR_EVENTS.filter((definition) => offeredAsWebhook(definition.type)).map((definition) =>
    onVendorEventWebhooks(definition, deps),
  ),
  ...ORDER_EVENTS.filter((definition) => offeredAsWebhook(definition.type)).map((definition) =>
    onOrderEventWebhooks(definition, deps),
  ),
];
