import { defineService, type ServiceDeps } from "@mkt/service-kit";
import { createServiceClient, gatewayIdentity } from "@mkt/gateway-kit";
import type { StorefrontDeps } from "./app/deps.js";
import { createPrismaClient, type Db } from "./db/client.js";
import { storefrontRoutes } from "./http/routes.js";
import { storefrontSettings, type StorefrontSettings } from "./settings.js";

export type { Db } from "./db/client.js";

/** Buyers' identity and one typed client per service it calls, built once per start. */
function compose(platform: ServiceDeps<Db, StorefrontSettings>): ServiceDeps<Db, StorefrontSettings> & StorefrontDeps {
  const { config, log } = platform;
  const client = (url: string, service: string) => createServiceClient(url, { service, log });
  return {
    ...platform,
    identity: gatewayIdentity(platform, "storefront-gateway"),
    catalog: client(config.CATALOG_URL, "catalog"),
    notification: client(config.NOTIFICATION_URL, "notification"),
    cart: client(config.CART_URL, "cart"),
    payment: client(config.PAYMENT_URL, "payment"),
    order: client(config.ORDER_URL, "order"),
    subscription: client(config.SUBSCRIPTION_URL, "subscription"),
    checkoutWaitMs: config.CHECKOUT_WAIT_MS,
    production: config.NODE_ENV === "production",
  };
}

/**
 * Composition root of the storefront-gateway (buyers, /api/v1). It owns buyer accounts and
 * sessions in its own database; business services learn about buyers from its events. It reads
 * the public catalog from the catalog service and the buyer's notification history from the
 * notification service, over HTTP with the contracts' typed clients.
 */
export const storefrontGatewayService = defineService({
  name: "storefront-gateway",
  port: 8080,
  settings: storefrontSettings,
  database: createPrismaClient,
  compose,
  routes: (router, deps) => storefrontRoutes(router, deps),
});
