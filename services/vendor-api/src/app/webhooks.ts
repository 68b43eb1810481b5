import type { z } from "zod";
import {
  CreateWebhookEndpoint,
  DisableWebhookEndpoint,
  ListWebhookDeliveries,
  ListWebhookEndpoints,
  type WebhookEndpointInput,
} from "@mkt/contracts";
import type { VendorApiDeps } from "./deps.js";

// The vendor's webhooks live in the notification service; these calls scope every request by the
// caller's own vendorId, so another vendor's endpoint is a 404 coming back from there.

export const createWebhook = (
  deps: VendorApiDeps,
  vendorId: string,
  body: z.output<typeof WebhookEndpointInput>,
  idempotencyKey: string,
) => deps.notification.call(CreateWebhookEndpoint, { params: { vendorId }, body, idempotencyKey });

export const listWebhooks = (deps: VendorApiDeps, vendorId: string) =>
  deps.notification.call(ListWebhookEndpoints, { params: { vendorId } });

export async function deleteWebhook(deps: VendorApiDeps, vendorId: string, endpointId: string): Promise<void> {
  await deps.notification.call(DisableWebhookEndpoint, { params: { vendorId, endpointId } });
}

export const listWebhookDeliveries = (
  deps: VendorApiDeps,
  vendorId: string,
  endpointId: string,
  query: { limit: number; cursor?: string },
) => deps.notification.call(ListWebhookDeliveries, { params: { vendorId, endpointId }, query });
