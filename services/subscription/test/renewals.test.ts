import { randomUUID } from "node:crypto";
import { eventually } from "@mkt/testing";
import {
  buyAndAccept,
  fireDueTimers,
  keepCard,
  recorded,
  startMarket,
  type Json,
  type Market,
} from "./support/market.js";

// The renewal engine end to end in-process: the subscription service's timers and renewal worker,
// payment's off-session charges on the simulated processor (Stripe's test cards), order's invoices,
// all on real PostgreSQL and NATS. Each scenario has its own market and a frozen clock it moves
// forward; nothing sleeps.

const eur = (amount: number) => ({ amount, currency: "EUR" });
/** The demo line: €299.00 a month before VAT, 20% VAT. */
const PERIOD_TOTAL = 35_880;

async function periodsOf(market: Market, subscriptionId: string) {
  return market.subscription.database.query<{
    number: number;
    state: string;
    failures: number;
    charge_key: string | null;
    invoice_number: string | null;
    payment_id: string | null;
  }>(
    `SELECT number, state, failures, charge_key, invoice_number, payment_id
       FROM subscription_period WHERE subscription_id = $1 ORDER BY number`,
    [subscriptionId],
  );
}

async function chargesOf(market: Market, subscriptionId: string) {
  return market.payment.database.query<{
    idempotency_key: string;
    status: string;
    amount: number;
    failure_reason: string | null;
  }>(
    `SELECT idempotency_key, status, amount, failure_reason FROM renewal_charge WHERE subscription_id = $1 ORDER BY created_at, idempotency_key`,
    [subscriptionId],
  );
}

async function invoicesOf(market: Market, subscriptionId: string) {
  return market.order.database.query<{ number: string; period_number: number }>(
    `SELECT number, period_number FROM renewal_invoice WHERE subscription_id = $1 ORDER BY period_number`,
    [subscriptionId],
  );
}

/** Moves the clock to `at` and fires what is due; the worker then charges on its own. */
async function at(market: Market, instant: string): Promise<void> {
  market.clock.set(new Date(instant));
  await fireDueTimers(market);
}

const view = async (market: Market, subscriptionId: string, buyerId: string) =>
  (await market.api.get(`/subscriptions/${subscriptionId}?buyerId=${buyerId}`)).body as Json;

describe("a monthly subscription bought on 31 January 2024 in Paris", () => {
  let market: Market;
  beforeAll(async () => {
    market = await startMarket(new Date("2024-01-31T10:00:00.000Z"));
  });
  afterAll(() => market.stop());

  it("renews on 29 February, 31 March and 30 April, each period charged once and invoiced on the vendor's sequence", async () => {
    const bought = await buyAndAccept(market);
    await keepCard(market, bought.buyerId, "pm_card_visa");
    const id = bought.subscriptionIds[0]!;
    const renewals: [string, number][] = [
      ["2024-02-28T23:00:00.000Z", 1], // 29 Feb 00:00 CET
      ["2024-03-30T23:00:00.000Z", 2], // 31 Mar 00:00 CET: the clocks go forward at 02:00 that day
      ["2024-04-29T22:00:00.000Z", 3], // 30 Apr 00:00 CEST
    ];
    for (const [due, number] of renewals) {
      await at(market, new Date(Date.parse(due) - 1).toISOString());
      expect((await periodsOf(market, id)).map((period) => period.number)).toEqual(
        Array.from({ length: number }, (_, index) => index),
      );
      await at(market, due);
      await eventually(async () =>
        expect((await periodsOf(market, id))[number]).toMatchObject({ number, state: "paid", failures: 0 }),
      );
    }
    // Firing everything again charges nothing more.
    await fireDueTimers(market);
    await market.subscription.service.composed.renewals.step();

    const charges = await chargesOf(market, id);
    expect(charges).toEqual(
      [1, 2, 3].map((n) => ({
        idempotency_key: `${id}:${n}`,
        status: "succeeded",
        amount: PERIOD_TOTAL,
        failure_reason: null,
      })),
    );
    const invoices = await invoicesOf(market, id);
    expect(invoices.map((invoice) => invoice.period_number)).toEqual([1, 2, 3]);
    const sequence = invoices.map((invoice) => Number(invoice.number.split("-").at(-1)));
    expect(sequence).toEqual([sequence[0], sequence[0]! + 1, sequence[0]! + 2]);

    const renewed = await recorded(market, "subscription.renewed", id);
    expect(renewed).toEqual(
      [
        ["2024-02-29", "2024-03-31", "2024-03-31"],
        ["2024-03-31", "2024-04-30", "2024-04-30"],
        ["2024-04-30", "2024-05-31", "2024-05-31"],
      ].map(([startsOn, endsBefore, nextDueOn], index) =>
        expect.objectContaining({
          subscription: expect.objectContaining({ subscriptionId: id, state: "active" }),
          period: { number: index + 1, startsOn, endsBefore },
          totals: { subtotal: eur(29_900), vat: eur(5_980), total: eur(PERIOD_TOTAL), fee: eur(1_076) },
          invoiceNumber: invoices[index]!.number,
          nextDueOn,
        }),
      ),
    );
    expect(await view(market, id, bought.buyerId)).toMatchObject({
      state: "active",
      nextDue: { period: 4, on: "2024-05-31", at: "2024-05-30T22:00:00.000Z" },
      periods: [
        {
          number: 3,
          state: "paid",
          paidBy: "renewal",
          invoiceNumber: invoices[2]!.number,
          paidAt: "2024-04-29T22:00:00.000Z",
        },
        { number: 2, state: "paid", paidBy: "renewal" },
        { number: 1, state: "paid", paidBy: "renewal" },
        { number: 0, state: "paid", paidBy: "order" },
      ],
    });
  });
});

