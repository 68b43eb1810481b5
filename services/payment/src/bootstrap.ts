import { defineService, type ServiceDeps } from "@mkt/service-kit";
import { createPrismaClient, type Db } from "./db/client.js";
import type { PaymentDeps } from "./app/deps.js";
import { PaymentWorker } from "./app/worker.js";
import { AUTHENTICATION_EXPIRY } from "./app/authorize-checkout.js";
import { expireAuthentication } from "./app/record.js";
import { subscriptions } from "./events/subscriptions.js";
import { paymentRoutes } from "./http/routes.js";
import { mountStripeWebhook } from "./http/stripe-webhook.js";
import { SimulatedProcessor } from "./processor/simulated.js";
import { StripeProcessor } from "./processor/stripe.js";
import { paymentSettings, type PaymentSettings } from "./settings.js";

export type PaymentServiceDeps = ServiceDeps<Db, PaymentSettings>;

/** What the payment service's routes, consumers, timers and worker share: built once per start. */
export interface PaymentComposition {
  deps: PaymentDeps;
  worker: PaymentWorker;
  /** Set in Stripe mode: its webhook is mounted on the service's routes. */
  stripe: { processor: StripeProcessor; webhookSecret: string } | undefined;
}

function apiOf(base: string | undefined) {
  if (!base) return undefined;
  const url = new URL(base);
  const protocol = url.protocol === "http:" ? ("http" as const) : ("https" as const);
  return { host: url.hostname, port: Number(url.port || (protocol === "http" ? 80 : 443)), protocol };
}

/** The card processor the settings name (Stripe, or the simulator mirroring its test cards), and the worker. */
function compose(service: PaymentServiceDeps): PaymentComposition {
  const { config } = service;
  let simulated: SimulatedProcessor | undefined;
  let stripe: StripeProcessor | undefined;
  if (config.PAYMENT_PROCESSOR === "stripe") {
    const missing = (["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"] as const).filter((name) => !config[name]);
    if (missing.length > 0) throw new Error(`PAYMENT_PROCESSOR=stripe needs ${missing.join(" and ")}`);
    stripe = new StripeProcessor({
      secretKey: config.STRIPE_SECRET_KEY!,
      returnUrl: config.STRIPE_RETURN_URL,
      api: apiOf(config.STRIPE_API_BASE),
    });
  } else {
    simulated = new SimulatedProcessor(service.db.client, service.clock, config.PAYMENT_PUBLIC_URL);
  }
  const deps: PaymentDeps = {
    db: service.db,
    clock: service.clock,
    outbox: service.outbox,
    timers: service.timers,
    log: service.log,
    authenticationTimeoutMs: config.PAYMENT_AUTHENTICATION_TIMEOUT_MINUTES * 60_000,
    processor: (stripe ?? simulated)!,
    simulated,
    // The worker is built just below; nothing wakes it before the service starts.
    wake: () => worker.nudge(),
  };
  const worker = new PaymentWorker(deps, config.PAYMENT_WORK_POLL_MS);
  return {
    deps,
    worker,
    stripe: stripe ? { processor: stripe, webhookSecret: config.STRIPE_WEBHOOK_SECRET! } : undefined,
  };
}

/** Composition root of the payment service: every dependency is built once, here. */
export const paymentService = defineService({
  name: "payment",
  port: 7103,
  settings: paymentSettings,
  database: createPrismaClient,
  compose,
  routes: (router, { deps, stripe }) => {
    if (stripe) mountStripeWebhook(router, deps, stripe.processor, stripe.webhookSecret);
    paymentRoutes(router, deps);
  },
  consumers: ({ deps }) => subscriptions(deps),
  timers: ({ deps }) => ({
    [AUTHENTICATION_EXPIRY]: (timer, tx) => expireAuthentication(tx, deps, timer.key),
  }),
  workers: ({ worker }) => [worker],
});
export type { Db } from "./db/client.js";
