import { defineService, type ServiceDeps } from "@mkt/service-kit";
import { createServiceClient, gatewayIdentity } from "@mkt/gateway-kit";
import type { VendorApiDeps } from "./app/deps.js";
import { createPrismaClient, type Db } from "./db/client.js";
import { vendorApiRoutes } from "./http/routes.js";
import { vendorApiSettings, type VendorApiSettings } from "./settings.js";

export type { Db } from "./db/client.js";

/** Vendor users' identity and one typed client per service it calls, built once per start. */
function compose(platform: ServiceDeps<Db, VendorApiSettings>): ServiceDeps<Db, VendorApiSettings> & VendorApiDeps {
  const { config, log } = platform;
  const client = (url: string, service: string) => createServiceClient(url, { service, log });
  return {
    ...platform,
    identity: gatewayIdentity(platform, "vendor-api"),
    vendorKyc: client(config.VENDOR_KYC_URL, "vendor-kyc"),
    catalog: client(config.CATALOG_URL, "catalog"),
    notification: client(config.NOTIFICATION_URL, "notification"),
    order: client(config.ORDER_URL, "order"),
    payout: client(config.PAYOUT_URL, "payout"),
    subscription: client(config.SUBSCRIPTION_URL, "subscription"),
  };
}

/**
 * Composition root of the vendor-api (vendors, /vendor/v1). It owns vendor users and API keys
 * in its own database and reaches vendor-kyc (KYC), the catalog (listings), notification
 * (webhooks), order (the vendor's orders), subscription (the subscriptions they started) and payout (its balance and
 * ledger) over HTTP with the contracts' typed clients.
 */
export const vendorApiService = defineService({
  name: "vendor-api",
  port: 8081,
  settings: vendorApiSettings,
  database: createPrismaClient,
  compose,
  routes: (router, deps) => vendorApiRoutes(router, deps),
});
