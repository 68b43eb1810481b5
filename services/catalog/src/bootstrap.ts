import { defineService } from "@mkt/service-kit";
import { createPrismaClient } from "./db/client.js";
import { subscriptions } from "./events/subscriptions.js";
import { catalogRoutes } from "./http/routes.js";

/** Composition root of the catalog service: every dependency is built once, here. */
export const catalogService = defineService({
  name: "catalog",
  port: 7101,
  database: createPrismaClient,
  routes: (router, deps) => catalogRoutes(router, deps),
  consumers: (deps) => subscriptions(deps),
});
export type { Db } from "./db/client.js";
