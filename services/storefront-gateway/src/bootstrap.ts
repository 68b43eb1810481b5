import { z } from "zod";
import { authSettings, createGatewayIdentity, createServiceClient, defineService } from "@mkt/service-kit";
import { createPrismaClient } from "./db/client.js";
import { storefrontRoutes } from "./http/routes.js";

export type { Db } from "./db/client.js";

/**
 * Composition root of the storefront-gateway (buyers, /api/v1). It owns buyer accounts and
 * sessions in its own database; business services learn about buyers from its events. It reads
 * the buyer's notification history from the notification service over HTTP.
 */
export const storefrontGatewayService = defineService({
  name: "storefront-gateway",
  port: 8080,
  settings: { ...authSettings, NOTIFICATION_URL: z.url().default("http://127.0.0.1:7108") },
  database: createPrismaClient,
  routes: (router, deps) => {
    const identity = createGatewayIdentity({ config: deps.config, log: { warn: (message) => deps.log.warn(message) }, clock: deps.clock, audience: "storefront-gateway" });
    const notification = createServiceClient(deps.config.NOTIFICATION_URL, { service: "notification", log: deps.log });
    storefrontRoutes(router, { ...deps, identity, notification });
  },
});
