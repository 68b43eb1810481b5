import { defineService } from "@mkt/service-kit";
import type { NotificationDeps } from "./app/deps.js";
import { createPrismaClient } from "./db/client.js";
import { EmailDelivery } from "./delivery/email-delivery.js";
import { WebhookDelivery } from "./delivery/webhook-delivery.js";
import { subscriptions } from "./events/subscriptions.js";
import { notificationRoutes } from "./http/routes.js";
import { notificationSettings } from "./settings.js";

// The consumers wake the dispatcher that the worker runs: one EmailDelivery per started service.
const deliveries = new WeakMap<NotificationDeps, EmailDelivery>();
function emailDelivery(deps: NotificationDeps): EmailDelivery {
  let delivery = deliveries.get(deps);
  if (!delivery) deliveries.set(deps, (delivery = new EmailDelivery(deps)));
  return delivery;
}

// The same for webhooks: the consumers wake the webhook dispatcher that its worker runs.
const webhookDeliveries = new WeakMap<NotificationDeps, WebhookDelivery>();
function webhookDelivery(deps: NotificationDeps): WebhookDelivery {
  let delivery = webhookDeliveries.get(deps);
  if (!delivery) webhookDeliveries.set(deps, (delivery = new WebhookDelivery(deps)));
  return delivery;
}

/** Composition root of the notification service: every dependency is built once, here. */
export const notificationService = defineService({
  name: "notification",
  port: 7108,
  settings: notificationSettings,
  database: createPrismaClient,
  routes: (router, deps) => notificationRoutes(router, deps),
  consumers: (deps) =>
    subscriptions({
      mail: {
        supportEmail: deps.config.SUPPORT_EMAIL,
        vendorApiUrl: deps.config.VENDOR_API_URL.replace(/\/+$/, ""),
        storefrontUrl: deps.config.STOREFRONT_URL.replace(/\/+$/, ""),
        backofficeUrl: deps.config.BACKOFFICE_URL.replace(/\/+$/, ""),
      },
      operationsEmail: deps.config.OPERATIONS_EMAIL,
      now: () => deps.clock.now(),
      onQueued: () => emailDelivery(deps).nudge(),
      webhooks: { now: () => deps.clock.now(), onRecorded: () => webhookDelivery(deps).nudge() },
    }),
  workers: (deps) => [emailDelivery(deps), webhookDelivery(deps)],
});
export type { Db } from "./db/client.js";
export { EmailDelivery, emailQueueName } from "./delivery/email-delivery.js";
export { WebhookDelivery, webhookQueueName } from "./delivery/webhook-delivery.js";
