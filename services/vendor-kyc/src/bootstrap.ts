import { defineService } from "@mkt/service-kit";
import { createPrismaClient } from "./db/client.js";
import { vendorKycRoutes } from "./http/routes.js";

/** Composition root of the vendor-kyc service: every dependency is built once, here. */
export const vendorKycService = defineService({
  name: "vendor-kyc",
  port: 7106,
  database: createPrismaClient,
  routes: (router, deps) => vendorKycRoutes(router, deps),
});
export type { Db } from "./db/client.js";
