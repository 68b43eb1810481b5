import { z } from "zod";
import { defineService } from "@mkt/service-kit";
import { authSettings, createGatewayIdentity, createServiceClient } from "@mkt/gateway-kit";
import { createPrismaClient } from "./db/client.js";
import { vendorApiRoutes } from "./http/routes.js";

export type { Db } from "./db/client.js";

/**
 * Composition root of the vendor-api (vendors, /vendor/v1). It owns vendor users and API keys
 * in its own database and reaches vendor-kyc (KYC), the catalog (listings), notification
 * (webhooks) and order (the vendor's orders) over HTTP with the contracts' typed clients.
 */
export const vendorApiService = defineService({
  name: "vendor-api",
  port: 8081,
  settings: {
    ...authSettings,
    VENDOR_KYC_URL: z.url().default("http://127.0.0.1:7106"),
    CATALOG_URL: z.url().default("http://127.0.0.1:7101"),
    NOTIFICATION_URL: z.url().default("http://127.0.0.1:7108"),
    ORDER_URL: z.url().default("http://127.0.0.1:7104"),
  },
  database: createPrismaClient,
  routes: (router, deps) => {
    const identity = createGatewayIdentity({
      config: deps.config,
      log: { warn: (message) => deps.log.warn(message) },
      clock: deps.clock,
      audience: "vendor-api",
    });
    const vendorKyc = createServiceClient(deps.config.VENDOR_KYC_URL, { service: "vendor-kyc", log: deps.log });
    const catalog = createServiceClient(deps.config.CATALOG_URL, { service: "catalog", log: deps.log });
    const notification = createServiceClient(deps.config.NOTIFICATION_URL, { service: "notification", log: deps.log });
    const order = createServiceClient(deps.config.ORDER_URL, { service: "order", log: deps.log });
    vendorApiRoutes(router, { ...deps, identity, vendorKyc, catalog, notification, order });
  },
});
