import { randomUUID } from "node:crypto";
import { OrderAcceptedV1, OrderTransmittedV1, type OrderFacts } from "@mkt/contracts";
import {
  costOf,
  deleteBusNamespace,
  eventually,
  SmtpSink,
  statementsDuring,
  uncountedConnection,
  uniqueBusNamespace,
} from "@mkt/testing";
import { emailQueueName } from "../src/bootstrap.js";
import { deleteDeliveryQueue } from "../src/delivery/queue.js";
import { exampleOrder } from "./support/orders.js";
import { AMQP_URL, publishTogether, startNotification, type NotificationUnderTest } from "./support/services.js";

const namespace = uniqueBusNamespace("notification_cost");
const retryDelaysMs = [100, 200];
const smtp = new SmtpSink();
let notification: NotificationUnderTest;

beforeAll(async () => {
  await smtp.start();
  notification = await startNotification(namespace, {
    SMTP_URL: smtp.url,
    MAIL_RETRY_DELAYS_MS: retryDelaysMs.join(","),
  });
});
afterAll(async () => {
  await notification?.stop();
  await deleteBusNamespace(namespace);
  await deleteDeliveryQueue({ url: AMQP_URL, name: emailQueueName({ BUS_NAMESPACE: namespace }), retryDelaysMs });
  await smtp.stop();
});

/** One of a checkout's orders, from its own vendor. */
function anOrder(checkoutId: string, buyer: OrderFacts["buyer"]): OrderFacts {
  const vendorId = randomUUID();
  return {
    ...exampleOrder,
    orderId: randomUUID(),
    checkoutId,
    paymentId: randomUUID(),
    buyer,
    vendor: {
      ...exampleOrder.vendor,
      vendorId,
      publicContact: { ...exampleOrder.vendor.publicContact, email: `ventes+${vendorId}@nuage.example` },
    },
  };
}

// The issue-11 budget of the checkout path: what one checkout of two vendor orders, both accepted,
// costs the notification database: order.transmitted (published together, as the order service
// does in one transaction) then order.accepted for each, their emails recorded and sent.
it("one checkout of two orders, transmitted then accepted, stays within its statement budget", async () => {
  const checkoutId = randomUUID();
  const buyer = { ...exampleOrder.buyer, buyerId: randomUUID(), email: `achats+${randomUUID()}@acme.example` };
  const orders = [anOrder(checkoutId, buyer), anOrder(checkoutId, buyer)];
  const database = new URL(notification.database.url).pathname.slice(1);
  // The test's own waits go through a connection that is not counted.
  const watch = await uncountedConnection(notification.database.url);
  const statuses = async (eventIds: string[]) =>
    (
      await watch.query<{ status: string }>(`SELECT status FROM notification WHERE event_id = ANY($1::uuid[])`, [
        eventIds,
      ])
    ).rows.map((row) => row.status);
  let emails = 0;
  const statements = await statementsDuring(database, async () => {
    const transmitted = await publishTogether(
      notification,
      orders.map((order) => ({
        definition: OrderTransmittedV1,
        data: { order, purchaseOrderNumber: order.purchaseOrderNumber! },
      })),
    );
    const accepted = await publishTogether(
      notification,
      orders.map((order) => ({
        definition: OrderAcceptedV1,
        data: {
          order,
          by: { kind: "vendor", id: order.vendor.vendorId },
          late: false,
          acceptedAt: new Date().toISOString(),
        },
      })),
    );
    const eventIds = [...transmitted, ...accepted].map((envelope) => envelope.id);
    await eventually(async () => {
      const all = await statuses(eventIds);
      expect(all.length).toBeGreaterThanOrEqual(6);
      expect(all.filter((status) => status !== "sent")).toEqual([]);
      emails = all.length;
    });
    await eventually(async () =>
      expect((await watch.query(`SELECT id FROM outbox_event WHERE published_at IS NULL`)).rows).toEqual([]),
    );
  });
  await watch.end();
  const summary = costOf(statements);
  console.log(JSON.stringify({ emails, ...summary }, null, 2));
  expect(smtp.to(buyer.email)).toHaveLength(4);
  // Before (issue 11): 66 own statements in 13 commits, six of them one per email (lock, read, mark
  // sent). Now a delivery job carries the emails the dispatcher claimed together, sent in one
  // transaction: 34 in 6 when the four events arrive together, up to 48 in 11 when the consumers
  // and the dispatcher happen to take them one by one (timing, not code).
  expect(summary.own.statements).toBeLessThanOrEqual(50);
  expect(summary.own.commits).toBeLessThanOrEqual(12);
});
