import { createServiceClient } from "@mkt/gateway-kit";
import { afterCommit, defineService, type ServiceDeps } from "@mkt/service-kit";
import { createPrismaClient, type Db } from "./db/client.js";
import { subscriptions } from "./events/subscriptions.js";
import { subscriptionRoutes } from "./http/routes.js";
import { SUBSCRIPTION_TIMERS } from "./app/timers.js";
import { onChargeDue } from "./app/charge-due.js";
import { onEndSuspension, onExpireCancellationRequest, onReminderDue } from "./app/lifecycle-timers.js";
import type { RenewalDeps } from "./app/deps.js";
import { RenewalWorker } from "./app/renewal-worker.js";
import { subscriptionSettings, type SubscriptionSettings } from "./settings.js";

export type { Db } from "./db/client.js";

type Composition = ServiceDeps<Db, SubscriptionSettings> & RenewalDeps & { renewals: RenewalWorker };

/** The typed clients of payment and order, and the renewal worker, built once per start. */
function compose(platform: ServiceDeps<Db, SubscriptionSettings>): Composition {
  const { config, log } = platform;
  const client = (url: string, service: string) => createServiceClient(url, { service, log });
  // The worker is built from the deps that wake it: it is known once built.
  const built: { renewals?: RenewalWorker } = {};
  const nudge = () => built.renewals?.nudge();
  const deps: ServiceDeps<Db, SubscriptionSettings> & RenewalDeps = {
    ...platform,
    payment: client(config.PAYMENT_URL, "payment"),
    order: client(config.ORDER_URL, "order"),
    reminderDays: config.YEARLY_REMINDER_DAYS,
    // Work recorded in a transaction is only visible once it commits: wake the worker then.
    wakeRenewals: (tx) => {
      if (!afterCommit(tx, nudge)) nudge();
    },
  };
  const renewals = new RenewalWorker(deps, { batchSize: config.RENEWAL_BATCH_SIZE, pollMs: config.RENEWAL_POLL_MS });
  built.renewals = renewals;
  return { ...deps, renewals };
}

/** Composition root of the subscription service: every dependency is built once, here. */
export const subscriptionService = defineService({
  name: "subscription",
  port: 7105,
  settings: subscriptionSettings,
  database: createPrismaClient,
  compose,
  routes: (router, deps) => subscriptionRoutes(router, deps),
  consumers: (deps) => subscriptions(deps),
  timers: (deps) => ({
    [SUBSCRIPTION_TIMERS.chargeDue]: onChargeDue(deps),
    [SUBSCRIPTION_TIMERS.endSuspension]: onEndSuspension(deps),
    [SUBSCRIPTION_TIMERS.expireCancellationRequest]: onExpireCancellationRequest(deps),
    [SUBSCRIPTION_TIMERS.reminderDue]: onReminderDue(deps),
  }),
  workers: (deps) => [deps.renewals],
});
