import { defineService } from "@mkt/service-kit";
import { createPrismaClient } from "./db/client.js";
import { EmailDelivery } from "./delivery/email-delivery.js";
import { WebhookDelivery } from "./delivery/webhook-delivery.js";
import { subscriptions } from "./events/subscriptions.js";
import { notificationRoutes } from "./http/routes.js";
import { notificationSettings } from "./settings.js";

/** Composition root of the notification service: every dependency is built once, here. */
export const notificationService = defineService({
  name: "notification",
  port: 7108,
  settings: notificationSettings,
  database: createPrismaClient,
  // The consumers wake the dispatchers that the delivery workers run: one of each per start.
  compose: (platform) => ({
    ...platform,
    emailDelivery: new EmailDelivery(platform),
    webhookDelivery: new WebhookDelivery(platform),
  }),
  routes: (router, deps) => notificationRoutes(router, deps),
  consumers: (deps) =>
    subscriptions({
      mail: {
        supportEmail: deps.config.SUPPORT_EMAIL,
        storefrontWebUrl: deps.config.STOREFRONT_WEB_URL.replace(/\/+$/, ""),
        vendorPortalUrl: deps.config.VENDOR_PORTAL_URL.replace(/\/+$/, ""),
        backofficeWebUrl: deps.config.BACKOFFICE_WEB_URL.replace(/\/+$/, ""),
      },
      operationsEmail: deps.config.OPERATIONS_EMAIL,
      now: () => deps.clock.now(),
      onQueued: () => deps.emailDelivery.nudge(),
      webhooks: { now: () => deps.clock.now(), onRecorded: () => deps.webhookDelivery.nudge() },
    }),
  workers: (deps) => [deps.emailDelivery, deps.webhookDelivery],
  // Without RabbitMQ no email or webhook leaves: /readyz says so (503 naming it).
  readiness: (deps) => ({
    rabbitmq: async () => {
      await Promise.all([deps.emailDelivery.check(), deps.webhookDelivery.check()]);
    },
  }),
});
export type { Db } from "./db/client.js";
export { EmailDelivery, emailQueueName } from "./delivery/email-delivery.js";
export { WebhookDelivery, webhookQueueName } from "./delivery/webhook-delivery.js";
export { deleteDeliveryQueue } from "./delivery/queue.js";
