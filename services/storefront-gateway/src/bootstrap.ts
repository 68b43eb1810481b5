import { z } from "zod";
import { authSettings, createGatewayIdentity, createServiceClient, defineService } from "@mkt/service-kit";
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
  settings: { ...authSettings, CATALOG_URL: z.url().default("http://127.0.0.1:7101"), NOTIFICATION_URL: z.url().default("http://127.0.0.1:7108") },
  database: createPrismaClient,
  routes: (router, deps) => {
    const identity = createGatewayIdentity({ config: deps.config, log: { warn: (message) => deps.log.warn(message) }, clock: deps.clock, audience: "storefront-gateway" });
    const notification = createServiceClient(deps.config.NOTIFICATION_URL, { service: "notification", log: deps.log });
    const catalog = createServiceClient(deps.config.CATALOG_URL, { service: "catalog", log: deps.log });
    storefrontRoutes(router, { ...deps, identity, catalog, notification });
  },
});
