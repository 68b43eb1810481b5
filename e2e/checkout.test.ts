// Issue 5's journeys across real processes: a cart with two vendors' plans becomes two orders,
// each with its purchase order, authorized on the card and captured when its vendor accepts;
// a declined card leaves the cart as it was; a refusal releases the authorization and tells the
// buyer; 48 h of silence make an order overdue (the buyer may cancel), 5 days cancel it; the same
// Idempotency-Key twice is one payment; a service killed mid-checkout completes it exactly once.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoOperator, demoVendors, request, seedDemoWorld, signIn, type GatewayUrls } from "@mkt/demo-world";
import { SmtpSink, call, download, type Json } from "@mkt/testing";
import { eventually } from "./support/eventually";
import { startMarketplace, type Marketplace } from "./support/stack";

const HOUR = 3_600_000;
let buyers = 0;
let keys = 0;

describe("checkout and orders across the marketplace's processes", () => {
  let market: Marketplace;
  let urls: GatewayUrls;
  const smtp = new SmtpSink();
  /** Two plans of two different vendors (from the demo world). */
  let plans: { planId: string; productId: string; vendorEmail: string; vendorName: string; amount: number }[];
  const vendorTokens = new Map<string, string>();

  beforeAll(async () => {
    await smtp.start();
    market = await startMarketplace({
      services: [
        "vendor-kyc",
        "catalog",
        "cart",
        "payment",
        "order",
        "notification",
        "storefront-gateway",
        "vendor-api",
        "backoffice-api",
      ],
      env: {
        OUTBOX_POLL_MS: "100",
        OPERATOR_EMAIL: demoOperator.email,
        OPERATOR_PASSWORD: demoOperator.password,
        SMTP_URL: smtp.url,
        CHECKOUT_WAIT_MS: "4000",
      },
    });
    urls = {
      storefront: market.url("storefront-gateway", "/api/v1"),
      vendorApi: market.url("vendor-api", "/vendor/v1"),
      backoffice: market.url("backoffice-api", "/ops/v1"),
    };
    await seedDemoWorld(urls);
    // Factura Compta's PME (Factura SARL) and Postgres Managé's Essentiel (Nuage Souverain SAS): monthly
    // plans without a free trial, so that checkout charges them (a trial's line is charged at its end).
    const pick = async (name: string, vendorIndex: number) => {
      const found = await eventually(async () => {
        const answer = await request(`${urls.storefront}/products?q=${encodeURIComponent(name)}`);
        const product = answer.body.items.find((item: Json) => item.name === name);
        expect(product).toBeDefined();
        return (await request(`${urls.storefront}/products/${product.id}`)).body;
      });
      const plan = found.plans.find((p: Json) => p.billingCycle === "monthly" && p.trialDays === 0);
      const vendor = demoVendors[vendorIndex]!.company;
      return {
        planId: plan.planId as string,
        productId: found.id as string,
        vendorEmail: vendor.email,
        vendorName: vendor.legalName,
        amount: plan.price.amount as number,
      };
    };
    plans = [await pick("Postgres Managé", 0), await pick("Factura Compta", 1)];
    for (const plan of plans)
      vendorTokens.set(
        plan.vendorName,
        await signIn(urls.vendorApi, plan.vendorEmail, demoVendors[0]!.company.password),
      );
  }, 120_000);
  afterAll(async () => {
    await market?.stop();
    await smtp.stop();
  });

  /** A French company buyer signs up; its cart holds both vendors' plans unless told otherwise. */
  async function buyerWithCart(items = plans): Promise<{ token: string; email: string; signIn(): Promise<string> }> {
    const email = `buyer-${++buyers}-${Date.now()}@checkout.test`;
    const signed = await request(`${urls.storefront}/auth/signup`, {
      body: {
        kind: "company",
        email,
        password: "a long enough passphrase",
        locale: "fr",
        legalName: `Acheteur ${buyers} SAS`,
        registrationNumber: "732829320",
        address: { line1: "1 rue du Commerce", postalCode: "75015", city: "Paris", country: "FR" },
      },
    });
    expect(signed.status).toBe(201);
    const token: string = signed.body.tokens.accessToken;
    // The cart learns of the buyer through buyer.registered: adding waits for nothing, checkout may.
    for (const item of items) {
      const added = await request(`${urls.storefront}/cart/items`, {
        token,
        body: { planId: item.planId, quantity: 1 },
      });
      expect(added.status).toBe(201);
    }
    // Tokens live 15 minutes of the marketplace's clock: after moving it by days, sign in again.
    return { token, email, signIn: () => signIn(urls.storefront, email, "a long enough passphrase") };
  }

  const checkout = (token: string, paymentMethod: string, key = `checkout-${++keys}-${Date.now()}`) =>
    call(urls.storefront, "POST", "/checkout", {
      token,
      headers: { "idempotency-key": key },
      body: { paymentMethod, saveForRenewals: true },
    }).then((answer) => ({ status: answer.status, body: answer.body, location: answer.headers.get("location") }));

  /** The payment service's own record of a checkout: one authorization per order, never more. */
  const paymentsOf = async (checkoutId: string) =>
    (await request(market.url("payment", `/checkouts/${checkoutId}/payments`))).body.payments as Json[];
  const vendorToken = (order: Json) => vendorTokens.get(order.vendor.legalName)!;
  const purchase = (token: string, orderId: string) =>
    request(`${urls.storefront}/purchases/${orderId}`, { token }).then((answer) => answer.body);

  async function pdfText(path: string, token: string): Promise<string> {
    const pdf = await download(urls.storefront, path, token);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    const file = join(mkdtempSync(join(tmpdir(), "order-pdf-")), "document.pdf");
    writeFileSync(file, pdf.bytes);
    return execFileSync("pdftotext", ["-layout", file, "-"]).toString();
  }

  it("turns a cart of two vendors into two orders with purchase orders, captures on acceptance, invoices on delivery", async () => {
    const buyer = await buyerWithCart();
    const paid = await checkout(buyer.token, "pm_card_visa");
    expect(paid.status).toBe(201);
    const orders: Json[] = paid.body.orders;
    expect(orders).toHaveLength(2);
    expect(orders.map((o) => o.vendor.legalName).sort()).toEqual(plans.map((p) => p.vendorName).sort());
    expect(orders.every((o) => o.state === "transmitted")).toBe(true);

    // The cart is empty; each order has its purchase order, in the vendor's name.
    expect((await request(`${urls.storefront}/cart`, { token: buyer.token })).body.lines).toEqual([]);
    for (const order of orders) {
      const text = await pdfText(`/purchases/${order.orderId}/documents/purchase-order`, buyer.token);
      expect(text).toContain(order.purchaseOrderNumber);
      expect(text).toContain(order.vendor.legalName);
    }

    // Each vendor accepts (its authorization is captured) and delivers (its invoice is issued).
    for (const order of orders) {
      const accepted = await request(`${urls.vendorApi}/orders/${order.orderId}/accept`, {
        token: vendorToken(order),
        body: {},
      });
      expect(accepted).toMatchObject({ status: 200, body: { state: "accepted" } });
      const delivered = await request(`${urls.vendorApi}/orders/${order.orderId}/deliver`, {
        token: vendorToken(order),
        body: { accessUrl: "https://app.example/tenant/42", instructions: "Sign in with the email of your order." },
      });
      expect(delivered).toMatchObject({ status: 200, body: { state: "delivered" } });
      await eventually(async () =>
        expect((await purchase(buyer.token, order.orderId)).payment).toMatchObject({ status: "captured" }),
      );
      const invoice = await pdfText(`/purchases/${order.orderId}/documents/invoice`, buyer.token);
      expect(invoice).toMatch(/TVA|VAT/);
    }
    const details = await purchase(buyer.token, orders[0].orderId);
    expect(details.timeline.map((entry: Json) => entry.to)).toEqual(
      expect.arrayContaining(["transmitted", "accepted", "delivered"]),
    );
    expect(details.vendor.publicContact).toBeDefined();
  });

  it("leaves the cart as it was and creates no order when the card is declined", async () => {
    const buyer = await buyerWithCart();
    const before = (await request(`${urls.storefront}/cart`, { token: buyer.token })).body;
    const declined = await checkout(buyer.token, "pm_card_chargeDeclined");
    expect(declined.status).toBe(402);
    expect(declined.body.type).toBe("/problems/payment-declined");
    const after = (await request(`${urls.storefront}/cart`, { token: buyer.token })).body;
    expect(after.lines).toHaveLength(2);
    expect(after.lines).toEqual(before.lines);
    expect((await request(`${urls.storefront}/purchases`, { token: buyer.token })).body.items).toEqual([]);
  });

  it("releases the authorization and emails the buyer when the vendor refuses", async () => {
    const buyer = await buyerWithCart([plans[0]!]);
    const paid = await checkout(buyer.token, "pm_card_visa");
    const order = paid.body.orders[0];
    const refused = await request(`${urls.vendorApi}/orders/${order.orderId}/refuse`, {
      token: vendorToken(order),
      body: { reason: "Région complète ce mois-ci" },
    });
    expect(refused).toMatchObject({ status: 200, body: { state: "refused" } });
    await eventually(async () =>
      expect((await purchase(buyer.token, order.orderId)).payment).toMatchObject({ status: "released" }),
    );
    await eventually(() =>
      expect(smtp.to(buyer.email).some((mail) => (mail.text ?? "").includes("Région complète ce mois-ci"))).toBe(true),
    );
  });

  it("makes an unanswered order overdue at 48 h, lets the buyer cancel it, and cancels another automatically at 5 days", async () => {
    const buyer = await buyerWithCart([plans[0]!]);
    const first = (await checkout(buyer.token, "pm_card_visa")).body.orders[0];
    await request(`${urls.storefront}/cart/items`, {
      token: buyer.token,
      body: { planId: plans[1]!.planId, quantity: 1 },
    });
    const second = (await checkout(buyer.token, "pm_card_visa")).body.orders[0];

    const early = await request(`${urls.storefront}/purchases/${first.orderId}/cancel`, {
      token: buyer.token,
      body: {},
    });
    expect(early.status).toBe(409);
    await market.advanceClock(48 * HOUR + 60_000);
    const token = await buyer.signIn();
    await eventually(async () => expect((await purchase(token, first.orderId)).state).toBe("overdue"));
    const overdueList = await request(`${urls.backoffice}/orders?overdue=true`, {
      token: await signIn(urls.backoffice, demoOperator.email, demoOperator.password),
    });
    expect(overdueList.body.items.map((o: Json) => o.orderId)).toEqual(
      expect.arrayContaining([first.orderId, second.orderId]),
    );

    const cancelled = await request(`${urls.storefront}/purchases/${first.orderId}/cancel`, { token, body: {} });
    expect(cancelled).toMatchObject({ status: 200, body: { state: "cancelled" } });
    await eventually(async () =>
      expect((await purchase(token, first.orderId)).payment).toMatchObject({ status: "released" }),
    );

    await market.advanceClock(3 * 24 * HOUR);
    const later = await buyer.signIn();
    await eventually(async () => expect((await purchase(later, second.orderId)).state).toBe("cancelled"));
    await eventually(async () =>
      expect((await purchase(later, second.orderId)).payment).toMatchObject({ status: "released" }),
    );
  });

  it("answers the same Idempotency-Key twice, even at once, with one payment and the same orders", async () => {
    const buyer = await buyerWithCart();
    const key = `double-${Date.now()}`;
    const [a, b] = await Promise.all([
      checkout(buyer.token, "pm_card_visa", key),
      checkout(buyer.token, "pm_card_visa", key),
    ]);
    const again = await checkout(buyer.token, "pm_card_visa", key);
    const ids = (answer: Json) => (answer.body.orders ?? []).map((o: Json) => o.orderId).sort();
    expect(a.status).toBe(201);
    expect(ids(b)).toEqual(ids(a));
    expect(ids(again)).toEqual(ids(a));
    expect((await request(`${urls.storefront}/purchases`, { token: buyer.token })).body.items).toHaveLength(2);
    const payments = await paymentsOf(a.body.checkoutId);
    expect(payments.map((p) => p.orderId).sort()).toEqual(ids(a));
  });

  it("completes a checkout exactly once when the order service is killed in the middle and restarted", async () => {
    const buyer = await buyerWithCart();
    await market.kill("order");
    const pending = await checkout(buyer.token, "pm_card_visa");
    expect(pending.status).toBe(202);
    expect(pending.body.status).toBe("pending");
    await market.start("order");
    const done = await eventually(async () => {
      const answer = await request(`${urls.storefront}/checkouts/${pending.body.checkoutId}`, { token: buyer.token });
      expect(answer.body.status).toBe("completed");
      return answer.body;
    });
    expect(done.orders).toHaveLength(2);
    expect((await request(`${urls.storefront}/purchases`, { token: buyer.token })).body.items).toHaveLength(2);
    expect(await paymentsOf(pending.body.checkoutId)).toHaveLength(2);
  });
});
