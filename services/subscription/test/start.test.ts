import { randomUUID } from "node:crypto";
import { eventually } from "@mkt/testing";
import {
  acceptedEnvelope,
  buy,
  buyAndAccept,
  fireDueTimers,
  recorded,
  redeliver,
  republish,
  startMarket,
  subscriptionsOf,
  type Market,
} from "./support/market.js";

// One market for the whole file, on one clock that only moves forward: the scenarios run in
// the order of their dates (31 January 2024, the 29 February renewal, 31 December 2024).

let market: Market;
const eur = (amount: number) => ({ amount, currency: "EUR" });

beforeAll(async () => {
  // 11:00 in Paris, 02:00 in Los Angeles: 31 January 2024 for both.
  market = await startMarket(new Date("2024-01-31T10:00:00.000Z"));
});
afterAll(() => market.stop());

let january: Awaited<ReturnType<typeof buyAndAccept>>;
let trial: Awaited<ReturnType<typeof buyAndAccept>>;

describe("a vendor's acceptance of an order", () => {
  it("starts nothing before the vendor accepts", async () => {
    const purchase = await buy(market);
    await fireDueTimers(market);
    expect(
      await market.subscription.database.query(`SELECT id FROM subscriptions WHERE order_id = $1`, [purchase.orderId]),
    ).toEqual([]);
  });

  it("starts one active subscription per plan line, anchored on the purchase date, its next charge on 29 February (leap year) at 00:00 in Paris", async () => {
    january = await buyAndAccept(market, {
      lines: [
        {},
        {
          productId: randomUUID(),
          planId: randomUUID(),
          planName: "Cluster (yearly)",
          billingCycle: "yearly",
          commitmentMonths: 12,
        },
      ],
    });
    const [monthlyId, yearlyId] = await Promise.all(
      january.lines.map(async (line) => {
        const [row] = await market.subscription.database.query<{ id: string }>(
          `SELECT id FROM subscriptions WHERE order_id = $1 AND line_id = $2`,
          [january.orderId, line.lineId],
        );
        return row!.id;
      }),
    );

    const monthly = await market.api.get(`/subscriptions/${monthlyId}`);
    expect(monthly.status).toBe(200);
    expect(monthly.body).toEqual({
      subscriptionId: monthlyId,
      orderId: january.orderId,
      lineId: january.lines[0]!.lineId,
      buyer: { buyerId: january.buyerId, name: "Acme Industries SAS", kind: "company" },
      vendor: { vendorId: january.vendorId, legalName: "Vendor 1 SAS" },
      productId: january.lines[0]!.productId,
      productName: "Managed Kubernetes",
      planId: january.lines[0]!.planId,
      planName: "Cluster",
      state: "active",
      billingCycle: "monthly",
      anchor: "2024-01-31",
      timeZone: "Europe/Paris",
      quantity: 1,
      unitPrice: eur(29_900),
      periodTotals: { subtotal: eur(29_900), vat: eur(5_980), total: eur(35_880), fee: eur(1_076) },
      vatTreatment: { kind: "standard", rateBasisPoints: 2000, mention: null },
      commitmentMonths: 0,
      trialEndsOn: null,
      cancellation: null,
      nextDue: { period: 1, on: "2024-02-29", at: "2024-02-28T23:00:00.000Z", amount: eur(35_880) },
      startedAt: "2024-01-31T10:00:00.000Z",
      updatedAt: "2024-01-31T10:00:00.000Z",
      periods: [
        {
          number: 0,
          startsOn: "2024-01-31",
          endsBefore: "2024-02-29",
          amount: eur(35_880),
          state: "paid",
          dueAt: "2024-01-30T23:00:00.000Z",
          paidBy: "order",
          paidAt: "2024-01-31T10:00:00.000Z",
          paymentId: null,
          invoiceNumber: null,
          failures: 0,
          lastFailure: null,
        },
      ],
    });
    const yearly = await market.api.get(`/subscriptions/${yearlyId}`);
    expect(yearly.body).toMatchObject({
      billingCycle: "yearly",
      commitmentMonths: 12,
      nextDue: { period: 1, on: "2025-01-31", at: "2025-01-30T23:00:00.000Z" },
    });

    // subscription.started per line, through the outbox; the first renewal armed as a durable timer.
    const started = await recorded(market, "subscription.started", monthlyId);
    expect(started).toEqual([
      {
        subscription: expect.objectContaining({
          subscriptionId: monthlyId,
          orderId: january.orderId,
          anchor: "2024-01-31",
          timeZone: "Europe/Paris",
          billingCycle: "monthly",
          unitPrice: eur(29_900),
          quantity: 1,
          state: "active",
        }),
        trialEndsOn: null,
        nextDueOn: "2024-02-29",
        nextDueAt: "2024-02-28T23:00:00.000Z",
        startedAt: "2024-01-31T10:00:00.000Z",
      },
    ]);
    expect(await recorded(market, "subscription.started", yearlyId)).toHaveLength(1);
    expect(
      await market.subscription.database.query(
        `SELECT type, key, due_at, status FROM timer WHERE key = ANY($1::text[]) ORDER BY due_at`,
        [[monthlyId, yearlyId]],
      ),
    ).toEqual([
      {
        type: "subscription.charge-due",
        key: monthlyId,
        due_at: new Date("2024-02-28T23:00:00.000Z"),
        status: "pending",
      },
      // The yearly one reminds the buyer 30 days before: 1 January 2025 at 00:00 in Paris.
      {
        type: "subscription.reminder-due",
        key: yearlyId,
        due_at: new Date("2024-12-31T23:00:00.000Z"),
        status: "pending",
      },
      {
        type: "subscription.charge-due",
        key: yearlyId,
        due_at: new Date("2025-01-30T23:00:00.000Z"),
        status: "pending",
      },
    ]);
  });

  it("starts nothing twice when order.accepted is delivered again or re-published under another id", async () => {
    const envelope = await acceptedEnvelope(market, january.orderId);
    await redeliver(market, envelope);
    const againId = await republish(market, envelope);
    // The re-published fact is handled (its inbox row) and starts nothing; the redelivery is a duplicate.
    await eventually(async () =>
      expect(
        await market.subscription.database.query(`SELECT 1 FROM inbox_message WHERE event_id = $1`, [againId]),
      ).toHaveLength(1),
    );
    await subscriptionsOf(market, january.orderId, 2);
    const started = await recorded(market, "subscription.started");
    expect(started.filter((data) => data.subscription.orderId === january.orderId)).toHaveLength(2);
    expect(
      await market.subscription.database.query(
        `SELECT count(*)::int AS periods FROM subscription_period p JOIN subscriptions s ON s.id = p.subscription_id WHERE s.order_id = $1`,
        [january.orderId],
      ),
    ).toEqual([{ periods: 2 }]);
  });

  it("starts a plan with trial days trialing, in the buyer's own zone, its first charge at the trial's end", async () => {
    trial = await buyAndAccept(market, {
      vendorId: january.vendorId,
      timeZone: "America/Los_Angeles",
      lines: [{ productId: randomUUID(), trialDays: 14 }],
    });
    const answer = await market.api.get(`/subscriptions/${trial.subscriptionIds[0]}`);
    expect(answer.body).toMatchObject({
      state: "trialing",
      timeZone: "America/Los_Angeles",
      anchor: "2024-02-14",
      trialEndsOn: "2024-02-13",
      // 00:00 in Los Angeles (UTC−8 in winter).
      nextDue: { period: 0, on: "2024-02-14", at: "2024-02-14T08:00:00.000Z", amount: eur(35_880) },
      periods: [{ number: 0, state: "scheduled", paidBy: null, startsOn: "2024-02-14", endsBefore: "2024-03-14" }],
    });
    expect(await recorded(market, "subscription.started", trial.subscriptionIds[0])).toEqual([
      expect.objectContaining({
        trialEndsOn: "2024-02-13",
        subscription: expect.objectContaining({ state: "trialing" }),
      }),
    ]);
  });
});

