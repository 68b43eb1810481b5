import { z } from "zod";
import { defineEndpoint } from "./define-endpoint.js";
import { Page, PageQuery } from "./common.js";
import { Timestamp } from "../common/primitives.js";

// notification's internal API for vendor webhooks (not public): called by vendor-api with
// createServiceClient. Every route is scoped by vendorId: an endpoint of another vendor is a 404.
// WIRE FORMAT between services: change it with both sides.

/** The events a vendor may subscribe a webhook endpoint to (each carries its vendorId). */
export const WEBHOOK_EVENT_TYPES = [
  "vendor.application-submitted",
  "vendor.approved",
  "vendor.rejected",
  "vendor.information-requested",
  "vendor.bank-details-changed",
  "vendor.bank-details-verified",
  "vendor.contact-updated",
  "order.transmitted",
  "order.validation-reminder",
  "order.accepted",
  "order.refused",
  "order.overdue",
  "order.cancelled",
  "order.delivered",
  "subscription.started",
  "subscription.renewed",
  "subscription.renewal-failed",
  "subscription.suspended",
  "subscription.reactivated",
  "subscription.cancellation-scheduled",
  "subscription.cancellation-undone",
  "subscription.ended",
  "subscription.reminder-due",
  "order.withdrawn",
  "dispute.opened",
  "dispute.message-added",
  "dispute.answered",
  "dispute.resolved",
] as const;
export const WebhookEventType = z
  .enum(WEBHOOK_EVENT_TYPES)
  .meta({ id: "WebhookEventType", description: "An event type a webhook endpoint can receive." });

export const WebhookEndpointInput = z
  .object({
    url: z
      .url()
      .max(2000)
      .meta({ description: "Where deliveries are POSTed: https (http only for localhost outside production)." }),
    eventTypes: z
      .array(WebhookEventType)
      .min(1)
      .max(WEBHOOK_EVENT_TYPES.length)
      .meta({ description: "The event types sent to this endpoint." }),
  })
  .meta({ id: "WebhookEndpointInput" });

export const WebhookEndpoint = z
  .object({
    id: z.uuid(),
    url: z.string(),
    eventTypes: z.array(z.string()),
    createdAt: Timestamp,
    disabledAt: Timestamp.nullable(),
  })
  .meta({ id: "WebhookEndpoint" });
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

export const CreatedWebhookEndpoint = WebhookEndpoint.extend({
  secret: z.string().meta({ description: "The signing secret `whsec_…`: shown this once only." }),
}).meta({ id: "CreatedWebhookEndpoint" });

export const WebhookAttempt = z
  .object({
    at: Timestamp,
    statusCode: z
      .number()
      .int()
      .nullable()
      .meta({ description: "The receiver's HTTP status; null when no answer came (see error)." }),
    error: z.string().nullable(),
    durationMs: z.number().int(),
  })
  .meta({ id: "WebhookAttempt" });

export const WebhookDelivery = z
  .object({
    id: z.uuid(),
    eventId: z.uuid(),
    eventType: z.string(),
    status: z.enum(["pending", "delivered", "failed"]),
    attempts: z.array(WebhookAttempt),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: Timestamp,
    deliveredAt: Timestamp.nullable(),
  })
  .meta({ id: "WebhookDelivery" });

const vendorParams = z.object({ vendorId: z.uuid() });
const endpointParams = z.object({ vendorId: z.uuid(), endpointId: z.uuid() });

export const CreateWebhookEndpoint = defineEndpoint({
  method: "post",
  path: "/vendors/:vendorId/webhook-endpoints",
  summary: "Register a vendor's webhook endpoint; its signing secret is returned once",
  description:
    "The same Idempotency-Key (per vendor) answers the same endpoint and secret; with another body: 409 `idempotency-key-reused`.",
  tags: ["webhooks"],
  params: vendorParams,
  body: WebhookEndpointInput,
  response: { status: 201, schema: CreatedWebhookEndpoint },
  errors: [409],
  // Optional for operators' tools and tests; vendor-api always sends one (the vendor's or a fresh one).
  idempotencyKey: "optional",
});

export const ListWebhookEndpoints = defineEndpoint({
  method: "get",
  path: "/vendors/:vendorId/webhook-endpoints",
  summary: "A vendor's webhook endpoints (never their secrets), newest first",
  tags: ["webhooks"],
  params: vendorParams,
  response: { status: 200, schema: Page(WebhookEndpoint) },
});

export const DisableWebhookEndpoint = defineEndpoint({
  method: "delete",
  path: "/vendors/:vendorId/webhook-endpoints/:endpointId",
  summary: "Disable a vendor's webhook endpoint: no new delivery goes to it",
  tags: ["webhooks"],
  params: endpointParams,
  response: { status: 204 },
  errors: [404],
});

export const ListWebhookDeliveries = defineEndpoint({
  method: "get",
  path: "/vendors/:vendorId/webhook-endpoints/:endpointId/deliveries",
  summary: "The deliveries to one of a vendor's webhook endpoints, newest first, with their attempts",
  tags: ["webhooks"],
  params: endpointParams,
  query: PageQuery,
  response: { status: 200, schema: Page(WebhookDelivery) },
  errors: [404],
});
