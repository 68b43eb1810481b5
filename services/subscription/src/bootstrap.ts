import { defineService } from "@mkt/service-kit";
import { createPrismaClient } from "./db/client.js";
import { subscriptions } from "./events/subscriptions.js";
import { subscriptionRoutes } from "./http/routes.js";
import { SUBSCRIPTION_TIMERS } from "./app/timers.js";
import { onChargeDue } from "./app/charge-due.js";

/** Composition root of the subscription service: every dependency is built once, here. */
export const subscriptionService = defineService({
  name: "subscription",
  port: 7105,
  database: createPrismaClient,
  routes: (router, deps) => subscriptionRoutes(router, deps),
  consumers: (deps) => subscriptions(deps),
  timers: (deps) => ({
    [SUBSCRIPTION_TIMERS.chargeDue]: onChargeDue(deps),
  }),
});
export type { Db } from "./db/client.js";
