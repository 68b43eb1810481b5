import {
  PaymentCheckoutActionRequiredV1,
  PaymentCheckoutAuthorizedV1,
  PaymentCheckoutDeclinedV1,
  type CartCheckoutSubmittedV1,
  type EventData,
} from "@mkt/contracts";
import type { Checkout, Payment, Prisma } from "../generated/prisma/client.js";
import { idempotencyKeys } from "../domain/keys.js";
import { declineMessage } from "../domain/outcomes.js";
import type { AuthorizationOutcome, CardDetails, DeclineReason } from "../processor/port.js";
import type { PaymentDeps } from "./deps.js";

type Submitted = EventData<typeof CartCheckoutSubmittedV1>;

/** Durable timer (key = checkoutId) of saga step checkout.2b: the buyer did not finish 3-D Secure in time. WIRE NAME. */
export const AUTHENTICATION_EXPIRY = "payment.authentication-expiry";

/**
 * Saga step checkout.2 (docs/sagas/checkout.md), its second half: the worker authorizes each
 * order's payment. Compensation of a decline: completeDeclined releases what was authorized.
 *
 * One pass of the checkout's authorization, redone from the start after any crash: each step
 * either sees its result already committed, or calls the processor with the step's idempotency
 * key (which answers the first result if the call had been made) and commits what it answered.
 * Called by the worker only, which holds the checkout's lease; processor calls happen outside
 * any transaction.
 */
export async function advanceCheckout(deps: PaymentDeps, checkoutId: string): Promise<void> {
  let checkout = await deps.db.client.checkout.findUniqueOrThrow({ where: { id: checkoutId } });
  const submitted = checkout.submitted as unknown as Submitted;
  const payments = await deps.db.client.payment.findMany({ where: { checkoutId }, orderBy: { position: "asc" } });

  if (checkout.status === "authorizing") {
    if (checkout.saveForRenewals && !checkout.customerId) {
      const customerId = await deps.processor.createCustomer(
        { buyerId: submitted.buyer.buyerId, email: submitted.buyer.email, name: submitted.buyer.name },
        idempotencyKeys.customer(checkoutId),
      );
      checkout = await deps.db.client.checkout.update({ where: { id: checkoutId }, data: { customerId } });
    }
    for (const payment of payments) {
      if (payment.status === "authorized") continue;
      const outcome =
        payment.status === "action-required" && payment.processorPaymentId
          ? await deps.processor.confirmAuthentication(payment.processorPaymentId)
          : await deps.processor.authorize({
              amount: payment.amount,
              currency: payment.currency,
              paymentMethod: checkout.paymentMethod,
              customer: checkout.customerId,
              saveForFutureUse: checkout.saveForRenewals,
              idempotencyKey: idempotencyKeys.authorize(checkoutId, payment.orderId),
              metadata: {
                checkoutId,
                orderId: payment.orderId,
                paymentId: payment.id,
                vendorId: payment.vendorId,
                buyerId: payment.buyerId,
              },
            });
      const next = await recordOutcome(deps, checkout, payment, outcome);
      if (next === "stop") return;
      if (next === "declining") {
        checkout = await deps.db.client.checkout.findUniqueOrThrow({ where: { id: checkoutId } });
        break;
      }
      if (outcome.kind === "authorized" && outcome.card) {
        checkout = await deps.db.client.checkout.update({
          where: { id: checkoutId },
          data: { card: outcome.card as unknown as Prisma.InputJsonValue },
        });
      }
    }
    if (checkout.status === "authorizing") return completeAuthorized(deps, checkout, submitted);
  }
  if (checkout.status === "declining") return completeDeclined(deps, checkout, submitted);
}

async function recordOutcome(
  deps: PaymentDeps,
  checkout: Checkout,
  payment: Payment,
  outcome: AuthorizationOutcome,
): Promise<"continue" | "stop" | "declining"> {
  const now = deps.clock.now();
  switch (outcome.kind) {
    case "authorized":
      await deps.db.client.payment.update({
        where: { id: payment.id },
        data: { status: "authorized", processorPaymentId: outcome.processorPaymentId, authorizedAt: now },
      });
      return "continue";
    case "requires_action":
      await deps.db.transaction(async (tx) => {
        await tx.payment.update({
          where: { id: payment.id },
          data: { status: "action-required", processorPaymentId: outcome.processorPaymentId },
        });
        await tx.checkout.update({
          where: { id: checkout.id },
          data: { status: "action-required", redirectUrl: outcome.redirectUrl, leaseUntil: null, updatedAt: now },
        });
        await deps.timers.schedule(tx, {
          type: AUTHENTICATION_EXPIRY,
          key: checkout.id,
          dueAt: new Date(now.getTime() + deps.authenticationTimeoutMs),
        });
        // Once per redirect: a pass redone after the buyer came back without finishing says nothing new.
        if (checkout.redirectUrl !== outcome.redirectUrl) {
          await deps.outbox.add(tx, PaymentCheckoutActionRequiredV1, {
            checkoutId: checkout.id,
            buyerId: checkout.buyerId,
            redirectUrl: outcome.redirectUrl,
            requiredAt: now.toISOString(),
          });
        }
      });
      return "stop";
    case "declined":
      await deps.db.transaction(async (tx) => {
        await tx.payment.update({
          where: { id: payment.id },
          data: { status: "failed", processorPaymentId: outcome.processorPaymentId, failureReason: outcome.reason },
        });
        await tx.checkout.update({
          where: { id: checkout.id },
          data: { status: "declining", declineReason: outcome.reason, updatedAt: now },
        });
      });
      return "declining";
  }
}