describe("a yearly subscription bought on 29 February 2024", () => {
  let market: Market;
  beforeAll(async () => {
    market = await startMarket(new Date("2024-02-29T10:00:00.000Z"));
  });
  afterAll(() => market.stop());

  it("reminds the buyer 30 days before and renews on 28 February 2025", async () => {
    const bought = await buyAndAccept(market, { lines: [{ billingCycle: "yearly" }] });
    await keepCard(market, bought.buyerId, "pm_card_visa");
    const id = bought.subscriptionIds[0]!;

    await at(market, "2025-01-28T22:59:59.999Z");
    expect(await recorded(market, "subscription.reminder-due", id)).toEqual([]);
    await at(market, "2025-01-28T23:00:00.000Z"); // 29 January 00:00 in Paris
    expect(await recorded(market, "subscription.reminder-due", id)).toEqual([
      expect.objectContaining({
        renewsOn: "2025-02-28",
        amount: eur(PERIOD_TOTAL),
        cancellableUntil: "2025-02-26T23:00:00.000Z",
      }),
    ]);

    await at(market, "2025-02-27T23:00:00.000Z"); // 28 February 00:00 in Paris
    await eventually(async () => expect((await periodsOf(market, id))[1]).toMatchObject({ number: 1, state: "paid" }));
    expect(await recorded(market, "subscription.renewed", id)).toEqual([
      expect.objectContaining({ period: { number: 1, startsOn: "2025-02-28", endsBefore: "2026-02-28" } }),
    ]);
  });
});

