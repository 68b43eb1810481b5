import { randomUUID } from "node:crypto";
import type { RenewalChargeInput, SubscriptionFacts } from "@mkt/contracts";
import { TEST_PAYMENT_METHODS } from "../../src/processor/test-cards.js";
import { buyer, draft, http, type Json, type PaymentUnderTest } from "./payment.js";

/**
 * A card kept for renewals as a consented checkout kept it, while the card still passed (a card
 * declined at renewal was good when saved): a processor customer and the saved_payment_method row
 * (`savedAt` defaults to the service's clock); brand and last 4 of Stripe's named test cards.
 */
export async function keepCard(
  service: PaymentUnderTest,
  buyerId: string,
  paymentMethod: string,
  savedAt?: Date,
): Promise<void> {
  const { deps } = service.service.composed;
  const customerId = await deps.processor.createCustomer(
    { buyerId, email: "buyer@acme.example", name: "ACME Industries SAS" },
    `test:${randomUUID()}:customer`,
  );
  const card = TEST_PAYMENT_METHODS[paymentMethod]!.card;
  await deps.db.client.savedPaymentMethod.create({
    data: {
      buyerId,
      paymentMethodId: paymentMethod,
      customerId,
      ...card,
      consentCheckoutId: randomUUID(),
      savedAt: savedAt ?? deps.clock.now(),
    },
  });
}

/** What the subscription service's renewal worker sends for one period. */
export function renewalOf(buyerId: string, overrides: Partial<RenewalChargeInput> = {}): RenewalChargeInput {
  return {
    subscriptionId: randomUUID(),
    periodNumber: 1,
    buyerId,
    vendorId: randomUUID(),
    amount: { amount: 12_000, currency: "EUR" },
    fee: { amount: 360, currency: "EUR" },
    description: "Kubernetes managé, Standard (monthly)",
    ...overrides,
  };
}

/** The period's charge key, as the renewal worker derives it. */
export const chargeKeyOf = (input: RenewalChargeInput) =>
  `subscription:${input.subscriptionId}:period:${input.periodNumber}:charge:1`;

export function chargeRenewal(
  base: string,
  input: unknown,
  key: string,
): Promise<{ status: number; body: Json; text: string }> {
  return http(base, "POST", "/renewal-charges", input, { "idempotency-key": key });
}

/**
 * The subscription whose periods `input` charges, as subscription.* events carry it: an
 * individual's monthly plan with a trial, started by `orderId` (`trialing` until its first charge).
 */
export function subscriptionOf(input: RenewalChargeInput, orderId: string = randomUUID()): SubscriptionFacts {
  const order = draft(input.amount.amount, input.vendorId);
  const line = order.lines[0]!;
  return {
    subscriptionId: input.subscriptionId,
    orderId,
    lineId: line.lineId,
    buyer: { ...buyer(input.buyerId), kind: "individual", registrationNumber: null, vatNumber: null },
    vendor: order.vendor,
    productId: line.productId,
    productName: line.productName,
    planId: line.planId,
    planName: line.planName,
    billingCycle: "monthly",
    anchor: "2026-12-01",
    timeZone: "Europe/Paris",
    unitPrice: line.unitPrice,
    quantity: 1,
    vatTreatment: order.vatTreatment,
    commitmentMonths: 0,
    state: "ended",
  };
}