describe("the subscriptions' views", () => {
  it("lists a buyer's subscriptions, newest first, and only theirs", async () => {
    const mine = await market.api.get(`/subscriptions?buyerId=${january.buyerId}`);
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((item: { orderId: string }) => item.orderId)).toEqual([
      january.orderId,
      january.orderId,
    ]);
    expect(mine.body.nextCursor).toBeNull();
    const theirs = await market.api.get(`/subscriptions?buyerId=${trial.buyerId}`);
    expect(theirs.body.items.map((item: { subscriptionId: string }) => item.subscriptionId)).toEqual(
      trial.subscriptionIds,
    );
  });

  it("lists a vendor's subscriptions filtered by state and product, a page at a time", async () => {
    const all = await market.api.get(`/subscriptions?vendorId=${january.vendorId}`);
    expect(all.body.items).toHaveLength(3);

    const trialing = await market.api.get(`/subscriptions?vendorId=${january.vendorId}&state=trialing`);
    expect(trialing.body.items.map((item: { subscriptionId: string }) => item.subscriptionId)).toEqual(
      trial.subscriptionIds,
    );
    const ofProduct = await market.api.get(
      `/subscriptions?vendorId=${january.vendorId}&productId=${january.lines[1]!.productId}`,
    );
    expect(ofProduct.body.items).toEqual([expect.objectContaining({ billingCycle: "yearly", state: "active" })]);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await market.api.get(
        `/subscriptions?vendorId=${january.vendorId}&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((item: { subscriptionId: string }) => item.subscriptionId));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor !== null);
    expect(pages).toBe(2);
    expect(seen).toEqual(all.body.items.map((item: { subscriptionId: string }) => item.subscriptionId));
  });

  it("lists an order's subscriptions", async () => {
    const ofOrder = await market.api.get(`/subscriptions?orderId=${trial.orderId}&buyerId=${trial.buyerId}`);
    expect(ofOrder.body.items).toEqual([expect.objectContaining({ subscriptionId: trial.subscriptionIds[0] })]);
  });

  it("answers 404 for another party's subscription and for an id that names none", async () => {
    const id = trial.subscriptionIds[0]!;
    for (const path of [
      `/subscriptions/${id}?buyerId=${january.buyerId}`,
      `/subscriptions/${id}?vendorId=${randomUUID()}`,
      `/subscriptions/${randomUUID()}`,
      `/subscriptions/not-an-id`,
    ]) {
      const answer = await market.api.get(path);
      expect({ path, status: answer.status, type: answer.headers.get("content-type") }).toEqual({
        path,
        status: 404,
        type: expect.stringContaining("application/problem+json"),
      });
    }
    expect((await market.api.get(`/subscriptions/${id}?buyerId=${trial.buyerId}`)).status).toBe(200);
  });

  it("refuses bad input with one 400 problem naming every bad field", async () => {
    const answer = await market.api.get(`/subscriptions?limit=0&state=paused`);
    expect(answer.status).toBe(400);
    expect(answer.headers.get("content-type")).toContain("application/problem+json");
    expect(answer.body.errors.map((error: { path: string }) => error.path).sort()).toEqual([
      "query.limit",
      "query.state",
    ]);
    const forged = await market.api.get(`/subscriptions?cursor=bm90LWEtY3Vyc29y`);
    expect(forged.status).toBe(400);
    expect(forged.body.errors).toEqual([expect.objectContaining({ path: "query.cursor" })]);
  });
});

describe("the first renewal's timer", () => {
  // These buyers kept no card (test/renewals.test.ts charges kept ones): the renewal worker's
  // attempt, right after the period is due, fails `no-saved-card`.
  it("records period 1 as due at 00:00 on 29 February in Paris, not a second before, once however often it fires", async () => {
    const monthlyId = (
      await market.subscription.database.query<{ id: string }>(
        `SELECT id FROM subscriptions WHERE order_id = $1 AND billing_cycle = 'monthly'`,
        [january.orderId],
      )
    )[0]!.id;
    const periodsOf = (id: string) =>
      market.subscription.database.query(
        `SELECT number, state, charge_key, amount, due_at, failure_reason FROM subscription_period WHERE subscription_id = $1 ORDER BY number`,
        [id],
      );

    market.clock.set(new Date("2024-02-28T22:59:59.999Z"));
    await fireDueTimers(market);
    expect(await periodsOf(monthlyId)).toEqual([expect.objectContaining({ number: 0, state: "paid" })]);
    // The trial ended on the 14th in Los Angeles: its first period was due then, and with no card
    // kept its attempt and the four dunning retries (all due by the 28th) fail one after the other
    // as the runner, woken by the clock, fires them: hence the wait, until the last one.
    await eventually(async () =>
      expect(await periodsOf(trial.subscriptionIds[0]!)).toEqual([
        {
          number: 0,
          state: "failed",
          charge_key: `${trial.subscriptionIds[0]}:0:retry-4`,
          amount: 35_880,
          due_at: new Date("2024-02-14T08:00:00.000Z"),
          failure_reason: "no-saved-card",
        },
      ]),
    );
    expect((await market.api.get(`/subscriptions/${trial.subscriptionIds[0]}`)).body).toMatchObject({
      state: "suspended",
      nextDue: null,
    });

    market.clock.set(new Date("2024-02-28T23:00:00.000Z"));
    await fireDueTimers(market);
    const due = [
      expect.objectContaining({ number: 0, state: "paid" }),
      {
        number: 1,
        state: "failed",
        charge_key: `${monthlyId}:1`,
        amount: 35_880,
        due_at: new Date("2024-02-28T23:00:00.000Z"),
        failure_reason: "no-saved-card",
      },
    ];
    await eventually(async () => expect(await periodsOf(monthlyId)).toEqual(due));
    // The failed attempt re-armed the same timer for the first dunning retry.
    const timer = await market.subscription.database.query(`SELECT type, status, due_at FROM timer WHERE key = $1`, [
      monthlyId,
    ]);
    expect(timer).toEqual([
      { type: "subscription.charge-due", status: "pending", due_at: new Date("2024-02-29T23:00:00.000Z") },
    ]);

    // Past due: retried a day later, and the subscription shows that retry next.
    const view = await market.api.get(`/subscriptions/${monthlyId}`);
    expect(view.body).toMatchObject({
      state: "past_due",
      nextDue: { period: 1, on: "2024-02-29", at: "2024-02-29T23:00:00.000Z" },
      periods: [
        { number: 1, state: "failed", paidBy: null, failures: 1 },
        { number: 0, state: "paid" },
      ],
    });
    await fireDueTimers(market);
    expect(await periodsOf(monthlyId)).toEqual(due);
  });
});

describe("a purchase late on 31 December", () => {
  it("anchors a Paris buyer's subscription on 1 January (23:30 UTC is 00:30 in Paris), one in Los Angeles on 31 December", async () => {
    market.clock.set(new Date("2024-12-31T23:30:00.000Z"));
    const paris = await buyAndAccept(market);
    const losAngeles = await buyAndAccept(market, { timeZone: "America/Los_Angeles" });
    expect((await market.api.get(`/subscriptions/${paris.subscriptionIds[0]}`)).body).toMatchObject({
      anchor: "2025-01-01",
      timeZone: "Europe/Paris",
      nextDue: { period: 1, on: "2025-02-01", at: "2025-01-31T23:00:00.000Z" },
    });
    expect((await market.api.get(`/subscriptions/${losAngeles.subscriptionIds[0]}`)).body).toMatchObject({
      anchor: "2024-12-31",
      timeZone: "America/Los_Angeles",
      nextDue: { period: 1, on: "2025-01-31", at: "2025-01-31T08:00:00.000Z" },
    });
  });
});
