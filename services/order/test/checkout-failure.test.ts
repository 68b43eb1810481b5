import { PaymentCheckoutAuthorizedV1 } from "@mkt/contracts";
import { ControllableClock } from "@mkt/service-kit";
import { deleteBusNamespace, eventually, startServiceForTest, uniqueBusNamespace } from "@mkt/testing";
import { orderService } from "../src/bootstrap.js";
import { checkoutAuthorized, draft, migrationsDir, publish, type Json, type OrderUnderTest } from "./support/order.js";

// A checkout whose orders can never be created must not keep the buyer's card held: once the
// consumer gives up, order.checkout-failed tells payment to release and the cart to unlock.
const namespace = uniqueBusNamespace("order-failure");
let order: OrderUnderTest;

beforeAll(async () => {
  const clock = new ControllableClock({ start: new Date("2026-03-15T09:00:00.000Z"), frozen: true });
  order = await startServiceForTest(orderService, {
    namespace,
    migrationsDir,
    clock,
    env: { CONSUMER_MAX_DELIVER: "2", CONSUMER_BACKOFF_MS: "20" },
  });
});
afterAll(async () => {
  await order?.stop();
  await deleteBusNamespace(namespace);
});

it("publishes order.checkout-failed, once, when the orders of an authorized checkout cannot be created", async () => {
  // Two order ids ending alike give one purchase-order number twice (PO-<date>-<last 10 of the
  // id>, unique): every delivery fails on the constraint, as a bug would.
  const checkout = checkoutAuthorized([
    { ...draft(), orderId: "first-0123456789" },
    { ...draft(), orderId: "second-0123456789" },
  ]);
  await publish(order, PaymentCheckoutAuthorizedV1, checkout);
  const failed = await eventually(async () => {
    const rows = await order.database.query<{ payload: Json }>(
      `SELECT payload FROM outbox_event WHERE type = 'order.checkout-failed'`,
    );
    expect(rows).toHaveLength(1);
    return rows[0]!.payload.data;
  });
  expect(failed).toMatchObject({
    checkoutId: checkout.checkoutId,
    buyerId: checkout.buyer.buyerId,
    orderIds: checkout.orders.map((o) => o.orderId),
  });
  expect(await order.database.query(`SELECT id FROM orders WHERE checkout_id = $1`, [checkout.checkoutId])).toEqual([]);
});
