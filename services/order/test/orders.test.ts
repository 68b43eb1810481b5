import { randomUUID } from "node:crypto";
import { PaymentCheckoutAuthorizedV1 } from "@mkt/contracts";
import { deleteBusNamespace, eventually } from "@mkt/testing";
import { pdfText } from "./support/pdf-text.js";
import {
  draft,
  placeCheckout,
  publish,
  recorded,
  redeliver,
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

describe("an authorized checkout", () => {
  it("becomes one transmitted order per vendor, each with its purchase order, then one checkout-completed", async () => {
    const [first, second] = [
      draft(vendorSnapshot(randomUUID(), "Nuage Souverain SAS")),
      draft(vendorSnapshot(randomUUID(), "Factura SA"), 1),
    ];
    const { checkout } = await placeCheckout(order, [first!, second!]);

    for (const d of [first!, second!]) {
      const { status, body } = await api.get(`/orders/${d.orderId}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        orderId: d.orderId,
        checkoutId: checkout.checkoutId,
        paymentId: d.paymentId,
        state: "transmitted",
        vendor: {
          vendorId: d.vendor.vendorId,
          legalName: d.vendor.legalName,
          publicContact: { email: "ventes@nuage.example" },
        },
        buyer: { buyerId: checkout.buyer.buyerId, name: "ACME Industries SAS" },
        totals: d.totals,
        vatTreatment: { kind: "standard" },
        transmittedAt: "2026-03-15T09:00:00.000Z",
        deadlines: {
          reminderAt: "2026-03-16T09:00:00.000Z",
          validationDueAt: "2026-03-17T09:00:00.000Z",
          autoCancelAt: "2026-03-20T09:00:00.000Z",
        },
        invoiceNumber: null,
        delivery: null,
        documents: [{ kind: "purchase-order", number: body.purchaseOrderNumber }],
        timeline: [{ from: null, to: "transmitted", actor: { kind: "system", id: null } }],
      });
      const transmitted = await recorded(order, "order.transmitted", d.orderId);
      expect(transmitted).toHaveLength(1);
      expect(transmitted[0]).toMatchObject({
        purchaseOrderNumber: body.purchaseOrderNumber,
        order: {
          orderId: d.orderId,
          purchaseOrderNumber: body.purchaseOrderNumber,
          validationDueAt: "2026-03-17T09:00:00.000Z",
        },
      });
    }
    const completed = (await recorded(order, "order.checkout-completed")).filter(
      (e) => e.checkoutId === checkout.checkoutId,
    );
    expect(completed).toEqual([
      {
        checkoutId: checkout.checkoutId,
        buyerId: checkout.buyer.buyerId,
        orderIds: [first!.orderId, second!.orderId],
        completedAt: "2026-03-15T09:00:00.000Z",
      },
    ]);

    const timers = await order.database.query(`SELECT type, due_at, status FROM timer WHERE key = $1 ORDER BY due_at`, [
      first!.orderId,
    ]);
    expect(timers).toEqual([
      { type: "order.validation-reminder", due_at: new Date("2026-03-16T09:00:00.000Z"), status: "pending" },
      { type: "order.overdue", due_at: new Date("2026-03-17T09:00:00.000Z"), status: "pending" },
      { type: "order.auto-cancel", due_at: new Date("2026-03-20T09:00:00.000Z"), status: "pending" },
    ]);
  });

  it("has one effect however often it is delivered, or re-published under another id", async () => {
    const d = draft();
    const { checkout, envelope } = await placeCheckout(order, [d]);
    await redeliver(order, PaymentCheckoutAuthorizedV1, envelope);
    const republished = await publish(order, PaymentCheckoutAuthorizedV1, checkout);
    // The re-published fact is handled (its inbox row) and creates nothing; the redelivery is a duplicate.
    await eventually(async () =>
      expect(
        await order.database.query(`SELECT 1 FROM inbox_message WHERE event_id = $1`, [republished.id]),
      ).toHaveLength(1),
    );
    expect(
      await order.database.query(`SELECT id FROM orders WHERE checkout_id = $1`, [checkout.checkoutId]),
    ).toHaveLength(1);
    expect(await recorded(order, "order.transmitted", d.orderId)).toHaveLength(1);
    expect(
      (await recorded(order, "order.checkout-completed")).filter((e) => e.checkoutId === checkout.checkoutId),
    ).toHaveLength(1);
  });

  it("gives a purchase order PDF in the vendor's name with its number, lines, totals and both parties, in the buyer's language", async () => {
    const vendor = vendorSnapshot(randomUUID(), "Orbital Ops SAS");
    const d = draft(vendor);
    const { checkout } = await placeCheckout(order, [d]);
    const { body } = await api.get(`/orders/${d.orderId}`);

    const file = await api.file(`/orders/${d.orderId}/documents/purchase-order?buyerId=${checkout.buyer.buyerId}`);
    expect(file.status).toBe(200);
    expect(file.contentType).toContain("application/pdf");
    const text = pdfText(file.bytes).replace(/\s+/g, " "); // long mentions wrap
    for (const expected of [
      body.purchaseOrderNumber,
      "Bon de commande",
      "Orbital Ops SAS",
      "SAS au capital de 50 000,00 €",
      "SIREN : 901234567",
      "N° de TVA intracommunautaire : FR12901234567",
      "10 quai de la Rapée",
      "ventes@nuage.example",
      "ACME Industries SAS",
      "Factur'Nuage - offre Pro",
      "Quantité 2 x 49,00 € = 98,00 € HT",
      "Total TTC : 117,60 €",
    ]) {
      expect(text).toContain(expected);
    }
  });
});

describe("the vendor's answer", () => {
  it("accepts a transmitted order: order.accepted, the timeline, the timers disarmed", async () => {
    const d = draft();
    await placeCheckout(order, [d]);
    const { status, body } = await api.post(`/orders/${d.orderId}/accept`, { vendorId: d.vendor.vendorId });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      state: "accepted",
      acceptedLate: false,
      timeline: [
        { to: "transmitted" },
        { from: "transmitted", to: "accepted", actor: { kind: "vendor", id: d.vendor.vendorId } },
      ],
    });
    expect(await recorded(order, "order.accepted", d.orderId)).toEqual([
      expect.objectContaining({
        late: false,
        by: { kind: "vendor", id: d.vendor.vendorId },
        acceptedAt: "2026-03-15T09:00:00.000Z",
        // Every later event names the order by its purchase order number, as the first did.
        order: expect.objectContaining({ purchaseOrderNumber: body.purchaseOrderNumber }),
      }),
    ]);
    const timers = await order.database.query<{ status: string }>(`SELECT status FROM timer WHERE key = $1`, [
      d.orderId,
    ]);
    expect(timers.map((t) => t.status)).toEqual(["cancelled", "cancelled", "cancelled"]);

    const again = await api.post(`/orders/${d.orderId}/accept`, { vendorId: d.vendor.vendorId });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ type: "/problems/order-state-conflict", orderState: "accepted" });
  });

  it("refuses a transmitted order with its reason; the order cannot then be accepted or delivered", async () => {
    const d = draft();
    await placeCheckout(order, [d]);
    const { status, body } = await api.post(`/orders/${d.orderId}/refuse`, {
      vendorId: d.vendor.vendorId,
      reason: "We cannot serve this region.",
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      state: "refused",
      refusalReason: "We cannot serve this region.",
      timeline: [{}, { to: "refused", note: "We cannot serve this region." }],
    });
    expect(await recorded(order, "order.refused", d.orderId)).toEqual([
      expect.objectContaining({ reason: "We cannot serve this region." }),
    ]);

    const deliver = await api.post(`/orders/${d.orderId}/deliver`, {
      vendorId: d.vendor.vendorId,
      accessUrl: "https://app.example/x",
      instructions: "Log in",
    });
    expect(deliver.status).toBe(409);
    expect(deliver.body.detail).toMatch(/refused: only an accepted order can be delivered/);
    expect(
      (await api.post(`/orders/${d.orderId}/refuse`, { vendorId: d.vendor.vendorId, reason: "again" })).status,
    ).toBe(409);
  });

  it("refuses a refusal without a reason (400)", async () => {
    const d = draft();
    await placeCheckout(order, [d]);
    const { status, body } = await api.post(`/orders/${d.orderId}/refuse`, {
      vendorId: d.vendor.vendorId,
      reason: "  ",
    });
    expect(status).toBe(400);
    expect(body.errors).toEqual([expect.objectContaining({ path: "reason" })]);
  });

  it("delivers an accepted order: delivery details, order.delivered and the invoice PDF (none before)", async () => {
    const d = draft(vendorSnapshot(randomUUID(), "Nuage Souverain SAS"));
    const { checkout } = await placeCheckout(order, [d]);
    expect((await api.file(`/orders/${d.orderId}/documents/invoice?buyerId=${checkout.buyer.buyerId}`)).status).toBe(
      404,
    );
    const early = await api.post(`/orders/${d.orderId}/deliver`, {
      vendorId: d.vendor.vendorId,
      accessUrl: "https://app.example/acme",
      instructions: "x",
    });
    expect(early.status).toBe(409);

    await api.post(`/orders/${d.orderId}/accept`, { vendorId: d.vendor.vendorId });
    const { status, body } = await api.post(`/orders/${d.orderId}/deliver`, {
      vendorId: d.vendor.vendorId,
      accessUrl: "https://app.example/acme",
      instructions: "Sign in with your buyer email; your workspace is ready.",
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      state: "delivered",
      invoiceNumber: "NUAG-2026-000001",
      delivery: {
        accessUrl: "https://app.example/acme",
        instructions: "Sign in with your buyer email; your workspace is ready.",
        deliveredAt: "2026-03-15T09:00:00.000Z",
      },
      documents: [{ kind: "purchase-order" }, { kind: "invoice", number: "NUAG-2026-000001" }],
    });
    expect(await recorded(order, "order.delivered", d.orderId)).toEqual([
      expect.objectContaining({
        invoiceNumber: "NUAG-2026-000001",
        delivery: {
          accessUrl: "https://app.example/acme",
          instructions: "Sign in with your buyer email; your workspace is ready.",
        },
      }),
    ]);

    const invoice = await api.file(`/orders/${d.orderId}/documents/invoice?vendorId=${d.vendor.vendorId}`);
    expect(invoice.status).toBe(200);
    const text = pdfText(invoice.bytes).replace(/\s+/g, " "); // long mentions wrap
    for (const expected of [
      "Facture NUAG-2026-000001",
      "Nuage Souverain SAS",
      "ACME Industries SAS",
      "FR40552100554",
      "TVA 20 % sur 98,00 € : 19,60 €",
      "Total TTC : 117,60 €",
      "Date de livraison : 15/03/2026",
      "Date d'échéance : 15/03/2026",
      "article L441-10 du Code de commerce",
    ]) {
      expect(text).toContain(expected);
    }
  });

  it("numbers a vendor's invoices 1 to 20 without gap nor duplicate when 20 orders are delivered at once", async () => {
    const vendor = vendorSnapshot(randomUUID(), "Factura SA");
    const drafts = Array.from({ length: 20 }, () => draft(vendor, 1));
    await placeCheckout(order, drafts);
    for (const d of drafts)
      expect((await api.post(`/orders/${d.orderId}/accept`, { vendorId: vendor.vendorId })).status).toBe(200);

    const answers = await Promise.all(
      drafts.map((d) =>
        api.post(`/orders/${d.orderId}/deliver`, {
          vendorId: vendor.vendorId,
          accessUrl: "https://factura.example/login",
          instructions: "Log in",
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(drafts.map(() => 200));
    const numbers = answers.map((a) => a.body.invoiceNumber as string).sort();
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => `FACT-2026-${String(i + 1).padStart(6, "0")}`));
  });
});

describe("scoping", () => {
  it("answers 404 to another buyer or vendor, as for an order that does not exist", async () => {
    const d = draft();
    const { checkout } = await placeCheckout(order, [d]);
    const stranger = randomUUID();
    expect((await api.get(`/orders/${d.orderId}?buyerId=${checkout.buyer.buyerId}`)).status).toBe(200);
    expect((await api.get(`/orders/${d.orderId}?vendorId=${d.vendor.vendorId}`)).status).toBe(200);
    expect((await api.get(`/orders/${d.orderId}?buyerId=${stranger}`)).status).toBe(404);
    expect((await api.get(`/orders/${d.orderId}?vendorId=${stranger}`)).status).toBe(404);
    expect((await api.file(`/orders/${d.orderId}/documents/purchase-order?vendorId=${stranger}`)).status).toBe(404);
    for (const [path, body] of [
      ["accept", { vendorId: stranger }],
      ["refuse", { vendorId: stranger, reason: "not mine" }],
      ["deliver", { vendorId: stranger, accessUrl: "https://x.example", instructions: "x" }],
      ["cancel", { buyerId: stranger }],
    ] as const) {
      const answer = await api.post(`/orders/${d.orderId}/${path}`, body);
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ type: "/problems/not-found" });
    }
    expect((await api.get(`/orders/${randomUUID()}`)).status).toBe(404);
    expect((await api.file(`/orders/${d.orderId}/documents/receipt`)).status).toBe(400);
  });

  it("lists a buyer's orders newest first and a vendor's by validation deadline, a page at a time", async () => {
    const buyerId = randomUUID();
    const vendor = vendorSnapshot();
    const drafts = [draft(vendor), draft(vendor), draft(vendor)];
    for (const d of drafts) await placeCheckout(order, [d], buyerId);

    const first = await api.get(`/orders?buyerId=${buyerId}&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    const second = await api.get(`/orders?buyerId=${buyerId}&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ nextCursor: null });
    const all = [...first.body.items, ...second.body.items].map((o) => o.orderId);
    expect(new Set(all)).toEqual(new Set(drafts.map((d) => d.orderId)));

    const byDeadline = await api.get(`/orders?vendorId=${vendor.vendorId}&sort=validation-deadline`);
    expect(byDeadline.body.items.map((o: { orderId: string }) => o.orderId)).toHaveLength(3);
    expect(byDeadline.body.items[0]).toMatchObject({
      vendor: { vendorId: vendor.vendorId },
      state: "transmitted",
      total: { amount: 11760, currency: "EUR" },
    });
    expect((await api.get(`/orders?buyerId=${buyerId}&cursor=nonsense`)).status).toBe(400);
  });
});
