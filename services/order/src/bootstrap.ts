import { defineService } from "@mkt/service-kit";
import { createPrismaClient } from "./db/client.js";
import { subscriptions } from "./events/subscriptions.js";
import { orderRoutes } from "./http/routes.js";
import { ORDER_TIMERS } from "./app/timers.js";
import { onAutoCancelDue, onReminderDue, onValidationDue } from "./app/transition-order.js";

/** Composition root of the order service: every dependency is built once, here. */
export const orderService = defineService({
  name: "order",
  port: 7104,
  database: createPrismaClient,
  routes: (router, deps) => orderRoutes(router, deps),
  consumers: (deps) => subscriptions(deps),
  timers: (deps) => ({
    [ORDER_TIMERS.reminder]: onReminderDue(deps),
    [ORDER_TIMERS.overdue]: onValidationDue(deps),
    [ORDER_TIMERS.autoCancel]: onAutoCancelDue(deps),
  }),
});
export type { Db } from "./db/client.js";
