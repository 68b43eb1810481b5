import { randomUUID } from "node:crypto";
import {
  OrderCheckoutCompletedV1,
  OrderCheckoutFailedV1,
  PaymentCheckoutActionRequiredV1,
  PaymentCheckoutAuthorizedV1,
  PaymentCheckoutDeclinedV1,
  SubscriptionStartedV1,
  type EventData,
} from "@mkt/contracts";
import { deleteBusNamespace, eventually } from "@mkt/testing";
import {
  Listing,
  frenchCompany,
  germanCompany,
  listedPlan,
  publish,
  recorded,
  redeliver,
  registerBuyer,
  startCart,
  vendorContact,
  type CartUnderTest,
  type Json,
} from "./support/cart.js";
import { CHECKOUT_RECHECK_MS } from "../src/app/checkout.js";

let cart: CartUnderTest;
let api: Awaited<ReturnType<typeof startCart>>["api"];
let namespace: string;

beforeAll(async () => {
  ({ cart, api, namespace } = await startCart());
});
afterAll(async () => {
  await cart?.stop();
  if (namespace) await deleteBusNamespace(namespace);
});

const eur = (amount: number) => ({ amount, currency: "EUR" });
const pay = { paymentMethod: "pm_card_visa", saveForRenewals: true };
const key = () => ({ "idempotency-key": `checkout-${randomUUID()}` });

/**
 * A registered buyer with 2 × Pro (49.00) from one vendor and 3 × Team (19.99) from another; Pro
 * has `proTrialDays` of free trial (none unless given).
 */
async function fullCart(buyer = frenchCompany(), proTrialDays = 0) {
  const buyerId = await registerBuyer(cart, buyer);
  const nuage = new Listing(cart, { plans: [listedPlan({ price: eur(4900), trialDays: proTrialDays })] });
  const orbital = new Listing(cart, {
    name: "Kube Souverain",
    vendor: {
      legalName: "Orbital Ops SAS",
      publicContact: { email: "ops@orbital.example", phone: "+33 4 00 00 00 00" },
    },
    plans: [listedPlan({ name: "Team", billingCycle: "yearly", commitmentMonths: 12, trialDays: 0, price: eur(1999) })],
  });
  await Promise.all([nuage.publish(), orbital.publish()]);
  await api.post(`/carts/${buyerId}/items`, { planId: nuage.plan.planId, quantity: 2 });
  const res = await api.post(`/carts/${buyerId}/items`, { planId: orbital.plan.planId, quantity: 3 });
  return { buyerId, nuage, orbital, lines: res.body.lines as Json[], cart: res.body };
}

async function submittedFor(checkoutId: string): Promise<Json[]> {
  return (await recorded(cart, "cart.checkout-submitted")).filter((event) => event.data.checkoutId === checkoutId);
}

async function checkoutOf(buyerId: string, checkoutId: string): Promise<Json> {
  const res = await api.get(`/carts/${buyerId}/checkouts/${checkoutId}`);
  expect(res.status).toBe(200);
  return res.body;
}

