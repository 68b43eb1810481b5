import { randomUUID } from "node:crypto";
import { SubscriptionEndedV1, type EventData, type RenewalChargeInput } from "@mkt/contracts";
import { deleteBusNamespace, eventually, uniqueBusNamespace } from "@mkt/testing";
import { ProcessorUnavailable, type PaymentProcessor } from "../src/processor/port.js";
import {
  emitted,
  http,
  publish,
  redeliver,
  startPayment,
  type Json,
  type PaymentUnderTest,
} from "./support/payment.js";
import { chargeKeyOf, chargeRenewal, keepCard, renewalOf, subscriptionOf } from "./support/renewals.js";

// Saga step withdrawal.3a (docs/sagas/withdrawal.md): a plan with a trial is charged by its
// subscription at the trial's end (a renewal charge; the order charged 0). When the buyer withdraws
// from the order, subscription.ended (withdrawn) refunds every succeeded charge of the
// subscription in full, once however often it is delivered; another end refunds nothing.
const namespace = uniqueBusNamespace("payment-renewal-withdrawal");
let payment: PaymentUnderTest;
let base: string;

beforeAll(async () => {
  // The clock is moved past a retry's lease (TEST_CONTROLS: POST /__control/clock).
  payment = await startPayment(namespace, { TEST_CONTROLS: "enabled" });
  base = payment.service.url;
});
afterAll(async () => {
  await payment?.stop();
  await deleteBusNamespace(namespace);
});

const DAY = 86_400_000;

/** A subscription's periods charged on the buyer's card in turn; a declining card saved later fails the last. */
async function chargedSubscription(periods: { amount: number; declined?: boolean }[]) {
  const buyerId = randomUUID();
  const first = renewalOf(buyerId);
  const now = payment.service.deps.clock.now().getTime();
  await keepCard(payment, buyerId, "pm_card_visa", new Date(now - 2 * DAY));
  const charges: Json[] = [];
  for (const [periodNumber, period] of periods.entries()) {
    if (period.declined) await keepCard(payment, buyerId, "pm_card_chargeDeclined", new Date(now - DAY));
    const input: RenewalChargeInput = { ...first, periodNumber, amount: { amount: period.amount, currency: "EUR" } };
    const answer = await chargeRenewal(base, input, chargeKeyOf(input));
    expect(answer.body.status).toBe(period.declined ? "failed" : "succeeded");
    charges.push(answer.body);
  }
  return { subscription: subscriptionOf(first), charges };
}

const ended = (
  subscription: ReturnType<typeof subscriptionOf>,
  reason: EventData<typeof SubscriptionEndedV1>["reason"],
): EventData<typeof SubscriptionEndedV1> => ({
  subscription,
  reason,
  lastDayOfService: "2026-12-10",
  endedAt: "2026-12-10T10:00:00.000Z",
});

const refundsOf = (subscriptionId: string) =>
  payment.database.query<Json>(
    `SELECT c.period_number, r.payment_id, r.order_id, r.idempotency_key, r.amount, r.reason, r.status
     FROM refund r JOIN renewal_charge c ON c.id = r.renewal_charge_id
     WHERE c.subscription_id = $1 ORDER BY c.period_number`,
    [subscriptionId],
  );

const refundedAmountAtProcessor = async (processorPaymentId: string) => {
  const [intent] = await payment.database.query<Json>("SELECT refunded_amount FROM sim_intent WHERE id = $1", [
    processorPaymentId,
  ]);
  return intent.refunded_amount;
};

const refundEventsOf = async (subscriptionId: string) =>
  (await emitted(payment, "payment.refunded")).filter((e) => e.data.subscriptionId === subscriptionId);

/** Waits until every refund of the subscription succeeded; a later event on the same durable is then applied too. */
const refunded = (subscriptionId: string, count: number) =>
  eventually(async () => {
    const rows = await refundsOf(subscriptionId);
    expect(rows.map((row) => row.status)).toEqual(Array(count).fill("succeeded"));
    return rows;
  });

