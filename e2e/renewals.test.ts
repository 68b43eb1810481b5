// Issue 12's renewals across real processes: a purchase kept for renewals is charged when the
// marketplace's clock passes its due date (through the public gateways: the buyer sees the period
// paid with its invoice), and a batch of due subscriptions renewed by two subscription replicas,
// one of them killed with SIGKILL in the middle of the run, ends with every period charged
// exactly once (payment's rows), invoiced once (order's, numbers gapless per vendor) and renewed
// once (subscription's periods and subscription.renewed in its outbox).
import pg from "pg";
import { demoOperator, demoVendors, request, seedDemoWorld, signIn, type GatewayUrls } from "@mkt/demo-world";
import { call, type Json } from "@mkt/testing";
import { eventually } from "./support/eventually";
import { copyTemplate, findTemplate, type SeedUrls, type Template } from "@mkt/bench/renewal-seed";
import { startMarketplace, type Marketplace } from "./support/stack";

/** Subscriptions due at once (the purchase and its copies). */
const BATCH = 300;
/** The renewal worker's lease (services/subscription/src/app/renewal-worker.ts). */
const LEASE_MS = 60_000;
const PASSWORD = "a long enough passphrase";

describe("renewals across the marketplace's processes", () => {
  let market: Marketplace;
  let urls: GatewayUrls;
  let databases: SeedUrls;
  let buyer: { email: string; token: string };
  let template: Template;

  const one = async <T extends pg.QueryResultRow>(url: string, sql: string): Promise<T> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<T>(sql)).rows[0]!;
    } finally {
      await client.end();
    }
  };
  const paidPeriods = async () =>
    Number(
      (
        await one<{ n: string }>(
          databases.subscription,
          `SELECT count(*)::text AS n FROM subscription_period WHERE number = 1 AND state = 'paid'`,
        )
      ).n,
    );

  beforeAll(async () => {
    market = await startMarketplace({
      services: [
        "vendor-kyc",
        "catalog",
        "cart",
        "payment",
        "order",
        "subscription",
        "storefront-gateway",
        "vendor-api",
        "backoffice-api",
      ],
      replicas: { subscription: 2 },
      env: {
        OPERATOR_EMAIL: demoOperator.email,
        OPERATOR_PASSWORD: demoOperator.password,
        CHECKOUT_WAIT_MS: "4000",
        // A crashed replica's leases are taken over as soon as the clock says they ran out.
        RENEWAL_POLL_MS: "500",
        TIMER_POLL_MS: "1000",
      },
      readyTimeoutMs: 240_000,
    });
    const admin = process.env.DATABASE_ADMIN_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
    const db = (service: string) => {
      const url = new URL(admin);
      url.pathname = `/marketplace_${service}_e2e_${market.runId}`;
      return url.toString();
    };
    databases = { subscription: db("subscription"), order: db("order"), payment: db("payment") };
    urls = {
      storefront: market.url("storefront-gateway", "/api/v1"),
      vendorApi: market.url("vendor-api", "/vendor/v1"),
      backoffice: market.url("backoffice-api", "/ops/v1"),
    };
    await seedDemoWorld(urls);
  }, 400_000);
  afterAll(async () => {
    await market?.stop();
  });

  it("charges a purchase kept for renewals once the clock passes its due date, and the buyer sees it paid", async () => {
    // Postgres Managé, Essentiel: monthly, no trial, sold by demoVendors[0].
    const product = await eventually(async () => {
      const answer = await request(`${urls.storefront}/products?q=${encodeURIComponent("Postgres Managé")}`);
      const found = answer.body.items.find((item: Json) => item.name === "Postgres Managé");
      expect(found).toBeDefined();
      return (await request(`${urls.storefront}/products/${found.id}`)).body;
    });
    const plan = product.plans.find((p: Json) => p.name === "Essentiel");
    const email = `renewal-${Date.now()}@renewals.test`;
    const signed = await request(`${urls.storefront}/auth/signup`, {
      body: { kind: "individual", email, password: PASSWORD, locale: "fr", name: "Renée Wall" },
    });
    expect(signed.status).toBe(201);
    buyer = { email, token: signed.body.tokens.accessToken };
    expect(
      (
        await request(`${urls.storefront}/cart/items`, {
          token: buyer.token,
          body: { planId: plan.planId, quantity: 1 },
        })
      ).status,
    ).toBe(201);
    const paid = await eventually(async () => {
      const answer = await call(urls.storefront, "POST", "/checkout", {
        token: buyer.token,
        headers: { "idempotency-key": `renewal-checkout-${Date.now()}` },
        body: { paymentMethod: "pm_card_visa", saveForRenewals: true },
      });
      expect(answer.status).toBe(201);
      return answer.body;
    });
    const order = paid.orders[0];
    const vendor = demoVendors[0]!.company;
    const vendorToken = await signIn(urls.vendorApi, vendor.email, vendor.password);
    const accepted = await request(`${urls.vendorApi}/orders/${order.orderId}/accept`, {
      token: vendorToken,
      body: {},
    });
    expect(accepted.status).toBe(200);

    // The buyer's subscription, its next charge armed.
    const [started] = await eventually(async () => {
      const list = await request(`${urls.storefront}/subscriptions`, { token: buyer.token });
      expect(list.status).toBe(200);
      expect(list.body.items).toHaveLength(1);
      return list.body.items as Json[];
    });
    expect(started.nextDue.period).toBe(1);
    template = (await eventually(async () => {
      const found = await findTemplate(databases, order.orderId);
      expect(found).toBeDefined();
      return found;
    }))!;

    // The batch the next test renews: BATCH - 1 copies of this purchase, all due at its instant.
    const written = await copyTemplate(databases, template, BATCH, 7);
    expect(written).toMatchObject({
      subscriptions: BATCH - 1,
      periods: BATCH - 1,
      orders: BATCH - 1,
      cards: BATCH - 1,
    });
    expect(written.timers).toBeGreaterThanOrEqual(BATCH - 1);

    // Past the due instant: the timers fire, the two workers share the charges...
    await market.advanceClock(template.nextDueAt.getTime() - Date.now() + 60_000);
    await eventually(async () => expect(await paidPeriods()).toBeGreaterThanOrEqual(10), 120_000);
    // ...and one replica dies in the middle of the run, whatever it had leased.
    const killed = await market.kill("subscription", 1);
    expect(killed.signal).toBe("SIGKILL");
    expect(await paidPeriods()).toBeLessThan(BATCH);

    // The buyer's own renewal (it may have been the killed replica's: its lease runs out).
    await market.advanceClock(LEASE_MS + 1_000);
    const token = await signIn(urls.storefront, buyer.email, PASSWORD); // tokens live 15 minutes of the clock
    const renewed = await eventually(async () => {
      const answer = await request(`${urls.storefront}/subscriptions/${started.subscriptionId}`, { token });
      expect(answer.status).toBe(200);
      const period = (answer.body.periods as Json[]).find((p) => p.number === 1);
      expect(period?.state).toBe("paid");
      return period;
    }, 120_000);
    expect(renewed).toMatchObject({ paidBy: "renewal", failures: 0 });
    expect(renewed.invoiceNumber).toEqual(expect.any(String));
    expect(renewed.paymentId).toEqual(expect.any(String));
  }, 400_000);

  it("renews every period of the batch exactly once although a replica was killed mid-run", async () => {
    await eventually(async () => expect(await paidPeriods()).toBe(BATCH), 180_000);

    const charges = await one<{ succeeded: string; periods: string; twice: string }>(
      databases.payment,
      `SELECT count(*) FILTER (WHERE status = 'succeeded')::text AS succeeded,
              count(DISTINCT (subscription_id, period_number))::text AS periods,
              (SELECT count(*) FROM (SELECT 1 FROM renewal_charge GROUP BY subscription_id, period_number
                 HAVING count(*) > 1) d)::text AS twice
       FROM renewal_charge`,
    );
    expect(charges).toEqual({ succeeded: String(BATCH), periods: String(BATCH), twice: "0" });

    const invoices = await one<{ total: string; periods: string; gaps: string }>(
      databases.order,
      `SELECT count(*)::text AS total, count(DISTINCT (subscription_id, period_number))::text AS periods,
              (SELECT count(*) FROM (
                 SELECT vendor_id FROM (SELECT vendor_id, (regexp_match(number, '(\\d+)$'))[1]::int AS seq FROM renewal_invoice) r
                 GROUP BY vendor_id HAVING max(seq) - min(seq) + 1 <> count(*) OR count(DISTINCT seq) <> count(*)) g)::text AS gaps
       FROM renewal_invoice`,
    );
    expect(invoices).toEqual({ total: String(BATCH), periods: String(BATCH), gaps: "0" });

    const subscriptions = await one<{ active: string; unpaid: string }>(
      databases.subscription,
      `SELECT count(*) FILTER (WHERE state = 'active' AND paid_period = 1)::text AS active,
              (SELECT count(*) FROM subscription_period WHERE state <> 'paid')::text AS unpaid
       FROM subscriptions`,
    );
    expect(subscriptions).toEqual({ active: String(BATCH), unpaid: "0" });

    const events = await eventually(async () => {
      const found = await one<{ total: string; periods: string; unpublished: string }>(
        databases.subscription,
        `SELECT count(*)::text AS total,
                count(DISTINCT (payload->'data'->'subscription'->>'subscriptionId', payload->'data'->'period'->>'number'))::text AS periods,
                count(*) FILTER (WHERE published_at IS NULL)::text AS unpublished
         FROM outbox_event WHERE type = 'subscription.renewed'`,
      );
      expect(found.unpublished).toBe("0");
      return found;
    }, 60_000);
    expect(events).toEqual({ total: String(BATCH), periods: String(BATCH), unpublished: "0" });
  }, 300_000);
});
