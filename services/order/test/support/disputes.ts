import { randomUUID } from "node:crypto";
import { CartCheckoutSubmittedV1, type EventData } from "@mkt/contracts";
import { authorizedCheckoutData } from "@mkt/demo-world";
import { paymentService } from "@mkt/payment/bootstrap";
import { ControllableClock } from "@mkt/service-kit";
import { call, eventually, startServices, upload, type Json } from "@mkt/testing";
import { orderService } from "../../src/bootstrap.js";

// Disputes need real money: payment runs beside order (listed first, so order is given its
// PAYMENT_URL), authorizes a checkout on the simulated processor, captures what the vendor accepts
// and refunds what an operator's resolution orders.

export async function startOrderWithPayment(label: string) {
  const clock = new ControllableClock({ start: new Date("2026-11-24T10:00:00.000Z"), frozen: true });
  const started = await startServices(
    label,
    [
      {
        name: "payment",
        definition: paymentService,
        env: { PAYMENT_WORK_POLL_MS: "50", PAYMENT_PUBLIC_URL: "http://payment.test" },
      },
      { name: "order", definition: orderService },
    ],
    { clock },
  );
  const order = started.services.order;
  const payment = started.services.payment;
  return { ...started, order, payment, orderUrl: order.service.url, paymentUrl: payment.service.url };
}

type Started = Awaited<ReturnType<typeof startOrderWithPayment>>;

/**
 * A buyer's checkout of one order per vendor, as the cart submits it (through the order service's
 * own outbox): payment authorizes each order on the simulated card, order transmits them. Answers
 * the orders' ids once every order exists.
 */
export async function checkout(started: Started, vendorIds: string[], buyerId: string = randomUUID()) {
  const authorized = authorizedCheckoutData({ buyerId, vendorIds }, started.clock.now());
  const data: EventData<typeof CartCheckoutSubmittedV1> = {
    checkoutId: authorized.checkoutId,
    buyer: { ...authorized.buyer, email: "buyer@acme.example" },
    orders: authorized.orders.map(({ paymentId: _paymentId, ...draft }) => draft),
    total: authorized.total,
    payment: { paymentMethod: "pm_card_visa", saveForRenewals: false },
    submittedAt: started.clock.now().toISOString(),
  };
  const { db, outbox } = started.order.service.deps;
  await db.transaction((tx) => outbox.add(tx, CartCheckoutSubmittedV1, data));
  const orderIds = data.orders.map((draft) => draft.orderId);
  await eventually(async () => {
    for (const orderId of orderIds)
      expect((await call(started.orderUrl, "GET", `/orders/${orderId}`)).status).toBe(200);
  });
  return { buyerId, orderIds };
}

/** The vendor accepts; payment captures (order.accepted): answers once the money is captured. */
export async function acceptAndCapture(started: Started, orderId: string, vendorId: string) {
  expect((await call(started.orderUrl, "POST", `/orders/${orderId}/accept`, { body: { vendorId } })).status).toBe(200);
  await eventually(async () =>
    expect((await call(started.paymentUrl, "GET", `/orders/${orderId}/payment`)).body).toMatchObject({
      status: "captured",
    }),
  );
}

export const pdf = (name = "proof.pdf") => ({
  filename: name,
  contentType: "application/pdf",
  bytes: new TextEncoder().encode("%PDF-1.4\n% a small proof\n%%EOF\n"),
});

export async function uploadAttachment(
  started: Started,
  orderId: string,
  party: { buyerId: string } | { vendorId: string },
  file = pdf(),
) {
  return upload(started.orderUrl, `/orders/${orderId}/dispute-attachments`, {
    fields: party as Record<string, string>,
    file,
  });
}

/** Events the order service recorded in its outbox, of one type, oldest first. */
export async function emitted(started: Started, type: string): Promise<Json[]> {
  const rows = await started.order.database.query<{ payload: Json }>(
    "SELECT payload FROM outbox_event WHERE type = $1 ORDER BY created_at, id",
    [type],
  );
  return rows.map((row) => row.payload);
}