describe("paying a cart", () => {
  it("records a pending checkout, locks the cart and emits cart.checkout-submitted with one draft order per vendor", async () => {
    const buyer = frenchCompany();
    const { buyerId, nuage, orbital, lines } = await fullCart(buyer);

    const res = await api.post(`/carts/${buyerId}/checkouts`, pay, key());
    expect(res.status).toBe(202);
    const checkout = res.body;
    expect(checkout).toEqual({
      id: expect.any(String),
      buyerId,
      status: "pending",
      orderIds: [expect.any(String), expect.any(String)],
      redirectUrl: null,
      decline: null,
      totals: { subtotal: eur(15797), vat: eur(3159), total: eur(18956) },
      submittedAt: "2026-11-02T10:00:00.000Z",
      settledAt: null,
    });

    const [event, ...others] = await submittedFor(checkout.id);
    expect(others).toEqual([]);
    expect(event.producer).toBe("cart");
    const standard = { kind: "standard", rateBasisPoints: 2000, mention: null };
    expect(event.data).toEqual({
      checkoutId: checkout.id,
      buyer: {
        buyerId,
        kind: "company",
        name: "ACME Industries SAS",
        email: buyer.email,
        locale: "fr",
        registrationNumber: "552100554",
        vatNumber: "FR40303265045",
        address: buyer.address,
        country: "FR",
      },
      orders: [
        {
          orderId: checkout.orderIds[0],
          vendor: {
            vendorId: nuage.data.vendorId,
            legalName: "Nuage Souverain SAS",
            publicContact: vendorContact,
            registrationNumber: "912345678",
            vatNumber: "FR32912345678",
            registeredAddress: nuage.data.vendor.registeredAddress,
            // What the vendor's French invoices print, as the catalog's listing carried it.
            legalForm: "SAS",
            shareCapital: eur(5_000_000),
          },
          lines: [
            {
              lineId: lines[0].id,
              productId: nuage.data.productId,
              productName: "Factur'Nuage",
              planId: nuage.plan.planId,
              planName: "Pro",
              billingCycle: "monthly",
              commitmentMonths: 0,
              trialDays: 0,
              quantity: 2,
              unitPrice: eur(4900),
              amount: eur(9800),
            },
          ],
          vatTreatment: standard,
          totals: { subtotal: eur(9800), vat: eur(1960), total: eur(11760), fee: eur(353) },
        },
        {
          orderId: checkout.orderIds[1],
          vendor: {
            vendorId: orbital.data.vendorId,
            legalName: "Orbital Ops SAS",
            publicContact: { email: "ops@orbital.example", phone: "+33 4 00 00 00 00" },
            registrationNumber: null,
            vatNumber: null,
            registeredAddress: null,
          },
          lines: [
            expect.objectContaining({
              lineId: lines[1].id,
              planName: "Team",
              billingCycle: "yearly",
              commitmentMonths: 12,
              quantity: 3,
              unitPrice: eur(1999),
              amount: eur(5997),
            }),
          ],
          vatTreatment: standard,
          totals: { subtotal: eur(5997), vat: eur(1199), total: eur(7196), fee: eur(216) },
        },
      ],
      total: eur(18956),
      payment: { paymentMethod: "pm_card_visa", saveForRenewals: true },
      submittedAt: "2026-11-02T10:00:00.000Z",
    });

    expect(await checkoutOf(buyerId, checkout.id)).toEqual(checkout);
    expect((await api.get(`/carts/${buyerId}`)).body.pendingCheckoutId).toBe(checkout.id);
    for (const attempt of [
      () => api.post(`/carts/${buyerId}/items`, { planId: nuage.plan.planId, quantity: 1 }),
      () => api.patch(`/carts/${buyerId}/items/${lines[0].id}`, { quantity: 7 }),
      () => api.delete(`/carts/${buyerId}/items/${lines[0].id}`),
      () => api.post(`/carts/${buyerId}/refresh`),
      () => api.post(`/carts/${buyerId}/checkouts`, pay, key()),
    ]) {
      const refused = await attempt();
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ type: "/problems/checkout-in-progress", checkoutId: checkout.id });
    }
  });

  it("charges nothing now for a line with a free trial: listed at its price, its order counts only the paid lines", async () => {
    const { buyerId, nuage, orbital, lines } = await fullCart(frenchCompany(), 14);
    // A second plan of the trial's vendor, without a trial, in the same order as the trial line.
    const basic = listedPlan({ name: "Basic", price: eur(1000), trialDays: 0 });
    await nuage.update((data) => ({ plans: [...data.plans, basic] }));
    const added = await api.post(`/carts/${buyerId}/items`, { planId: basic.planId, quantity: 1 });
    expect(added.status).toBe(201);
    const cartView = added.body;
    expect(cartView.lines.find((line: Json) => line.id === lines[0].id)).toMatchObject({
      trialDays: 14,
      amount: eur(9800),
    });
    const nuageGroup = cartView.vendors.find((group: Json) => group.vendor.id === nuage.data.vendorId);
    expect(nuageGroup.itemIds).toHaveLength(2);
    expect(nuageGroup.totals).toEqual({ subtotal: eur(1000), vat: eur(200), total: eur(1200) });
    expect(cartView.totals).toEqual({ subtotal: eur(6997), vat: eur(1399), total: eur(8396) });

    const res = await api.post(`/carts/${buyerId}/checkouts`, pay, key());
    expect(res.status).toBe(202);
    expect(res.body.totals).toEqual(cartView.totals);
    const [event] = await submittedFor(res.body.id);
    const nuageOrder = event.data.orders.find((order: Json) => order.vendor.vendorId === nuage.data.vendorId);
    expect(nuageOrder.lines.map((line: Json) => [line.planName, line.trialDays, line.amount])).toEqual([
      ["Pro", 14, eur(0)],
      ["Basic", 0, eur(1000)],
    ]);
    expect(nuageOrder.totals).toEqual({ subtotal: eur(1000), vat: eur(200), total: eur(1200), fee: eur(36) });
    expect(
      event.data.orders.find((order: Json) => order.vendor.vendorId === orbital.data.vendorId).totals.total,
    ).toEqual(eur(7196));
    expect(event.data.total).toEqual(eur(8396));
  });

  it("prices a checkout of free trials only at zero, in the cart's currency, and still keeps the card", async () => {
    const buyerId = await registerBuyer(cart, frenchCompany());
    const trial = new Listing(cart, { plans: [listedPlan({ price: eur(4900), trialDays: 30 })] });
    await trial.publish();
    await api.post(`/carts/${buyerId}/items`, { planId: trial.plan.planId, quantity: 1 });
    const res = await api.post(`/carts/${buyerId}/checkouts`, pay, key());
    expect(res.status).toBe(202);
    expect(res.body.totals).toEqual({ subtotal: eur(0), vat: eur(0), total: eur(0) });
    const [event] = await submittedFor(res.body.id);
    expect(event.data.orders[0].totals).toEqual({ subtotal: eur(0), vat: eur(0), total: eur(0), fee: eur(0) });
    expect(event.data.payment).toEqual({ paymentMethod: "pm_card_visa", saveForRenewals: true });
  });

  it("freezes the buyer's time zone in the checkout when its profile names one, so its subscriptions renew there", async () => {
    const { buyerId } = await fullCart({ ...frenchCompany(), timeZone: "America/Los_Angeles" });
    const res = await api.post(`/carts/${buyerId}/checkouts`, pay, key());
    expect(res.status).toBe(202);
    const [event] = await submittedFor(res.body.id);
    expect(event.data.buyer.timeZone).toBe("America/Los_Angeles");
  });

  it("refuses to pay without keeping the card for renewals: every plan renews by itself", async () => {
    const { buyerId } = await fullCart(frenchCompany());
    const res = await api.post(`/carts/${buyerId}/checkouts`, { ...pay, saveForRenewals: false }, key());
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ type: "/problems/renewal-card-required" });
    expect((await api.get(`/carts/${buyerId}`)).body.pendingCheckoutId).toBeNull();
  });

  it("refuses a second free trial of a solution: the buyer had it (subscription.started with a trial), the line names why", async () => {
    const { buyerId, nuage, lines } = await fullCart(frenchCompany(), 14);
    const nuageLine = lines.find((line) => line.planId === nuage.plan.planId)!;
    // Another buyer's trial of the same solution, and this buyer's subscription without a trial, change nothing.
    const started = (buyer: string, trialEndsOn: string | null): EventData<typeof SubscriptionStartedV1> => ({
      subscription: {
        subscriptionId: randomUUID(),
        orderId: randomUUID(),
        lineId: randomUUID(),
        buyer: {
          buyerId: buyer,
          kind: "company",
          name: "Acme Industries SAS",
          email: "buyer@acme.example",
          locale: "fr",
          registrationNumber: null,
          vatNumber: null,
          address: null,
          country: "FR",
        },
        vendor: {
          vendorId: nuage.data.vendorId,
          legalName: "Nuage Souverain SAS",
          publicContact: vendorContact,
          registrationNumber: null,
          vatNumber: null,
          registeredAddress: null,
        },
        productId: nuage.data.productId,
        productName: "Factur'Nuage",
        planId: nuage.plan.planId,
        planName: "Pro",
        billingCycle: "monthly",
        anchor: "2026-11-16",
        timeZone: "Europe/Paris",
        unitPrice: eur(4900),
        quantity: 2,
        vatTreatment: { kind: "standard", rateBasisPoints: 2000, mention: null },
        commitmentMonths: 0,
        state: trialEndsOn ? "trialing" : "active",
      },
      trialEndsOn,
      nextDueOn: "2026-11-16",
      nextDueAt: "2026-11-15T23:00:00.000Z",
      startedAt: "2026-11-02T10:00:00.000Z",
    });
    await publish(cart, SubscriptionStartedV1, started(randomUUID(), "2026-11-15"));
    await publish(cart, SubscriptionStartedV1, started(buyerId, null));
    await publish(cart, SubscriptionStartedV1, started(buyerId, "2026-11-15"));
    await eventually(async () =>
      expect(await cart.database.query(`SELECT product_id FROM trial_used WHERE buyer_id = $1`, [buyerId])).toEqual([
        { product_id: nuage.data.productId },
      ]),
    );
    const res = await api.post(`/carts/${buyerId}/checkouts`, pay, key());
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      type: "/problems/cart-lines-unavailable",
      errors: [{ path: `items.${nuageLine.id}`, message: expect.stringContaining("already had the free trial") }],
    });
  });

  it("reverse-charges a German company's orders, with the legal mention on each draft", async () => {
    const { buyerId } = await fullCart(germanCompany());
    const res = await api.post(`/carts/${buyerId}/checkouts`, pay, key());
    expect(res.status).toBe(202);
    const [event] = await submittedFor(res.body.id);
    expect(event.data.buyer).toMatchObject({ country: "DE", vatNumber: "DE123456789" });
    expect(
      event.data.orders.map((o: Json) => [o.vatTreatment.kind, o.vatTreatment.mention, o.totals.vat.amount]),
    ).toEqual([
      ["reverse-charge", expect.stringContaining("Article 196, Directive 2006/112/EC"), 0],
      ["reverse-charge", expect.stringContaining("Article 196, Directive 2006/112/EC"), 0],
    ]);
    expect(event.data.total).toEqual(eur(15797));
  });

  it("answers the same checkout for the same Idempotency-Key, even when the requests race, and refuses the key with another body", async () => {
    const { buyerId } = await fullCart();
    const sameKey = key();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => api.post(`/carts/${buyerId}/checkouts`, pay, sameKey)),
    );
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202, 202]);
    const ids = new Set(answers.map((a) => a.body.id));
    expect(ids.size).toBe(1);
    const [checkoutId] = [...ids] as string[];
    expect(await submittedFor(checkoutId!)).toHaveLength(1);
    expect(await cart.database.query(`SELECT id FROM checkout WHERE buyer_id = $1`, [buyerId])).toHaveLength(1);

    const later = await api.post(`/carts/${buyerId}/checkouts`, pay, sameKey);
    expect(later.body.id).toBe(checkoutId);
    const otherBody = await api.post(`/carts/${buyerId}/checkouts`, { ...pay, saveForRenewals: false }, sameKey);
    expect(otherBody.status).toBe(409);
    expect(otherBody.body).toMatchObject({ type: "/problems/idempotency-key-reused", checkoutId });
  });

  it("pays a cart once when two checkouts with different keys race: the other gets checkout-in-progress", async () => {
    const { buyerId } = await fullCart();
    const answers = await Promise.all(
      [key(), key(), key(), key()].map((k) => api.post(`/carts/${buyerId}/checkouts`, pay, k)),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409, 409, 409]);
    const winner = answers.find((a) => a.status === 202)!.body;
    for (const loser of answers.filter((a) => a.status === 409))
      expect(loser.body).toMatchObject({ type: "/problems/checkout-in-progress", checkoutId: winner.id });
    expect(await cart.database.query(`SELECT id FROM checkout WHERE buyer_id = $1`, [buyerId])).toHaveLength(1);
  });

  it("unlocks the cart exactly as it was when payment declines, and the buyer can pay again with a new key", async () => {
    const { buyerId, nuage } = await fullCart();
    const before = (await api.get(`/carts/${buyerId}`)).body;
    const firstKey = key();
    const checkout = (await api.post(`/carts/${buyerId}/checkouts`, pay, firstKey)).body;

    await publish(cart, PaymentCheckoutDeclinedV1, {
      checkoutId: checkout.id,
      buyerId,
      reason: "insufficient-funds",
      message: "Your card has insufficient funds.",
      declinedAt: "2026-11-02T10:00:05.000Z",
    });
    await eventually(async () => expect((await checkoutOf(buyerId, checkout.id)).status).toBe("declined"));
    expect(await checkoutOf(buyerId, checkout.id)).toMatchObject({
      decline: { reason: "insufficient-funds", message: "Your card has insufficient funds." },
      settledAt: "2026-11-02T10:00:05.000Z",
      redirectUrl: null,
    });
    expect((await api.get(`/carts/${buyerId}`)).body).toEqual(before);

    // The same key still answers the declined checkout; a new key pays again.
    expect((await api.post(`/carts/${buyerId}/checkouts`, pay, firstKey)).body).toMatchObject({
      id: checkout.id,
      status: "declined",
    });
    expect((await api.post(`/carts/${buyerId}/items`, { planId: nuage.plan.planId, quantity: 1 })).status).toBe(201);
    const again = await api.post(`/carts/${buyerId}/checkouts`, pay, key());
    expect(again.status).toBe(202);
    expect(again.body.id).not.toBe(checkout.id);
  });

  it("unlocks the cart as it was, declined with a processing error, when the orders could not be created", async () => {
    const { buyerId } = await fullCart();
    const before = (await api.get(`/carts/${buyerId}`)).body;
    const checkout = (await api.post(`/carts/${buyerId}/checkouts`, pay, key())).body;
    await publish(cart, OrderCheckoutFailedV1, {
      checkoutId: checkout.id,
      buyerId,
      orderIds: checkout.orderIds,
      reason: "duplicate key",
      failedAt: "2026-11-02T10:00:09.000Z",
    });
    await eventually(async () => expect((await checkoutOf(buyerId, checkout.id)).status).toBe("declined"));
    expect((await checkoutOf(buyerId, checkout.id)).decline).toMatchObject({
      reason: "processing-error",
      message: expect.stringContaining("nothing was charged"),
    });
    expect((await api.get(`/carts/${buyerId}`)).body).toEqual(before);
  });

  it("waits while the card needs authentication, goes back to pending once authorized, then empties the cart of the paid lines once the orders exist", async () => {
    const { buyerId } = await fullCart();
    const checkout = (await api.post(`/carts/${buyerId}/checkouts`, pay, key())).body;

    await publish(cart, PaymentCheckoutActionRequiredV1, {
      checkoutId: checkout.id,
      buyerId,
      redirectUrl: "https://pay.example/3ds/abc",
      requiredAt: "2026-11-02T10:00:02.000Z",
    });
    await eventually(async () =>
      expect(await checkoutOf(buyerId, checkout.id)).toMatchObject({
        status: "action-required",
        redirectUrl: "https://pay.example/3ds/abc",
      }),
    );
    expect((await api.get(`/carts/${buyerId}`)).body.pendingCheckoutId).toBe(checkout.id);

    // The buyer authenticated: payment authorized every order; the orders are being created.
    const [submitted] = await submittedFor(checkout.id);
    await publish(cart, PaymentCheckoutAuthorizedV1, {
      checkoutId: checkout.id,
      buyer: submitted.data.buyer,
      orders: submitted.data.orders.map((order: Json) => ({ ...order, paymentId: `pay-${order.orderId}` })),
      total: submitted.data.total,
      paymentMethod: { brand: "visa", last4: "4242", savedForRenewals: true },
      authorizedAt: "2026-11-02T10:00:30.000Z",
    });
    await eventually(async () =>
      expect(await checkoutOf(buyerId, checkout.id)).toMatchObject({ status: "pending", redirectUrl: null }),
    );
    expect((await api.get(`/carts/${buyerId}`)).body.pendingCheckoutId).toBe(checkout.id);

    await publish(cart, OrderCheckoutCompletedV1, {
      checkoutId: checkout.id,
      buyerId,
      orderIds: checkout.orderIds,
      completedAt: "2026-11-02T10:01:00.000Z",
    });
    await eventually(async () => expect((await checkoutOf(buyerId, checkout.id)).status).toBe("completed"));
    expect(await checkoutOf(buyerId, checkout.id)).toMatchObject({
      orderIds: checkout.orderIds,
      redirectUrl: null,
      decline: null,
      settledAt: "2026-11-02T10:01:00.000Z",
    });
    expect((await api.get(`/carts/${buyerId}`)).body).toMatchObject({
      lines: [],
      vendors: [],
      pendingCheckoutId: null,
      totals: { total: eur(0) },
    });
  });

  it("holds a GetCheckout with waitMs until the outcome commits, instead of being polled", async () => {
    const { buyerId } = await fullCart();
    const checkout = (await api.post(`/carts/${buyerId}/checkouts`, pay, key())).body;

    // Nothing happens: the wait ends with the checkout still pending (a short one here).
    const sent = performance.now();
    expect((await api.get(`/carts/${buyerId}/checkouts/${checkout.id}?waitMs=150`)).body.status).toBe("pending");
    expect(performance.now() - sent).toBeGreaterThanOrEqual(140);

    // The completion arrives while a long wait is held: the answer comes with it, well before the wait's end.
    const held = api.get(`/carts/${buyerId}/checkouts/${checkout.id}?waitMs=5000`);
    await eventually(async () => expect(cart.service.composed.checkoutSettled.size).toBe(1));
    const published = performance.now();
    await publish(cart, OrderCheckoutCompletedV1, {
      checkoutId: checkout.id,
      buyerId,
      orderIds: checkout.orderIds,
      completedAt: "2026-11-02T10:01:00.000Z",
    });
    const answer = await held;
    expect(answer.body).toMatchObject({ status: "completed", orderIds: checkout.orderIds });
    expect(performance.now() - published).toBeLessThan(CHECKOUT_RECHECK_MS);
    expect(cart.service.composed.checkoutSettled.size).toBe(0);

    // A settled checkout answers at once, whatever the wait asked.
    const again = performance.now();
    expect((await api.get(`/carts/${buyerId}/checkouts/${checkout.id}?waitMs=5000`)).body.status).toBe("completed");
    expect(performance.now() - again).toBeLessThan(1000);
  });

  it("refuses a wait longer than the callers' timeout allows, as a 400 problem", async () => {
    const { buyerId } = await fullCart();
    const checkout = (await api.post(`/carts/${buyerId}/checkouts`, pay, key())).body;
    const res = await api.get(`/carts/${buyerId}/checkouts/${checkout.id}?waitMs=60000`);
    expect(res.status).toBe(400);
    expect(res.contentType).toMatch(/application\/problem\+json/);
  });

  it("applies each saga event once: a redelivered completion or a late event changes nothing", async () => {
    const { buyerId, nuage } = await fullCart();
    const checkout = (await api.post(`/carts/${buyerId}/checkouts`, pay, key())).body;
    const completed = await publish(cart, OrderCheckoutCompletedV1, {
      checkoutId: checkout.id,
      buyerId,
      orderIds: checkout.orderIds,
      completedAt: "2026-11-02T10:01:00.000Z",
    });
    await eventually(async () => expect((await checkoutOf(buyerId, checkout.id)).status).toBe("completed"));

    // The buyer fills the cart again; then the completion arrives again, and a decline arrives late.
    const added = await api.post(`/carts/${buyerId}/items`, { planId: nuage.plan.planId, quantity: 1 });
    expect(added.status).toBe(201);
    await redeliver(cart, OrderCheckoutCompletedV1, completed);
    const late = await publish(cart, PaymentCheckoutDeclinedV1, {
      checkoutId: checkout.id,
      buyerId,
      reason: "card-declined",
      message: "Declined.",
      declinedAt: "2026-11-02T10:02:00.000Z",
    });
    await eventually(async () =>
      expect(await cart.database.query(`SELECT 1 FROM inbox_message WHERE event_id = $1`, [late.id])).toHaveLength(1),
    );

    expect(await checkoutOf(buyerId, checkout.id)).toMatchObject({ status: "completed", decline: null });
    expect((await api.get(`/carts/${buyerId}`)).body.lines).toEqual([
      expect.objectContaining({ id: added.body.lines[0].id, quantity: 1 }),
    ]);
    expect(await cart.database.query(`SELECT 1 FROM inbox_message WHERE event_id = $1`, [completed.id])).toHaveLength(
      1,
    );
  });
});

