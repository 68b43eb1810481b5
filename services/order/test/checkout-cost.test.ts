import { randomUUID } from "node:crypto";
import { PaymentCheckoutAuthorizedV1 } from "@mkt/contracts";
import { costOf, deleteBusNamespace, eventually, statementsDuring, uncountedConnection } from "@mkt/testing";
import {
  checkoutAuthorized,
  draft,
  publish,
  startOrder,
  vendorSnapshot,
  type OrderUnderTest,
} from "./support/order.js";

let order: OrderUnderTest;
let namespace: string;
let api: Awaited<ReturnType<typeof startOrder>>["api"];

beforeAll(async () => {
  ({ order, namespace, api } = await startOrder());
});
afterAll(async () => {
  await order.stop();
  await deleteBusNamespace(namespace);
});

// The issue-11 budget of the checkout path: what one checkout of two vendor orders, both accepted,
// costs the order database (the test's own publishing through the outbox included).
it("one checkout of two orders, created then both accepted, stays within its statement budget", async () => {
  const database = new URL(order.database.url).pathname.slice(1);
  const drafts = [draft(vendorSnapshot(randomUUID(), "Nuage Souverain SAS")), draft(vendorSnapshot(randomUUID()), 1)];
  const checkout = checkoutAuthorized(drafts);
  // The test's own waits go through a connection that is not counted.
  const watch = await uncountedConnection(order.database.url);
  const rowsOf = async (sql: string, values: unknown[] = []) => (await watch.query(sql, values)).rows;
  const statements = await statementsDuring(database, async () => {
    await publish(order, PaymentCheckoutAuthorizedV1, checkout);
    await eventually(async () =>
      expect(await rowsOf(`SELECT id FROM orders WHERE checkout_id = $1`, [checkout.checkoutId])).toHaveLength(2),
    );
    for (const d of drafts) {
      const { status, body } = await api.post(`/orders/${d.orderId}/accept`, { vendorId: d.vendor.vendorId });
      expect(status).toBe(200);
      expect(body).toMatchObject({ state: "accepted", timeline: [{ to: "transmitted" }, { to: "accepted" }] });
    }
    // Every event recorded is relayed, so the count does not depend on when the relay last ran.
    await eventually(async () =>
      expect(await rowsOf(`SELECT id FROM outbox_event WHERE published_at IS NULL`)).toEqual([]),
    );
  });
  await watch.end();
  const summary = costOf(statements);
  console.log(JSON.stringify(summary, null, 2));
  // Before (issue 11): 43 own statements in 9 commits (a read back of each accepted order outside its
  // transaction, a query per include, one INSERT per order and table); now 30 in 3 (one per transaction).
  expect(summary.own.statements).toBeLessThanOrEqual(32);
  expect(summary.own.commits).toBeLessThanOrEqual(3);
});
