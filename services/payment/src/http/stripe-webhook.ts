import type { Response, Router } from "express";
import { STRIPE_WEBHOOK_PATH } from "@mkt/contracts";
import { rawBodyOf } from "@mkt/service-kit";
import type Stripe from "stripe";
import type { PaymentDeps } from "../app/deps.js";
import { authenticationFinished } from "../app/record.js";
import type { StripeProcessor } from "../processor/stripe.js";

/** The Stripe events that finish a 3-D Secure authentication: the worker then asks Stripe where the intent stands. */
export const AUTHENTICATION_EVENTS = new Set([
  "payment_intent.amount_capturable_updated",
  "payment_intent.payment_failed",
]);

function problem(res: Response, status: number, slug: string, detail: string): void {
  res
    .status(status)
    .type("application/problem+json")
    .send(JSON.stringify({ type: `/problems/${slug}`, title: detail, status, detail }));
}

/**
 * Stripe's webhook, `POST /stripe/webhooks` on the service's own port: the signature is computed
 * over the exact bytes Stripe sent, which the kit keeps beside the parsed body (`rawBodyOf`); they
 * are checked with `stripe.webhooks.constructEvent` before anything is believed. A forged,
 * tampered or older-than-5-minutes event is refused with 400.
 */
export function mountStripeWebhook(router: Router, deps: PaymentDeps, stripe: StripeProcessor, secret: string): void {
  router.post(STRIPE_WEBHOOK_PATH, async (req, res) => {
    const signature = req.get("stripe-signature");
    if (!signature) return problem(res, 400, "invalid-signature", "The Stripe-Signature header is missing.");
    const raw = rawBodyOf(req);
    if (!raw) return problem(res, 400, "invalid-signature", "Stripe posts its events as JSON.");
    let event: Stripe.Event;
    try {
      event = stripe.constructEvent(raw, signature, secret, deps.clock.now().getTime());
    } catch (error) {
      deps.log.warn({ reason: (error as Error).message }, "stripe webhook refused: bad signature");
      return problem(res, 400, "invalid-signature", "The signature does not match the payload, or it is too old.");
    }
    if (AUTHENTICATION_EVENTS.has(event.type)) {
      const intent = event.data.object as Stripe.PaymentIntent;
      await authenticationFinished(deps, intent.id);
    }
    res.json({ received: true });
  });
}