describe("a cart that cannot be paid as it is", () => {
  it("refuses a line whose plan was superseded, naming the line and the new plan; a refresh makes it payable at the new price", async () => {
    const { buyerId, nuage, lines } = await fullCart();
    const next = await nuage.supersede(nuage.plan.planId, 5900);

    const refused = await api.post(`/carts/${buyerId}/checkouts`, pay, key());
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      type: "/problems/cart-lines-unavailable",
      errors: [{ path: `items.${lines[0].id}`, message: expect.stringContaining(next.planId) }],
    });
    expect((await api.get(`/carts/${buyerId}`)).body.pendingCheckoutId).toBeNull();
    expect(await cart.database.query(`SELECT id FROM checkout WHERE buyer_id = $1`, [buyerId])).toHaveLength(0);

    await api.post(`/carts/${buyerId}/refresh`);
    const paid = await api.post(`/carts/${buyerId}/checkouts`, pay, key());
    expect(paid.status).toBe(202);
    expect(paid.body.totals.subtotal).toEqual(eur(2 * 5900 + 5997));
  });

  it("refuses a product taken off the storefront, one error per line", async () => {
    const { buyerId, nuage, orbital, lines } = await fullCart();
    await nuage.update(() => ({ status: "unpublished" }));
    await orbital.update((data) => ({ plans: data.plans.map((p) => ({ ...p, status: "retired" as const })) }));
    const refused = await api.post(`/carts/${buyerId}/checkouts`, pay, key());
    expect(refused.status).toBe(409);
    expect(refused.body.errors.map((e: Json) => e.path)).toEqual([`items.${lines[0].id}`, `items.${lines[1].id}`]);
  });

  it("refuses a buyer the cart has not heard of, an empty cart and a request without Idempotency-Key", async () => {
    const listing = new Listing(cart);
    await listing.publish();
    const stranger = randomUUID();
    await api.post(`/carts/${stranger}/items`, { planId: listing.plan.planId, quantity: 1 });
    const unknown = await api.post(`/carts/${stranger}/checkouts`, pay, key());
    expect(unknown.status).toBe(409);
    expect(unknown.body).toMatchObject({ type: "/problems/buyer-unknown", detail: expect.stringContaining(stranger) });

    const empty = await api.post(`/carts/${randomUUID()}/checkouts`, pay, key());
    expect(empty.status).toBe(409);
    expect(empty.body.type).toBe("/problems/cart-empty");

    const noKey = await api.post(`/carts/${stranger}/checkouts`, pay);
    expect(noKey.status).toBe(400);
    expect(noKey.body.errors).toEqual([expect.objectContaining({ path: "headers.idempotency-key" })]);
  });

  it("answers 404 for a checkout of another buyer or none", async () => {
    const { buyerId } = await fullCart();
    const checkout = (await api.post(`/carts/${buyerId}/checkouts`, pay, key())).body;
    expect((await api.get(`/carts/${randomUUID()}/checkouts/${checkout.id}`)).status).toBe(404);
    expect((await api.get(`/carts/${buyerId}/checkouts/${randomUUID()}`)).status).toBe(404);
  });
});