async function completeAuthorized(deps: PaymentDeps, checkout: Checkout, submitted: Submitted): Promise<void> {
  let card = checkout.card as unknown as CardDetails | null;
  if (checkout.saveForRenewals && checkout.customerId) {
    card = await deps.processor.saveForRenewals(
      checkout.customerId,
      checkout.paymentMethod,
      idempotencyKeys.saveForRenewals(checkout.id),
    );
  }
  const payments = await deps.db.client.payment.findMany({
    where: { checkoutId: checkout.id },
    orderBy: { position: "asc" },
  });
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const claimed = await tx.checkout.updateMany({
      where: { id: checkout.id, status: "authorizing" },
      data: { status: "authorized", leaseUntil: null, redirectUrl: null, updatedAt: now },
    });
    if (claimed.count === 0) return;
    if (checkout.saveForRenewals && card) {
      const saved = {
        customerId: checkout.customerId,
        brand: card.brand,
        last4: card.last4,
        expMonth: card.expMonth,
        expYear: card.expYear,
        consentCheckoutId: checkout.id,
        savedAt: now,
      };
      await tx.savedPaymentMethod.upsert({
        where: { buyerId_paymentMethodId: { buyerId: checkout.buyerId, paymentMethodId: checkout.paymentMethod } },
        create: { buyerId: checkout.buyerId, paymentMethodId: checkout.paymentMethod, ...saved },
        update: saved,
      });
    }
    const paymentIdOf = new Map(payments.map((p) => [p.orderId, p.id]));
    await deps.outbox.add(tx, PaymentCheckoutAuthorizedV1, {
      checkoutId: checkout.id,
      buyer: submitted.buyer,
      orders: submitted.orders.map((order) => ({ ...order, paymentId: paymentIdOf.get(order.orderId)! })),
      total: submitted.total,
      paymentMethod: {
        brand: card?.brand ?? "card",
        last4: card?.last4 ?? "0000",
        savedForRenewals: checkout.saveForRenewals && card !== null,
      },
      authorizedAt: now.toISOString(),
    });
  });
}

/** Saga step checkout.2's compensation on a decline: releases every authorization the checkout obtained, then declines it. */
async function completeDeclined(deps: PaymentDeps, checkout: Checkout, submitted: Submitted): Promise<void> {
  const payments = await deps.db.client.payment.findMany({
    where: { checkoutId: checkout.id },
    orderBy: { position: "asc" },
  });
  for (const payment of payments) {
    if ((payment.status === "authorized" || payment.status === "action-required") && payment.processorPaymentId) {
      await deps.processor.cancel(
        payment.processorPaymentId,
        idempotencyKeys.releaseDeclined(checkout.id, payment.orderId),
      );
      const now = deps.clock.now();
      await deps.db.client.payment.update({
        where: { id: payment.id },
        data:
          payment.status === "authorized"
            ? { status: "released", releasedAmount: payment.amount, releasedAt: now }
            : { status: "failed", failureReason: "checkout-declined", releasedAt: now },
      });
    } else if (payment.status === "authorizing") {
      await deps.db.client.payment.update({
        where: { id: payment.id },
        data: { status: "failed", failureReason: "checkout-declined" },
      });
    }
  }
  const reason = (checkout.declineReason ?? "processing-error") as DeclineReason;
  const message = declineMessage(reason, submitted.buyer.locale);
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const claimed = await tx.checkout.updateMany({
      where: { id: checkout.id, status: "declining" },
      data: { status: "declined", declineMessage: message, leaseUntil: null, redirectUrl: null, updatedAt: now },
    });
    if (claimed.count === 0) return;
    await deps.outbox.add(tx, PaymentCheckoutDeclinedV1, {
      checkoutId: checkout.id,
      buyerId: checkout.buyerId,
      reason,
      message,
      declinedAt: now.toISOString(),
    });
  });
}
