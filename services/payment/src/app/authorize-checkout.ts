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
import { CardRefused, type AuthorizationOutcome, type CardDetails, type DeclineReason } from "../processor/port.js";
import type { PaymentDeps, Tx } from "./deps.js";

type Submitted = EventData<typeof CartCheckoutSubmittedV1>;

/**
 * Durable timer (key = checkoutId) of saga step checkout.2b: the buyer did not finish 3-D Secure in time. WIRE NAME.
 */
export const AUTHENTICATION_EXPIRY = "payment.authentication-expiry";

/**
 * Saga step checkout.2 (docs/sagas/checkout.md), its second half: the worker authorizes each
 * order's payment. Compensation of a decline: completeDeclined releases what was authorized.
 *
 * One pass of the checkout's authorization, redone from the start after any crash: the payments
 * still to authorize are asked of the processor at once, each with its step's idempotency key
 * (which answers the first result if the call had been made), and what they answered is committed
 * in one transaction. Called by the worker only, which holds the checkout's lease; processor
 * calls happen outside any transaction.
 */
export async function advanceCheckout(deps: PaymentDeps, checkoutId: string): Promise<void> {
  let checkout = await deps.db.client.checkout.findUniqueOrThrow({ where: { id: checkoutId } });
  const submitted = checkout.submitted as unknown as Submitted;

  if (checkout.status === "authorizing") {
    const payments = await deps.db.client.payment.findMany({ where: { checkoutId }, orderBy: { position: "asc" } });
    if (checkout.saveForRenewals && !checkout.customerId) {
      const customerId = await deps.processor.createCustomer(
        { buyerId: submitted.buyer.buyerId, email: submitted.buyer.email, name: submitted.buyer.name },
        idempotencyKeys.customer(checkoutId),
      );
      checkout = await deps.db.client.checkout.update({ where: { id: checkoutId }, data: { customerId } });
    }
    // Every order is charged on the same card: authorizing them one after the other would only add
    // round trips. A decline or a 3-D Secure challenge is looked at once all have answered. An
    // order of free trials only charges nothing now: the processor is not asked for it, and its
    // card is verified by keeping it for renewals (completeAuthorized).
    const pending = payments.filter((payment) => payment.status !== "authorized" && payment.amount > 0);
    const outcomes = await Promise.all(pending.map((payment) => authorizeOne(deps, checkout, payment)));
    const answered = pending.map((payment, i) => ({ payment, outcome: outcomes[i]! }));
    const declined = answered.find(({ outcome }) => outcome.kind === "declined");
    const challenged = answered.find(({ outcome }) => outcome.kind === "requires_action");
    if (declined) {
      checkout = await recordDeclined(deps, checkout, answered, declined.outcome);
      return completeDeclined(deps, checkout, submitted);
    }
    if (challenged) return recordActionRequired(deps, checkout, answered, challenged.outcome);
    return completeAuthorized(deps, checkout, submitted, payments, answered);
  }
  if (checkout.status === "declining") return completeDeclined(deps, checkout, submitted);
}

type Answered = { payment: Payment; outcome: AuthorizationOutcome }[];

function authorizeOne(deps: PaymentDeps, checkout: Checkout, payment: Payment): Promise<AuthorizationOutcome> {
  if (payment.status === "action-required" && payment.processorPaymentId)
    return deps.processor.confirmAuthentication(payment.processorPaymentId);
  return deps.processor.authorize({
    amount: payment.amount,
    currency: payment.currency,
    paymentMethod: checkout.paymentMethod,
    customer: checkout.customerId,
    saveForFutureUse: checkout.saveForRenewals,
    idempotencyKey: idempotencyKeys.authorize(checkout.id, payment.orderId),
    metadata: {
      checkoutId: checkout.id,
      orderId: payment.orderId,
      paymentId: payment.id,
      vendorId: payment.vendorId,
      buyerId: payment.buyerId,
    },
  });
}

