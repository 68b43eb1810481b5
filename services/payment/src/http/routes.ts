import express, { type Router } from "express";
import {
  ChargeRenewal,
  CompleteSimulatedAuthentication,
  GetCheckoutPayments,
  GetOrderPayment,
  GetRenewalCard,
  GetSimulatedAuthentication,
  ListSavedPaymentMethods,
  RefundPayment,
  ReplaceRenewalCard,
  TokenizeSimulatedCard,
} from "@mkt/contracts";
import { mountEndpoints, parseInput } from "@mkt/service-kit";
import { z } from "zod";
import type { PaymentDeps } from "../app/deps.js";
import { listSavedPaymentMethods, readCheckoutPayments, readOrderPayment } from "../app/read-payments.js";
import { refundPayment } from "../app/refunds.js";
import { chargeRenewal } from "../app/renewal-charges.js";
import { readRenewalCard, replaceRenewalCard } from "../app/renewal-card.js";
import {
  completeSimulatedAuthentication,
  readSimulatedAuthentication,
  tokenizeSimulatedCard,
} from "../app/simulated-processor.js";
import { authenticationPage } from "./authentication-page.js";

export function paymentRoutes(router: Router, deps: PaymentDeps): void {
  mountEndpoints(router, [
    [GetCheckoutPayments, async ({ params }) => readCheckoutPayments(deps, params.checkoutId)],
    [GetOrderPayment, async ({ params }) => readOrderPayment(deps, params.orderId)],
    [
      RefundPayment,
      async ({ params, body, idempotencyKey }) => refundPayment(deps, params.paymentId, body, idempotencyKey),
    ],
    [ListSavedPaymentMethods, async ({ params }) => listSavedPaymentMethods(deps, params.buyerId)],
    [ChargeRenewal, async ({ body, idempotencyKey }) => chargeRenewal(deps, body, idempotencyKey)],
    [
      ReplaceRenewalCard,
      async ({ params, body, idempotencyKey }) => replaceRenewalCard(deps, params.buyerId, body, idempotencyKey),
    ],
    [GetRenewalCard, async ({ params }) => readRenewalCard(deps, params.buyerId)],
    [TokenizeSimulatedCard, async ({ body }) => tokenizeSimulatedCard(deps, body)],
    [
      GetSimulatedAuthentication,
      async ({ params }) => {
        const found = await readSimulatedAuthentication(deps, params.authenticationId);
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
        const result = await completeSimulatedAuthentication(deps, params.authenticationId, body.outcome);
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
    const found = await readSimulatedAuthentication(deps, intentId);
    res.type("html").send(authenticationPage({ intentId, ...found }));
  });
  router.post(
    "/simulated/authentications/:authenticationId/page",
    express.urlencoded({ extended: false, limit: "1kb" }),
    async (req, res) => {
      const intentId = String(req.params.authenticationId);
      const { outcome } = parseInput(z.object({ outcome: z.enum(["approve", "fail"]) }), req.body ?? {});
      const result = await completeSimulatedAuthentication(deps, intentId, outcome);
      res
        .type("html")
        .send(
          authenticationPage({ intentId, amount: result.amount, currency: result.currency, status: result.status }),
        );
    },
  );
}
