import { z } from "zod";
import { defineService } from "@mkt/service-kit";
import { authSettings, createGatewayIdentity, createServiceClient } from "@mkt/gateway-kit";
import { firstOperator } from "./app/first-operator.js";
import { createPrismaClient } from "./db/client.js";
import { backofficeRoutes } from "./http/routes.js";

export type { Db } from "./db/client.js";

/**
 * Composition root of the backoffice-api (operators, /ops/v1). It owns operator accounts in its
 * own database and reaches vendor-kyc (KYC review) and the catalog (labels, unlisting) and order (every order) over HTTP
 * with the contracts' typed clients.
 */
export const backofficeApiService = defineService({
  name: "backoffice-api",
  port: 8082,
  settings: {
    ...authSettings,
    VENDOR_KYC_URL: z.url().default("http://127.0.0.1:7106"),
    CATALOG_URL: z.url().default("http://127.0.0.1:7101"),
    ORDER_URL: z.url().default("http://127.0.0.1:7104"),
    /** The first operator, created at start when there is none. */
    OPERATOR_EMAIL: z.email().optional(),
    OPERATOR_PASSWORD: z.string().optional(),
  },
  database: createPrismaClient,
  routes: (router, deps) => {
    const identity = createGatewayIdentity({
      config: deps.config,
      log: { warn: (message) => deps.log.warn(message) },
      clock: deps.clock,
      audience: "backoffice-api",
    });
    const vendorKyc = createServiceClient(deps.config.VENDOR_KYC_URL, { service: "vendor-kyc", log: deps.log });
    const catalog = createServiceClient(deps.config.CATALOG_URL, { service: "catalog", log: deps.log });
    const order = createServiceClient(deps.config.ORDER_URL, { service: "order", log: deps.log });
    backofficeRoutes(router, { ...deps, identity, vendorKyc, catalog, order });
  },
  workers: (deps) => [firstOperator(deps)],
});