/** Each payment as its processor's answer leaves it: one statement for all (they differ only in the answer). */
async function recordPayments(tx: Tx, answered: Answered, now: Date): Promise<void> {
  if (answered.length === 0) return;
  const rows = answered.map(({ payment, outcome }) => ({
    id: payment.id,
    status:
      outcome.kind === "authorized" ? "authorized" : outcome.kind === "requires_action" ? "action-required" : "failed",
    processor_payment_id: outcome.processorPaymentId,
    failure_reason: outcome.kind === "declined" ? outcome.reason : null,
    authorized_at: outcome.kind === "authorized" ? now.toISOString() : null,
  }));
  await tx.$executeRaw`
    UPDATE payment SET status = r.status, processor_payment_id = r.processor_payment_id,
      failure_reason = COALESCE(r.failure_reason, payment.failure_reason),
      authorized_at = COALESCE(r.authorized_at, payment.authorized_at)
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS r(id text, status text, processor_payment_id text, failure_reason text, authorized_at timestamptz)
    WHERE payment.id = r.id`;
}

async function recordActionRequired(
  deps: PaymentDeps,
  checkout: Checkout,
  answered: Answered,
  challenge: AuthorizationOutcome,
): Promise<void> {
  if (challenge.kind !== "requires_action") return;
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await recordPayments(tx, answered, now);
    await tx.checkout.update({
      where: { id: checkout.id },
      data: { status: "action-required", redirectUrl: challenge.redirectUrl, leaseUntil: null, updatedAt: now },
    });
    await deps.timers.schedule(tx, {
      type: AUTHENTICATION_EXPIRY,
      key: checkout.id,
      dueAt: new Date(now.getTime() + deps.authenticationTimeoutMs),
    });
    // Once per redirect: a pass redone after the buyer came back without finishing says nothing new.
    if (checkout.redirectUrl !== challenge.redirectUrl) {
      await deps.outbox.add(tx, PaymentCheckoutActionRequiredV1, {
        checkoutId: checkout.id,
        buyerId: checkout.buyerId,
        redirectUrl: challenge.redirectUrl,
        requiredAt: now.toISOString(),
      });
    }
  });
}

async function recordDeclined(
  deps: PaymentDeps,
  checkout: Checkout,
  answered: Answered,
  decline: AuthorizationOutcome,
): Promise<Checkout> {
  const reason = decline.kind === "declined" ? decline.reason : "processing-error";
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    await recordPayments(tx, answered, now);
    return tx.checkout.update({
      where: { id: checkout.id },
      data: { status: "declining", declineReason: reason, updatedAt: now },
    });
  });
}

async function completeAuthorized(
  deps: PaymentDeps,
  checkout: Checkout,
  submitted: Submitted,
  payments: Payment[],
  answered: Answered,
): Promise<void> {
  const lastCard = answered.findLast(({ outcome }) => outcome.kind === "authorized" && outcome.card)?.outcome;
  let card =
    lastCard?.kind === "authorized" && lastCard.card ? lastCard.card : (checkout.card as unknown as CardDetails | null);
  if (checkout.saveForRenewals && checkout.customerId) {
    try {
      card = await deps.processor.saveForRenewals(
        checkout.customerId,
        checkout.paymentMethod,
        idempotencyKeys.saveForRenewals(checkout.id),
      );
    } catch (error) {
      // The card cannot be kept (verified) for renewals: the checkout is declined as a refused
      // authorization would be, releasing what the other orders obtained.
      if (!(error instanceof CardRefused)) throw error;
      const refused: AuthorizationOutcome = {
        kind: "declined",
        processorPaymentId: null,
        reason: error.reason,
        processorCode: error.code,
      };
      const declined = await recordDeclined(deps, checkout, answered, refused);
      return completeDeclined(deps, declined, submitted);
    }
  }
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const claimed = await tx.checkout.updateMany({
      where: { id: checkout.id, status: "authorizing" },
      data: {
        status: "authorized",
        leaseUntil: null,
        redirectUrl: null,
        updatedAt: now,
        ...(card ? { card: card as unknown as Prisma.InputJsonValue } : {}),
      },
    });
    if (claimed.count === 0) return;
    await recordPayments(tx, answered, now);
    // Free trials only: nothing was asked of the processor, nothing is held on the card.
    await tx.payment.updateMany({
      where: { checkoutId: checkout.id, amount: 0, status: "authorizing" },
      data: { status: "authorized", authorizedAt: now },
    });
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

/**
 * Saga step checkout.2's compensation on a decline: releases every authorization the checkout obtained, then declines
 * it.
 */
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
