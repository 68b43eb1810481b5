import { authSettings, createGatewayIdentity, defineService } from "@mkt/service-kit";
import { createPrismaClient } from "./db/client.js";
import { storefrontRoutes } from "./http/routes.js";

export type { Db } from "./db/client.js";

/**
 * Composition root of the storefront-gateway (buyers, /api/v1). It owns buyer accounts and
 * sessions in its own database; business services learn about buyers from its events.
 */
export const storefrontGatewayService = defineService({
  name: "storefront-gateway",
  port: 8080,
  settings: authSettings,
  database: createPrismaClient,
  routes: (router, deps) => {
    const identity = createGatewayIdentity({ config: deps.config, log: { warn: (message) => deps.log.warn(message) }, clock: deps.clock, audience: "storefront-gateway" });
    storefrontRoutes(router, { ...deps, identity });
  },
});
