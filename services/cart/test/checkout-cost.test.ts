import { randomUUID } from "node:crypto";
import { OrderCheckoutCompletedV1, PaymentCheckoutAuthorizedV1 } from "@mkt/contracts";
import { costOf, deleteBusNamespace, eventually, statementsDuring, uncountedConnection } from "@mkt/testing";
import {
  Listing,
  frenchCompany,
  listedPlan,
  publish,
  registerBuyer,
  startCart,
  type CartUnderTest,
  type Json,
} from "./support/cart.js";

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

// The issue-11 budget of the checkout path: what paying a cart of two vendors' lines costs the cart
// database, from POST /checkouts to the checkout completed (payment.checkout-authorized, then
// order.checkout-completed, both published through the cart's own outbox as their producers do).
it("one checkout of two vendors' lines, authorized then completed, stays within its statement budget", async () => {
  const buyerId = await registerBuyer(cart, frenchCompany());
  const listings = [
    new Listing(cart, { plans: [listedPlan({ price: eur(4900) })] }),
    new Listing(cart, {
      name: "Kube Souverain",
      plans: [listedPlan({ name: "Team", price: eur(1999), trialDays: 0 })],
    }),
  ];
  await Promise.all(listings.map((listing) => listing.publish()));
  for (const listing of listings)
    await api.post(`/carts/${buyerId}/items`, { planId: listing.plan.planId, quantity: 1 });

  const database = new URL(cart.database.url).pathname.slice(1);
  // The test's own waits go through a connection that is not counted.
  const watch = await uncountedConnection(cart.database.url);
  const rowsOf = async (sql: string, values: unknown[] = []) => (await watch.query(sql, values)).rows;
  const statements = await statementsDuring(database, async () => {
    const answer = await api.post(
      `/carts/${buyerId}/checkouts`,
      { paymentMethod: "pm_card_visa", saveForRenewals: true },
      { "idempotency-key": `checkout-${randomUUID()}` },
    );
    expect(answer.status).toBe(202);
    const checkout = answer.body as Json;
    const [submitted] = await rowsOf(
      `SELECT payload FROM outbox_event WHERE type = 'cart.checkout-submitted' AND payload->'data'->>'checkoutId' = $1`,
      [checkout.id],
    );
    const data = (submitted as Json).payload.data;
    const authorized = await publish(cart, PaymentCheckoutAuthorizedV1, {
      checkoutId: checkout.id,
      buyer: data.buyer,
      orders: data.orders.map((order: Json) => ({ ...order, paymentId: `pay-${order.orderId}` })),
      total: data.total,
      paymentMethod: { brand: "visa", last4: "4242", savedForRenewals: false },
      authorizedAt: "2026-11-02T10:00:01.000Z",
    });
    const completed = await publish(cart, OrderCheckoutCompletedV1, {
      checkoutId: checkout.id,
      buyerId,
      orderIds: checkout.orderIds,
      completedAt: "2026-11-02T10:00:02.000Z",
    });
    await eventually(async () => {
      expect(await rowsOf(`SELECT status FROM checkout WHERE id = $1`, [checkout.id])).toEqual([
        { status: "completed" },
      ]);
      expect(
        await rowsOf(`SELECT 1 FROM inbox_message WHERE event_id = ANY($1::uuid[])`, [[authorized.id, completed.id]]),
      ).toHaveLength(2);
      expect(await rowsOf(`SELECT id FROM outbox_event WHERE published_at IS NULL`)).toEqual([]);
    });
  });
  await watch.end();
  const summary = costOf(statements);
  console.log(JSON.stringify(summary, null, 2));
  // Before (issue 11): 23 own statements in 3 commits; then 21 (payment.checkout-authorized, which
  // changes nothing unless the buyer had to authenticate, no longer locks the cart to find that
  // out); 22 with a plan that has a free trial (one trial per buyer per solution: one read).
  expect(summary.own.statements).toBeLessThanOrEqual(22);
  expect(summary.own.commits).toBeLessThanOrEqual(3);
});
