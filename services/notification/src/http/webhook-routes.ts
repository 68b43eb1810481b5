import type { Router } from "express";
import {
  CreateWebhookEndpoint,
  DisableWebhookEndpoint,
  ListWebhookDeliveries,
  ListWebhookEndpoints,
} from "@mkt/contracts";
import { mountEndpoints } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import {
  createWebhookEndpoint,
  disableWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
} from "../app/webhook-endpoints.js";

/** Vendors' webhook endpoints and their delivery history (internal API, called by vendor-api). */
export function webhookRoutes(
  router: Router,
  deps: { db: { client: Db }; config?: { NODE_ENV: string }; clock?: { now(): Date } },
): void {
  const db = deps.db.client;
  const now = () => deps.clock?.now() ?? new Date();
  // Without a config, the strict rule (https only) applies.
  const production = (deps.config?.NODE_ENV ?? "production") === "production";
  mountEndpoints(router, [
    [
      CreateWebhookEndpoint,
      async ({ params, body, idempotencyKey }) =>
        createWebhookEndpoint({ db, now, production }, params.vendorId, body, idempotencyKey),
    ],
    [ListWebhookEndpoints, async ({ params }) => listWebhookEndpoints(db, params.vendorId)],
    [
      DisableWebhookEndpoint,
      async ({ params }) => disableWebhookEndpoint({ db, now }, params.vendorId, params.endpointId),
    ],
    [
      ListWebhookDeliveries,
      async ({ params, query }) => listWebhookDeliveries(db, params.vendorId, params.endpointId, query),
    ],
  ]);
}
