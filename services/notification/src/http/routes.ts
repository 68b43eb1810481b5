import type { Router } from "express";
import {
  CreateWebhookEndpoint,
  DisableWebhookEndpoint,
  ListNotifications,
  ListWebhookDeliveries,
  ListWebhookEndpoints,
} from "@mkt/contracts";
import { mountEndpoints } from "@mkt/service-kit";
import type { NotificationDeps } from "../app/deps.js";
import { listNotifications } from "../app/list-notifications.js";
import {
  createWebhookEndpoint,
  disableWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
} from "../app/webhook-endpoints.js";

/**
 * The notification service's internal API, called by the gateways (contracts:
 * packages/contracts/src/http/notification.ts): a recipient's notification history, and vendors'
 * webhook endpoints with their delivery history (called by vendor-api).
 */
export function notificationRoutes(router: Router, deps: NotificationDeps): void {
  const db = deps.db.client;
  mountEndpoints(router, [
    [ListNotifications, async ({ query }) => listNotifications(db, query)],
    [
      CreateWebhookEndpoint,
      async ({ params, body, idempotencyKey }) => createWebhookEndpoint(deps, params.vendorId, body, idempotencyKey),
    ],
    [ListWebhookEndpoints, async ({ params }) => listWebhookEndpoints(db, params.vendorId)],
    [DisableWebhookEndpoint, async ({ params }) => disableWebhookEndpoint(deps, params.vendorId, params.endpointId)],
    [
      ListWebhookDeliveries,
      async ({ params, query }) => listWebhookDeliveries(db, params.vendorId, params.endpointId, query),
    ],
  ]);
}
