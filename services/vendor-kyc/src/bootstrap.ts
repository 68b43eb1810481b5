import { defineService } from "@mkt/service-kit";
import type { VendorKycDeps } from "./app/deps.js";
import { createPrismaClient } from "./db/client.js";
import { vendorKycRoutes } from "./http/routes.js";
import { vendorKycSettings } from "./settings.js";
import { createDocumentStorage } from "./storage/index.js";

/** Composition root of the vendor-kyc service: every dependency is built once, here. */
export const vendorKycService = defineService({
  name: "vendor-kyc",
  port: 7106,
  settings: vendorKycSettings,
  database: createPrismaClient,
  // The storage is built at start (a bad S3 setting stops the start, named) and closed at stop.
  compose: (platform, lifecycle): VendorKycDeps => {
    const storage = createDocumentStorage(platform.config);
    lifecycle.onStop(() => storage.close?.());
    return { db: platform.db, clock: platform.clock, outbox: platform.outbox, storage };
  },
  routes: (router, deps) => vendorKycRoutes(router, deps),
});
export type { Db } from "./db/client.js";
export type { VendorKycConfig } from "./app/deps.js";
