import { createServiceClient } from "@mkt/gateway-kit";
import { defineService, type ServiceDeps } from "@mkt/service-kit";
import type { OrderDeps } from "./app/deps.js";
import { orderSettings, type OrderSettings } from "./settings.js";
import { createPrismaClient, type Db } from "./db/client.js";
import { subscriptions } from "./events/subscriptions.js";
import { orderRoutes } from "./http/routes.js";
import { ORDER_TIMERS } from "./app/timers.js";
import { onAutoCancelDue, onReminderDue, onValidationDue } from "./app/transition-order.js";

/** The typed client of payment (a dispute's refund), built once per start. */
function compose(platform: ServiceDeps<Db, OrderSettings>): ServiceDeps<Db, OrderSettings> & OrderDeps {
  return {
    ...platform,
    payment: createServiceClient(platform.config.PAYMENT_URL, { service: "payment", log: platform.log }),
  };
}

/** Composition root of the order service: every dependency is built once, here. */
export const orderService = defineService({
  name: "order",
  port: 7104,
  settings: orderSettings,
  database: createPrismaClient,
  compose,
  routes: (router, deps) => orderRoutes(router, deps),
  consumers: (deps) => subscriptions(deps),
  timers: (deps) => ({
    [ORDER_TIMERS.reminder]: onReminderDue(deps),
    [ORDER_TIMERS.overdue]: onValidationDue(deps),
    [ORDER_TIMERS.autoCancel]: onAutoCancelDue(deps),
  }),
});
export type { Db } from "./db/client.js";