describe("a renewal that fails", () => {
  let market: Market;
  beforeAll(async () => {
    market = await startMarket(new Date("2024-03-01T09:00:00.000Z"));
  });
  afterAll(() => market.stop());

  // Anchor 1 March: period 1 is due on 1 April at 00:00 in Paris (22:00 UTC the day before).
  const DUE = Date.parse("2024-03-31T22:00:00.000Z");
  const DAY = 24 * 60 * 60 * 1000;
  const afterDue = (days: number) => new Date(DUE + days * DAY).toISOString();

  it("is retried 1, 3, 5 and 7 days after the due date, then suspends; paying with a new card reactivates it on the same anchor, and one left unpaid 30 days ends", async () => {
    const bought = await buyAndAccept(market);
    const abandoned = await buyAndAccept(market);
    for (const buyer of [bought.buyerId, abandoned.buyerId]) {
      await keepCard(market, buyer, "pm_card_visa");
      // Attaching Stripe's 4000 0000 0000 0341 succeeds; every charge of it is declined. Saved later: the one charged.
      market.clock.set(new Date(market.clock.now().getTime() + 1_000));
      await keepCard(market, buyer, "pm_card_chargeCustomerFail");
    }
    const id = bought.subscriptionIds[0]!;
    const other = abandoned.subscriptionIds[0]!;

    // Both subscriptions' attempts are recorded before the clock moves on (each at the instant it failed).
    const bothFailed = (failures: number) =>
      eventually(async () => {
        for (const subscription of [id, other])
          expect((await periodsOf(market, subscription))[1]).toMatchObject({ number: 1, state: "failed", failures });
      });
    await at(market, afterDue(0));
    await bothFailed(1);
    expect(await view(market, id, bought.buyerId)).toMatchObject({
      state: "past_due",
      nextDue: { period: 1, on: "2024-04-01", at: afterDue(1) },
      periods: [
        {
          number: 1,
          state: "failed",
          failures: 1,
          lastFailure: { reason: "card-declined", declineCode: "generic_decline" },
        },
        { number: 0 },
      ],
    });

    const retries = [1, 3, 5, 7];
    for (const [index, days] of retries.entries()) {
      await at(market, new Date(DUE + days * DAY - 1).toISOString());
      expect((await periodsOf(market, id))[1]).toMatchObject({ failures: index + 1 });
      await at(market, afterDue(days));
      await bothFailed(index + 2);
    }
    const failed = await recorded(market, "subscription.renewal-failed", id);
    expect(failed.map((event) => [event.failures, event.nextRetryAt])).toEqual([
      [1, afterDue(1)],
      [2, afterDue(3)],
      [3, afterDue(5)],
      [4, afterDue(7)],
      [5, null],
    ]);
    expect(failed[0]).toMatchObject({
      amount: eur(PERIOD_TOTAL),
      declineCode: "generic_decline",
      period: { number: 1 },
    });
    expect(await recorded(market, "subscription.suspended", id)).toEqual([
      expect.objectContaining({
        amountDue: eur(PERIOD_TOTAL),
        suspendedAt: afterDue(7),
        endsAt: afterDue(37),
        subscription: expect.objectContaining({ state: "suspended" }),
      }),
    ]);
    expect(await view(market, id, bought.buyerId)).toMatchObject({ state: "suspended", nextDue: null });
    // Suspended: nothing is retried any more.
    await at(market, afterDue(8));
    expect((await chargesOf(market, id)).length).toBe(5);

    // Another buyer cannot pay it; an active subscription has nothing open.
    expect((await market.api.post(`/subscriptions/${id}/payment`, { buyerId: randomUUID() })).status).toBe(404);
    // The buyer saves a new card and pays the open period.
    await keepCard(market, bought.buyerId, "pm_card_mastercard");
    const paying = await market.api.post(`/subscriptions/${id}/payment`, { buyerId: bought.buyerId });
    expect(paying.status).toBe(202);
    await eventually(async () =>
      expect((await periodsOf(market, id))[1]).toMatchObject({ state: "paid", failures: 5 }),
    );
    expect(await view(market, id, bought.buyerId)).toMatchObject({
      state: "active",
      anchor: "2024-03-01",
      nextDue: { period: 2, on: "2024-05-01" },
    });
    expect(await recorded(market, "subscription.reactivated", id)).toEqual([
      expect.objectContaining({
        period: expect.objectContaining({ number: 1 }),
        subscription: expect.objectContaining({ state: "active" }),
      }),
    ]);
    expect(await recorded(market, "subscription.renewed", id)).toHaveLength(1);
    const charges = await chargesOf(market, id);
    expect(charges.map((charge) => [charge.idempotency_key, charge.status])).toEqual([
      [`${id}:1`, "failed"],
      [`${id}:1:retry-1`, "failed"],
      [`${id}:1:retry-2`, "failed"],
      [`${id}:1:retry-3`, "failed"],
      [`${id}:1:retry-4`, "failed"],
      [`${id}:1:retry-5`, "succeeded"],
    ]);
    const again = await market.api.post(`/subscriptions/${id}/payment`, { buyerId: bought.buyerId });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ type: "/problems/subscription-state-conflict", subscriptionState: "active" });

    // The other one stayed unpaid: 30 days after its suspension it ends.
    await at(market, new Date(DUE + 37 * DAY - 1).toISOString());
    expect(await view(market, other, abandoned.buyerId)).toMatchObject({ state: "suspended" });
    await at(market, afterDue(37));
    await eventually(async () =>
      expect(await view(market, other, abandoned.buyerId)).toMatchObject({ state: "ended", nextDue: null }),
    );
    expect(await recorded(market, "subscription.ended", other)).toEqual([
      expect.objectContaining({ reason: "suspended-too-long", lastDayOfService: "2024-03-31" }),
    ]);
  });

  it("fails with no-saved-card when the buyer has none, and a card that needs the buyer fails authentication-required", async () => {
    await at(market, "2024-05-09T10:00:00.000Z");
    const none = await buyAndAccept(market);
    const strong = await buyAndAccept(market);
    await keepCard(market, strong.buyerId, "pm_card_authenticationRequired");
    // Bought on 9 May: due on 9 June at 00:00 in Paris.
    await at(market, "2024-06-08T22:00:00.000Z");
    await eventually(async () => {
      expect((await periodsOf(market, none.subscriptionIds[0]!))[1]).toMatchObject({ state: "failed" });
      expect((await periodsOf(market, strong.subscriptionIds[0]!))[1]).toMatchObject({ state: "failed" });
    });
    expect((await view(market, none.subscriptionIds[0]!, none.buyerId)).periods[0].lastFailure).toEqual({
      reason: "no-saved-card",
      declineCode: null,
    });
    expect((await view(market, strong.subscriptionIds[0]!, strong.buyerId)).periods[0].lastFailure).toEqual({
      reason: "authentication-required",
      declineCode: "authentication_required",
    });
  });
});

