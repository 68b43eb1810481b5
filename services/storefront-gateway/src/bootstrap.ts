import { z } from "zod";
import { defineService } from "@mkt/service-kit";
import { authSettings, createGatewayIdentity, createServiceClient } from "@mkt/gateway-kit";
import { createPrismaClient } from "./db/client.js";
import { storefrontRoutes } from "./http/routes.js";

export type { Db } from "./db/client.js";

/**
 * Composition root of the storefront-gateway (buyers, /api/v1). It owns buyer accounts and
 * sessions in its own database; business services learn about buyers from its events. It reads
 * the public catalog from the catalog service and the buyer's notification history from the
 * notification service, over HTTP with the contracts' typed clients.
 */
export const storefrontGatewayService = defineService({
  name: "storefront-gateway",
  port: 8080,
  settings: {
    ...authSettings,
    CATALOG_URL: z.url().default("http://127.0.0.1:7101"),
    NOTIFICATION_URL: z.url().default("http://127.0.0.1:7108"),
    CART_URL: z.url().default("http://127.0.0.1:7102"),
    PAYMENT_URL: z.url().default("http://127.0.0.1:7103"),
    ORDER_URL: z.url().default("http://127.0.0.1:7104"),
    /** How long POST /checkout waits for the card's answer before answering 202 `pending`. */
    CHECKOUT_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(10_000),
  },
  database: createPrismaClient,
  routes: (router, deps) => {
    const identity = createGatewayIdentity({
      config: deps.config,
      log: { warn: (message) => deps.log.warn(message) },
      clock: deps.clock,
      audience: "storefront-gateway",
    });
    const notification = createServiceClient(deps.config.NOTIFICATION_URL, { service: "notification", log: deps.log });
    const catalog = createServiceClient(deps.config.CATALOG_URL, { service: "catalog", log: deps.log });
    const cart = createServiceClient(deps.config.CART_URL, { service: "cart", log: deps.log });
    const payment = createServiceClient(deps.config.PAYMENT_URL, { service: "payment", log: deps.log });
    const order = createServiceClient(deps.config.ORDER_URL, { service: "order", log: deps.log });
    storefrontRoutes(router, {
      ...deps,
      identity,
      catalog,
      notification,
      cart,
      payment,
      order,
      checkoutWaitMs: deps.config.CHECKOUT_WAIT_MS,
      production: deps.config.NODE_ENV === "production",
    });
  },
});
