import { defineService, type ServiceDeps } from "@mkt/service-kit";
import { createServiceClient, gatewayIdentity } from "@mkt/gateway-kit";
import type { BackofficeDeps } from "./app/deps.js";
import { firstOperator } from "./app/first-operator.js";
import { createPrismaClient, type Db } from "./db/client.js";
import { backofficeRoutes } from "./http/routes.js";
import { backofficeSettings, type BackofficeSettings } from "./settings.js";

export type { Db } from "./db/client.js";

/** Operators' identity and one typed client per service it calls, built once per start. */
function compose(platform: ServiceDeps<Db, BackofficeSettings>): BackofficeDeps {
  const { config, log } = platform;
  const client = (url: string, service: string) => createServiceClient(url, { service, log });
  return {
    ...platform,
    identity: gatewayIdentity(platform, "backoffice-api"),
    vendorKyc: client(config.VENDOR_KYC_URL, "vendor-kyc"),
    catalog: client(config.CATALOG_URL, "catalog"),
    order: client(config.ORDER_URL, "order"),
    subscription: client(config.SUBSCRIPTION_URL, "subscription"),
  };
}

/**
 * Composition root of the backoffice-api (operators, /ops/v1). It owns operator accounts in its
 * own database and reaches vendor-kyc (KYC review), the catalog (labels, unlisting), order
 * (every order) and subscription (every subscription) over HTTP with the contracts' typed clients.
 */
export const backofficeApiService = defineService({
  name: "backoffice-api",
  port: 8082,
  settings: backofficeSettings,
  database: createPrismaClient,
  compose,
  routes: (router, deps) => backofficeRoutes(router, deps),
  workers: (deps) => [firstOperator(deps)],
});
