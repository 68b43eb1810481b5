import { randomUUID } from "node:crypto";
import { CartCheckoutSubmittedV1, OrderAcceptedV1 } from "@mkt/contracts";
import {
  costOf,
  deleteBusNamespace,
  eventually,
  statementsDuring,
  uncountedConnection,
  uniqueBusNamespace,
} from "@mkt/testing";
import { checkoutSubmitted, orderFacts, publish, startPayment, type PaymentUnderTest } from "./support/payment.js";

const namespace = uniqueBusNamespace("payment-cost");
let payment: PaymentUnderTest;

beforeAll(async () => {
  payment = await startPayment(namespace);
});
afterAll(async () => {
  await payment?.stop();
  await deleteBusNamespace(namespace);
});

// The issue-11 budget of the checkout path: what one checkout of two vendor orders, both accepted,
// costs the payment database (the test's own publishing through the outbox included).
it("one checkout of two orders, authorized then both captured, stays within its statement budget", async () => {
  const database = new URL(payment.database.url).pathname.slice(1);
  const watch = await uncountedConnection(payment.database.url);
  const statusesOf = async (checkoutId: string) =>
    (
      await watch.query<{ status: string; checkout: string }>(
        `SELECT p.status, c.status AS checkout FROM payment p JOIN checkout c ON c.id = p.checkout_id
       WHERE p.checkout_id = $1 ORDER BY p.position`,
        [checkoutId],
      )
    ).rows;
  const checkout = checkoutSubmitted("pm_card_visa", [12_000, 3_000]);
  try {
    const statements = await statementsDuring(database, async () => {
      await publish(payment, CartCheckoutSubmittedV1, checkout);
      await eventually(async () =>
        expect((await statusesOf(checkout.checkoutId)).map((row) => row.checkout)).toEqual([
          "authorized",
          "authorized",
        ]),
      );
      const paymentIds = (
        await watch.query<{ id: string }>("SELECT id FROM payment WHERE checkout_id = $1 ORDER BY position", [
          checkout.checkoutId,
        ])
      ).rows.map((row) => row.id);
      for (const index of checkout.orders.keys())
        await publish(payment, OrderAcceptedV1, {
          order: orderFacts(checkout, index, paymentIds[index]!),
          by: { kind: "vendor" as const, id: randomUUID() },
          late: false,
          acceptedAt: "2026-11-24T12:00:00.000Z",
        });
      await eventually(async () =>
        expect((await statusesOf(checkout.checkoutId)).map((row) => row.status)).toEqual(["captured", "captured"]),
      );
    });
    const summary = costOf(statements);
    console.log(JSON.stringify(summary, null, 2));
    // Before batching (issue 11): 64 own statements in 23 commits; now 40 to 43 in 14 to 15 (payment's own, without the
    // kit's plumbing).
    expect(summary.own.statements).toBeLessThanOrEqual(48);
    expect(summary.own.commits).toBeLessThanOrEqual(17);
  } finally {
    await watch.end();
  }
});
