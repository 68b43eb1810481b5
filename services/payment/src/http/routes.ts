import express, { type Router } from "express";
import {
  CompleteSimulatedAuthentication,
  GetCheckoutPayments,
  GetOrderPayment,
  GetSimulatedAuthentication,
  ListSavedPaymentMethods,
  RefundPayment,
  TokenizeSimulatedCard,
} from "@mkt/contracts";
import { ConflictError, DomainError, mountEndpoints, NotFoundError, parseInput } from "@mkt/service-kit";
import { z } from "zod";
import type { PaymentDeps } from "../app/deps.js";
import { authenticationFinished } from "../app/record.js";
import { refundPayment } from "../app/refunds.js";
import { checkoutPaymentsView, paymentView } from "../app/views.js";
import { SimulatedProcessorError, type SimulatedProcessor } from "../processor/simulated.js";
import { authenticationPage } from "./authentication-page.js";

class CardNotAccepted extends DomainError {
  constructor(message: string) {
    super({
      slug: "card-not-accepted",
      status: 422,
      title: "Card not accepted",
      detail: message,
      errors: [{ path: "number", message: "not a Stripe test card number" }],
    });
  }
}

function simulatedOnly(deps: PaymentDeps): SimulatedProcessor {
  if (!deps.simulated) throw new NotFoundError("The simulated processor (PAYMENT_PROCESSOR is not simulated)");
  return deps.simulated;
}

async function completeAuthentication(deps: PaymentDeps, intentId: string, outcome: "approve" | "fail") {
  const simulated = simulatedOnly(deps);
  const known = await simulated.authentication(intentId);
  if (!known) throw new NotFoundError("Authentication", intentId);
  const result = await simulated.completeAuthentication(intentId, outcome);
  if (result.status === "expired")
    throw new ConflictError(
      "authentication-expired",
      "The authentication expired: the checkout was declined. Check out again.",
    );
  await authenticationFinished(deps, intentId);
  return result;
}

export function paymentRoutes(router: Router, deps: PaymentDeps): void {
  mountEndpoints(router, [
    [
      GetCheckoutPayments,
      async ({ params }) => {
        const checkout = await deps.db.client.checkout.findUnique({ where: { id: params.checkoutId } });
        if (!checkout) throw new NotFoundError("Checkout", params.checkoutId);
        const payments = await deps.db.client.payment.findMany({
          where: { checkoutId: checkout.id },
          orderBy: { position: "asc" },
        });
        return checkoutPaymentsView(checkout, payments);
      },
    ],
    [
      GetOrderPayment,
      async ({ params }) => {
        const payment = await deps.db.client.payment.findUnique({ where: { orderId: params.orderId } });
        if (!payment) throw new NotFoundError("Payment of order", params.orderId);
        return paymentView(payment);
      },
    ],
    [
      RefundPayment,
      async ({ params, body, idempotencyKey }) => refundPayment(deps, params.paymentId, body, idempotencyKey),
    ],
    [
      ListSavedPaymentMethods,
      async ({ params }) => {
        const saved = await deps.db.client.savedPaymentMethod.findMany({
          where: { buyerId: params.buyerId },
          orderBy: { savedAt: "desc" },
        });
        return {
          items: saved.map((s) => ({
            paymentMethodId: s.paymentMethodId,
            brand: s.brand,
            last4: s.last4,
            expMonth: s.expMonth,
            expYear: s.expYear,
            savedAt: s.savedAt.toISOString(),
            consentCheckoutId: s.consentCheckoutId,
          })),
        };
      },
    ],
    [
      TokenizeSimulatedCard,
      async ({ body }) => {
        try {
          return await simulatedOnly(deps).tokenize(body);
        } catch (error) {
          if (error instanceof SimulatedProcessorError) throw new CardNotAccepted(error.message);
          throw error;
        }
      },
    ],
    [
      GetSimulatedAuthentication,
      async ({ params }) => {
        const found = await simulatedOnly(deps).authentication(params.authenticationId);
        if (!found) throw new NotFoundError("Authentication", params.authenticationId);
        return {
          authenticationId: params.authenticationId,
          status: found.status,
          amount: { amount: found.amount, currency: found.currency },
          checkoutId: found.checkoutId,
        };
      },
    ],
    [
      CompleteSimulatedAuthentication,
      async ({ params, body }) => {
        const result = await completeAuthentication(deps, params.authenticationId, body.outcome);
        return {
          authenticationId: params.authenticationId,
          status: result.status,
          amount: { amount: result.amount, currency: result.currency },
          checkoutId: result.checkoutId,
        };
      },
    ],
  ]);

  // The page the buyer's browser is sent to (redirectUrl): HTML, with plain form posts.
  router.get("/simulated/authentications/:authenticationId/page", async (req, res) => {
    const intentId = String(req.params.authenticationId);
    const found = await simulatedOnly(deps).authentication(intentId);
    if (!found) throw new NotFoundError("Authentication", intentId);
    res.type("html").send(authenticationPage({ intentId, ...found }));
  });
  router.post(
    "/simulated/authentications/:authenticationId/page",
    express.urlencoded({ extended: false, limit: "1kb" }),
    async (req, res) => {
      const intentId = String(req.params.authenticationId);
      const { outcome } = parseInput(z.object({ outcome: z.enum(["approve", "fail"]) }), req.body ?? {});
      const result = await completeAuthentication(deps, intentId, outcome);
      res
        .type("html")
        .send(
          authenticationPage({ intentId, amount: result.amount, currency: result.currency, status: result.status }),
        );
    },
  );
}