describe("subscription.ended after the order's withdrawal", () => {
  it("refunds every succeeded charge of the subscription in full, once; a failed charge is not refunded", async () => {
    const { subscription, charges } = await chargedSubscription([
      { amount: 12_000 },
      { amount: 9_000 },
      { amount: 9_000, declined: true },
    ]);
    const envelope = await publish(payment, SubscriptionEndedV1, ended(subscription, "withdrawn"));
    await refunded(subscription.subscriptionId, 2);

    await redeliver(payment, SubscriptionEndedV1, envelope);
    await publish(payment, SubscriptionEndedV1, ended(subscription, "withdrawn"));
    // A barrier: the same durable reads in order, so once a later withdrawal is refunded the
    // redelivery and the republish before it were applied too.
    const later = await chargedSubscription([{ amount: 1_000 }]);
    await publish(payment, SubscriptionEndedV1, ended(later.subscription, "withdrawn"));
    await refunded(later.subscription.subscriptionId, 1);

    const key = `subscription:${subscription.subscriptionId}:withdrawal`;
    const refund = { payment_id: null, order_id: subscription.orderId, idempotency_key: key, reason: "withdrawn" };
    expect(await refundsOf(subscription.subscriptionId)).toEqual([
      { ...refund, period_number: 0, amount: 12_000, status: "succeeded" },
      { ...refund, period_number: 1, amount: 9_000, status: "succeeded" },
    ]);
    expect(await refundedAmountAtProcessor(charges[0].processorPaymentId)).toBe(12_000);
    expect(await refundedAmountAtProcessor(charges[1].processorPaymentId)).toBe(9_000);

    // The ledger's money fact: payment.refunded of the charge, as subscription.renewed named it (paymentId).
    // The worker refunds the two at once: their events commit in either order.
    const events = await refundEventsOf(subscription.subscriptionId);
    const byPeriod = (data: Json) => charges.findIndex((charge) => charge.chargeId === data.paymentId);
    expect(events.map((e) => e.data).sort((a, b) => byPeriod(a) - byPeriod(b))).toEqual(
      [charges[0], charges[1]].map((charge) => ({
        orderId: subscription.orderId,
        paymentId: charge.chargeId,
        refundId: expect.any(String),
        vendorId: subscription.vendor.vendorId,
        buyerId: subscription.buyer.buyerId,
        amount: charge.amount,
        reason: "withdrawn",
        refundedAt: expect.any(String),
        subscriptionId: subscription.subscriptionId,
      })),
    );
  });

  it("refunds nothing when the subscription ended otherwise: cancelled, or suspended too long", async () => {
    const cancelled = await chargedSubscription([{ amount: 12_000 }]);
    const unpaid = await chargedSubscription([{ amount: 12_000 }, { amount: 12_000, declined: true }]);
    await publish(payment, SubscriptionEndedV1, ended(cancelled.subscription, "cancelled"));
    await publish(payment, SubscriptionEndedV1, ended(unpaid.subscription, "suspended-too-long"));
    const barrier = await chargedSubscription([{ amount: 1_000 }]);
    await publish(payment, SubscriptionEndedV1, ended(barrier.subscription, "withdrawn"));
    await refunded(barrier.subscription.subscriptionId, 1);

    for (const { subscription, charges } of [cancelled, unpaid]) {
      expect(await refundsOf(subscription.subscriptionId)).toEqual([]);
      expect(await refundEventsOf(subscription.subscriptionId)).toEqual([]);
      expect(await refundedAmountAtProcessor(charges[0].processorPaymentId)).toBe(0);
    }
  });

  it("refunds nothing for a withdrawn subscription that was never charged (still in its trial)", async () => {
    const { subscription } = await chargedSubscription([]);
    await publish(payment, SubscriptionEndedV1, ended(subscription, "withdrawn"));
    const barrier = await chargedSubscription([{ amount: 1_000 }]);
    await publish(payment, SubscriptionEndedV1, ended(barrier.subscription, "withdrawn"));
    await refunded(barrier.subscription.subscriptionId, 1);
    expect(await refundsOf(subscription.subscriptionId)).toEqual([]);
  });

  it("a refund the processor made but whose answer was lost is redone by the worker with the same key: refunded once", async () => {
    const { subscription, charges } = await chargedSubscription([{ amount: 12_000 }]);
    const { deps } = payment.service.composed;
    const real = deps.processor;
    // The processor refunds, then the connection drops before its answer (a crash or a timeout).
    const lost: PaymentProcessor = Object.create(real);
    let calls = 0;
    lost.refund = async (processorPaymentId, amount, key) => {
      calls += 1;
      await real.refund(processorPaymentId, amount, key);
      throw new ProcessorUnavailable("connection reset");
    };
    deps.processor = lost;
    try {
      await publish(payment, SubscriptionEndedV1, ended(subscription, "withdrawn"));
      // Pending, its lease shortened by the worker's retryLater (the pass that failed is over).
      await eventually(async () => {
        expect(calls).toBeGreaterThan(0);
        const leases = await payment.database.query<Json>(
          `SELECT r.status, r.lease_until FROM refund r JOIN renewal_charge c ON c.id = r.renewal_charge_id
           WHERE c.subscription_id = $1`,
          [subscription.subscriptionId],
        );
        expect(leases).toEqual([{ status: "pending", lease_until: expect.any(Date) }]);
        expect(leases[0].lease_until.getTime()).toBeLessThan(payment.service.deps.clock.now().getTime() + 10_000);
      });
    } finally {
      deps.processor = real;
    }
    // The worker retries once the shortened lease runs out (the controllable clock, no sleep).
    expect(await http(base, "POST", "/__control/clock", { advanceByMs: 10_000 })).toMatchObject({ status: 200 });
    await refunded(subscription.subscriptionId, 1);
    expect(await refundedAmountAtProcessor(charges[0].processorPaymentId)).toBe(12_000);
    expect(await refundEventsOf(subscription.subscriptionId)).toHaveLength(1);
  });

  it("charges nothing for a subscription whose withdrawal it heard of first: a failed attempt, the same on a retry", async () => {
    const buyerId = randomUUID();
    const input = renewalOf(buyerId);
    await keepCard(payment, buyerId, "pm_card_visa", payment.service.deps.clock.now());
    const subscription = subscriptionOf(input);
    await publish(payment, SubscriptionEndedV1, ended(subscription, "withdrawn"));
    await eventually(async () =>
      expect(
        await payment.database.query(`SELECT order_id FROM withdrawn_subscription WHERE subscription_id = $1`, [
          subscription.subscriptionId,
        ]),
      ).toEqual([{ order_id: subscription.orderId }]),
    );
    const answer = await chargeRenewal(base, input, chargeKeyOf(input));
    expect(answer.body).toMatchObject({
      status: "failed",
      failureReason: "subscription-withdrawn",
      processorPaymentId: null,
      card: null,
    });
    expect((await chargeRenewal(base, input, chargeKeyOf(input))).body).toEqual(answer.body);
    expect(await refundsOf(subscription.subscriptionId)).toEqual([]);
  });

  it("refunds at once a charge the processor was making when the withdrawal was heard", async () => {
    const buyerId = randomUUID();
    const input = renewalOf(buyerId);
    await keepCard(payment, buyerId, "pm_card_visa", payment.service.deps.clock.now());
    const subscription = subscriptionOf(input);
    const { deps } = payment.service.composed;
    const real = deps.processor;
    // The withdrawal is consumed while the processor is charging the card.
    const slow: PaymentProcessor = Object.create(real);
    slow.chargeOffSession = async (request) => {
      const outcome = await real.chargeOffSession(request);
      await publish(payment, SubscriptionEndedV1, ended(subscription, "withdrawn"));
      await eventually(async () =>
        expect(
          await payment.database.query(`SELECT 1 FROM withdrawn_subscription WHERE subscription_id = $1`, [
            subscription.subscriptionId,
          ]),
        ).toHaveLength(1),
      );
      return outcome;
    };
    deps.processor = slow;
    let charged: Json;
    try {
      charged = (await chargeRenewal(base, input, chargeKeyOf(input))).body;
    } finally {
      deps.processor = real;
    }
    expect(charged.status).toBe("succeeded");
    const [refund] = await refunded(subscription.subscriptionId, 1);
    expect(refund).toMatchObject({ order_id: subscription.orderId, amount: input.amount.amount, reason: "withdrawn" });
    expect(await refundedAmountAtProcessor(charged.processorPaymentId)).toBe(input.amount.amount);
    expect(await refundEventsOf(subscription.subscriptionId)).toHaveLength(1);
  });
});
