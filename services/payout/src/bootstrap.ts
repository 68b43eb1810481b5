import { defineService } from "@mkt/service-kit";
import { createPrismaClient } from "./db/client.js";
import { subscriptions } from "./events/subscriptions.js";
import { payoutRoutes } from "./http/routes.js";
import { onHoldEnds, PAYOUT_TIMERS } from "./app/book-money-facts.js";

/** Composition root of the payout service: every dependency is built once, here. */
export const payoutService = defineService({
  name: "payout",
  port: 7107,
  database: createPrismaClient,
  routes: (router, deps) => payoutRoutes(router, deps),
  consumers: (deps) => subscriptions(deps),
  timers: (deps) => ({ [PAYOUT_TIMERS.holdEnds]: onHoldEnds(deps) }),
});
export type { Db } from "./db/client.js";
