import { defineService, KeyedSignal } from "@mkt/service-kit";
import { createPrismaClient } from "./db/client.js";
import { subscriptions } from "./events/subscriptions.js";
import { cartRoutes } from "./http/routes.js";

/** Composition root of the cart service: every dependency is built once, here. */
export const cartService = defineService({
  name: "cart",
  port: 7102,
  database: createPrismaClient,
  compose: (platform) => ({ ...platform, checkoutSettled: new KeyedSignal() }),
  routes: (router, deps) => cartRoutes(router, deps),
  consumers: (deps) => subscriptions(deps),
});
export type { Db } from "./db/client.js";