describe("stopping renewal", () => {
  let market: Market;
  beforeAll(async () => {
    market = await startMarket(new Date("2024-05-10T08:00:00.000Z"));
  });
  afterAll(() => market.stop());

  // Anchor 10 May: period 1 is due on 10 June at 00:00 in Paris.
  const DUE = "2024-06-09T22:00:00.000Z";
  const before = (hours: number) => new Date(Date.parse(DUE) - hours * 60 * 60 * 1000).toISOString();

  it("25 hours before: nothing charged and service ends with the period; 23 hours before: refused and charged; an abandoned request renews; an undone one renews", async () => {
    const [early, late, abandoned, undone] = [
      await buyAndAccept(market),
      await buyAndAccept(market),
      await buyAndAccept(market),
      await buyAndAccept(market),
    ];
    for (const bought of [early, late, abandoned, undone]) await keepCard(market, bought.buyerId, "pm_card_visa");
    const idOf = (bought: typeof early) => bought.subscriptionIds[0]!;
    const cancel = (bought: typeof early, step = "") =>
      market.api.post(`/subscriptions/${idOf(bought)}/cancellation${step}`, { buyerId: bought.buyerId });

    await at(market, before(25));
    const asked = await cancel(early);
    expect(asked.status).toBe(201);
    expect(asked.body).toEqual({
      subscriptionId: idOf(early),
      status: "requested",
      lastDayOfService: "2024-06-09",
      effectiveOn: "2024-06-10",
      deferredByCommitment: false,
      expiresAt: new Date(Date.parse(before(25)) + 60 * 60 * 1000).toISOString(),
      amountNoLongerCharged: eur(PERIOD_TOTAL),
    });
    // Another buyer's subscription is not found.
    expect(
      (await market.api.post(`/subscriptions/${idOf(early)}/cancellation`, { buyerId: randomUUID() })).status,
    ).toBe(404);
    expect(await recorded(market, "subscription.cancellation-scheduled", idOf(early))).toEqual([]);
    const confirmed = await cancel(early, "/confirm");
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: "confirmed", expiresAt: null, effectiveOn: "2024-06-10" });
    expect((await cancel(early, "/confirm")).body).toMatchObject({ status: "confirmed" });
    expect(await recorded(market, "subscription.cancellation-scheduled", idOf(early))).toEqual([
      expect.objectContaining({
        lastDayOfService: "2024-06-09",
        effectiveOn: "2024-06-10",
        by: { kind: "buyer", id: early.buyerId },
      }),
    ]);

    expect((await cancel(abandoned)).status).toBe(201);
    expect((await cancel(undone)).status).toBe(201);
    expect((await cancel(undone, "/confirm")).status).toBe(200);
    const undo = await market.api.delete(`/subscriptions/${idOf(undone)}/cancellation?buyerId=${undone.buyerId}`);
    expect(undo.status).toBe(200);
    expect(undo.body).toMatchObject({ cancellation: null, state: "active" });
    expect(await recorded(market, "subscription.cancellation-undone", idOf(undone))).toHaveLength(1);

    // The abandoned request lapses after an hour; confirming it then is refused.
    await at(market, before(24));
    // (The runner, woken by the clock, may be the one firing it: hence the wait.)
    await eventually(async () =>
      expect((await view(market, idOf(abandoned), abandoned.buyerId)).cancellation).toBeNull(),
    );
    expect((await cancel(abandoned, "/confirm")).status).toBe(409);

    await at(market, before(23));
    const tooLate = await cancel(late);
    expect(tooLate.status).toBe(409);
    expect(tooLate.body).toMatchObject({ type: "/problems/too-late-to-cancel", possibleFrom: "2024-07-10" });

    await at(market, DUE);
    await eventually(async () => {
      for (const bought of [late, abandoned, undone])
        expect((await periodsOf(market, idOf(bought)))[1]).toMatchObject({ state: "paid" });
    });
    expect(await view(market, idOf(early), early.buyerId)).toMatchObject({ state: "ended", nextDue: null });
    expect(await chargesOf(market, idOf(early))).toEqual([]);
    expect(await periodsOf(market, idOf(early))).toHaveLength(1);
    expect(await recorded(market, "subscription.ended", idOf(early))).toEqual([
      expect.objectContaining({ reason: "cancelled", lastDayOfService: "2024-06-09" }),
    ]);
  });
});

