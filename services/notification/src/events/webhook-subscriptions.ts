import { VendorApplicationSubmittedV1, VendorApprovedV1 } from "@mkt/contracts";
import { consume } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { recordWebhookDeliveries, type RecordWebhookDeliveriesDeps } from "../app/record-webhook-deliveries.js";

// Their own durables (`notification--<event>-webhooks`), apart from the emails': a failing
// webhook recording never holds back an email, and each has its own inbox.

/** A vendor's webhook endpoints hear that its application was recorded. */
export const onVendorApplicationSubmittedWebhooks = (deps: RecordWebhookDeliveriesDeps) =>
  consume<typeof VendorApplicationSubmittedV1, Db>(VendorApplicationSubmittedV1, async (event, tx) => {
    await recordWebhookDeliveries(tx, event.data.vendorId, event, deps);
  }, { name: "vendor-application-submitted-v1-webhooks" });

/** A vendor's webhook endpoints hear that it was approved. */
export const onVendorApprovedWebhooks = (deps: RecordWebhookDeliveriesDeps) =>
  consume<typeof VendorApprovedV1, Db>(VendorApprovedV1, async (event, tx) => {
    await recordWebhookDeliveries(tx, event.data.vendorId, event, deps);
  }, { name: "vendor-approved-v1-webhooks" });

export const webhookSubscriptions = (deps: RecordWebhookDeliveriesDeps) => [onVendorApplicationSubmittedWebhooks(deps), onVendorApprovedWebhooks(deps)];