describe("a free trial", () => {
  let market: Market;
  beforeAll(async () => {
    market = await startMarket(new Date("2024-06-01T10:00:00.000Z"));
  });
  afterAll(() => market.stop());

  it("is charged at its end unless cancelled before", async () => {
    const trial = { lines: [{ productId: randomUUID(), trialDays: 14 }] };
    const converts = await buyAndAccept(market, trial);
    const cancelled = await buyAndAccept(market, { lines: [{ productId: randomUUID(), trialDays: 14 }] });
    for (const bought of [converts, cancelled]) await keepCard(market, bought.buyerId, "pm_card_visa");
    const converting = converts.subscriptionIds[0]!;
    const stopping = cancelled.subscriptionIds[0]!;

    await at(market, "2024-06-10T10:00:00.000Z");
    const path = `/subscriptions/${stopping}/cancellation`;
    expect((await market.api.post(path, { buyerId: cancelled.buyerId })).status).toBe(201);
    expect((await market.api.post(`${path}/confirm`, { buyerId: cancelled.buyerId })).status).toBe(200);

    // The trial ends on the 14th: its first period is due on the 15th at 00:00 in Paris.
    await at(market, "2024-06-14T22:00:00.000Z");
    await eventually(async () =>
      expect((await periodsOf(market, converting))[0]).toMatchObject({ number: 0, state: "paid" }),
    );
    expect(await view(market, converting, converts.buyerId)).toMatchObject({
      state: "active",
      trialEndsOn: "2024-06-14",
      nextDue: { period: 1, on: "2024-07-15" },
    });
    expect(await invoicesOf(market, converting)).toEqual([expect.objectContaining({ period_number: 0 })]);
    // Ended in its trial: nothing was charged, and no period is left showing a charge to come.
    expect(await view(market, stopping, cancelled.buyerId)).toMatchObject({
      state: "ended",
      nextDue: null,
      periods: [],
    });
    expect(await chargesOf(market, stopping)).toEqual([]);
  });
});
