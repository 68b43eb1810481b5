import { randomUUID } from "node:crypto";
import { call, download, eventually } from "@mkt/testing";
import {
  acceptAndCapture,
  checkout,
  emitted,
  pdf,
  startOrderWithPayment,
  uploadAttachment,
} from "./support/disputes.js";

// Disputes on real PostgreSQL and NATS, with payment beside order: orders authorized and captured
// on the simulated processor, refunds made through payment's refund endpoint.

let started: Awaited<ReturnType<typeof startOrderWithPayment>>;
const vendors = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
let buyerId: string;
let orders: string[];
const post = (path: string, body: unknown) => call(started.orderUrl, "POST", path, { body });
const get = (path: string) => call(started.orderUrl, "GET", path);

beforeAll(async () => {
  started = await startOrderWithPayment("order-disputes");
  ({ buyerId, orderIds: orders } = await checkout(started, vendors));
  await acceptAndCapture(started, orders[0]!, vendors[0]!);
  await acceptAndCapture(started, orders[1]!, vendors[1]!);
  expect((await post(`/orders/${orders[2]}/refuse`, { vendorId: vendors[2], reason: "no capacity" })).status).toBe(200);
}, 60_000);

afterAll(() => started?.stop());

describe("a buyer's dispute", () => {
  let disputeId: string;

  it("is opened on an accepted order with a file the buyer uploaded, and read with its history", async () => {
    const uploaded = await uploadAttachment(started, orders[0]!, { buyerId }, pdf("screenshot.pdf"));
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({ filename: "screenshot.pdf", contentType: "application/pdf" });

    const opened = await post(`/orders/${orders[0]}/disputes`, {
      buyerId,
      reason: "not-as-described",
      message: "The cluster has 2 nodes, not the 3 the plan promised.",
      attachmentIds: [uploaded.body.attachmentId],
    });
    expect(opened.status).toBe(201);
    disputeId = opened.body.disputeId;
    expect(opened.body).toMatchObject({
      orderId: orders[0],
      state: "open",
      reason: "not-as-described",
      resolution: null,
      orderTotal: { amount: 35_880, currency: "EUR" },
      history: [
        {
          seq: 1,
          kind: "opened",
          actor: { kind: "buyer", id: buyerId },
          message: "The cluster has 2 nodes, not the 3 the plan promised.",
          attachments: [{ attachmentId: uploaded.body.attachmentId, filename: "screenshot.pdf", size: 31 }],
        },
      ],
    });
    expect((await get(`/disputes/${disputeId}?buyerId=${buyerId}`)).body).toEqual(opened.body);
    expect((await get(`/disputes/${disputeId}?vendorId=${vendors[0]}`)).status).toBe(200);
    const file = await download(
      started.orderUrl,
      `/disputes/${disputeId}/attachments/${uploaded.body.attachmentId}?vendorId=${vendors[0]}`,
    );
    expect(file.status).toBe(200);
    expect(Buffer.from(file.bytes).toString()).toContain("%PDF-1.4");

    const [event] = await emitted(started, "dispute.opened");
    expect(JSON.stringify(event)).toContain(disputeId);
  });

  it("is another party's business: 404 for another buyer or vendor, as for an unknown dispute", async () => {
    expect((await get(`/disputes/${disputeId}?buyerId=${randomUUID()}`)).status).toBe(404);
    expect((await get(`/disputes/${disputeId}?vendorId=${vendors[1]}`)).status).toBe(404);
    expect((await get(`/disputes/${randomUUID()}`)).status).toBe(404);
    const download404 = await post(`/disputes/${disputeId}/messages`, {
      buyerId: randomUUID(),
      message: "me too",
    });
    expect(download404.status).toBe(404);
  });

  it("is one at a time per order, never on a refused order nor on another buyer's", async () => {
    const again = await post(`/orders/${orders[0]}/disputes`, { buyerId, reason: "not-delivered", message: "again" });
    expect(again.status).toBe(409);
    expect(again.body.type).toBe("/problems/dispute-already-open");
    const refused = await post(`/orders/${orders[2]}/disputes`, { buyerId, reason: "not-delivered", message: "hm" });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ type: "/problems/order-not-disputable", orderState: "refused" });
    const stranger = await post(`/orders/${orders[1]}/disputes`, {
      buyerId: randomUUID(),
      reason: "not-delivered",
      message: "hm",
    });
    expect(stranger.status).toBe(404);
    const bad = await post(`/orders/${orders[1]}/disputes`, { buyerId, reason: "too-expensive", message: "" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["message", "reason"]);
  });

  it("takes PDF, PNG and JPEG files up to 5 MB from the order's parties, each sent once", async () => {
    const gif = await uploadAttachment(
      started,
      orders[0]!,
      { buyerId },
      {
        filename: "x.pdf",
        contentType: "application/pdf",
        bytes: new TextEncoder().encode("GIF89a...."),
      },
    );
    expect(gif.status).toBe(422);
    expect(gif.body.type).toBe("/problems/unsupported-attachment");
    const big = await uploadAttachment(
      started,
      orders[0]!,
      { buyerId },
      {
        ...pdf(),
        bytes: new Uint8Array(5 * 1024 * 1024 + 1).fill(0x25),
      },
    );
    expect(big.status).toBe(413);
    expect((await uploadAttachment(started, orders[0]!, { buyerId: randomUUID() })).status).toBe(404);
    expect((await uploadAttachment(started, orders[0]!, { vendorId: vendors[1]! })).status).toBe(404);

    const used = (await get(`/disputes/${disputeId}`)).body.history[0].attachments[0].attachmentId;
    const vendorFile = (await uploadAttachment(started, orders[0]!, { vendorId: vendors[0]! })).body.attachmentId;
    const reuse = await post(`/disputes/${disputeId}/messages`, {
      buyerId,
      message: "see these",
      attachmentIds: [used, vendorFile],
    });
    expect(reuse.status).toBe(422);
    expect(reuse.body.type).toBe("/problems/unknown-dispute-attachment");
    expect(reuse.body.detail).toContain(used);
    expect(reuse.body.detail).toContain(vendorFile);
    expect((await get(`/disputes/${disputeId}`)).body.history).toHaveLength(1);
  });

  it("is answered by the vendor, and the buyer adds to it", async () => {
    const vendorFile = (await uploadAttachment(started, orders[0]!, { vendorId: vendors[0]! }, pdf("sla.pdf"))).body;
    started.clock.advanceBy(60 * 60 * 1000);
    const answered = await post(`/disputes/${disputeId}/responses`, {
      vendorId: vendors[0],
      message: "The third node is provisioned on demand.",
      attachmentIds: [vendorFile.attachmentId],
    });
    expect(answered.status).toBe(201);
    expect(answered.body.state).toBe("answered");
    const added = await post(`/disputes/${disputeId}/messages`, { buyerId, message: "It never was." });
    expect(added.status).toBe(201);
    expect(added.body.state).toBe("answered");
    expect(added.body.history.map((entry: { kind: string }) => entry.kind)).toEqual(["opened", "response", "message"]);
    expect(added.body.history[1]).toMatchObject({
      actor: { kind: "vendor", id: vendors[0] },
      attachments: [{ filename: "sla.pdf" }],
    });
    expect(await emitted(started, "dispute.answered")).toHaveLength(1);
    expect(await emitted(started, "dispute.message-added")).toHaveLength(1);
  });

  it("is resolved by a partial refund strictly below what was captured, through payment, once", async () => {
    const operatorId = randomUUID();
    for (const amount of [0, 35_880, 40_000]) {
      const out = await post(`/disputes/${disputeId}/resolve`, {
        operatorId,
        decision: "partial-refund",
        amount: { amount, currency: "EUR" },
      });
      expect(out.status).toBe(422);
      expect(out.body.type).toBe("/problems/refund-amount-out-of-range");
    }
    const resolved = await post(`/disputes/${disputeId}/resolve`, {
      operatorId,
      decision: "partial-refund",
      amount: { amount: 12_000, currency: "EUR" },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({
      state: "resolved",
      resolution: { kind: "partially-refunded", refund: { amount: { amount: 12_000 } }, by: { id: operatorId } },
    });
    expect(resolved.body.history.at(-1)).toMatchObject({ kind: "resolved", actor: { kind: "operator" } });
    const payment = await call(started.paymentUrl, "GET", `/orders/${orders[0]}/payment`);
    expect(payment.body).toMatchObject({ refundedAmount: { amount: 12_000 }, refundableAmount: { amount: 23_880 } });

    const twice = await post(`/disputes/${disputeId}/resolve`, { operatorId, decision: "refund-in-full" });
    expect(twice.status).toBe(409);
    expect(twice.body.type).toBe("/problems/dispute-already-resolved");
    expect((await post(`/disputes/${disputeId}/messages`, { buyerId, message: "more" })).status).toBe(409);
    expect((await post(`/disputes/${disputeId}/responses`, { vendorId: vendors[0], message: "x" })).status).toBe(409);
    expect((await call(started.paymentUrl, "GET", `/orders/${orders[0]}/payment`)).body.refundedAmount.amount).toBe(
      12_000,
    );
    const [event] = await emitted(started, "dispute.resolved");
    expect(JSON.stringify(event)).toContain('"partially-refunded"');
  });

  it("refunds in full once when two operators resolve at the same time", async () => {
    const opened = await post(`/orders/${orders[1]}/disputes`, {
      buyerId,
      reason: "not-delivered",
      message: "Nothing was delivered.",
    });
    const id = opened.body.disputeId;
    const both = await Promise.all([
      post(`/disputes/${id}/resolve`, { operatorId: randomUUID(), decision: "refund-in-full" }),
      post(`/disputes/${id}/resolve`, { operatorId: randomUUID(), decision: "refund-in-full" }),
    ]);
    expect(both.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const payment = await call(started.paymentUrl, "GET", `/orders/${orders[1]}/payment`);
    expect(payment.body).toMatchObject({ status: "refunded", refundedAmount: { amount: 35_880 } });
    const refunds = await started.payment.database.query("SELECT * FROM refund WHERE payment_id = $1", [
      payment.body.paymentId,
    ]);
    expect(refunds).toHaveLength(1);
  });

  it("cannot refund an order not captured yet, and is rejected with a reason", async () => {
    const opened = await post(`/orders/${orders[3]}/disputes`, {
      buyerId,
      reason: "vendor-unresponsive",
      message: "No answer.",
    });
    expect(opened.status).toBe(201);
    const id = opened.body.disputeId;
    const refund = await post(`/disputes/${id}/resolve`, { operatorId: randomUUID(), decision: "refund-in-full" });
    expect(refund.status).toBe(409);
    expect(refund.body.type).toBe("/problems/nothing-to-refund");
    const rejected = await post(`/disputes/${id}/resolve`, {
      operatorId: randomUUID(),
      decision: "rejected",
      reason: "The vendor still has time to answer.",
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body.resolution).toMatchObject({
      kind: "rejected",
      refund: null,
      reason: "The vendor still has time to answer.",
    });
    await eventually(async () => expect(await emitted(started, "dispute.resolved")).toHaveLength(3));
  });

  it("lists a party's disputes latest first, by state, a page at a time", async () => {
    const mine = await get(`/disputes?buyerId=${buyerId}&limit=2`);
    expect(mine.body.items).toHaveLength(2);
    const next = await get(`/disputes?buyerId=${buyerId}&limit=2&cursor=${mine.body.nextCursor}`);
    expect(next.body).toMatchObject({ items: [{ orderId: orders[0] }], nextCursor: null });
    const vendor = await get(`/disputes?vendorId=${vendors[0]}`);
    expect(vendor.body.items).toMatchObject([{ orderId: orders[0], resolution: "partially-refunded" }]);
    expect((await get(`/disputes?state=open&buyerId=${buyerId}`)).body.items).toEqual([]);
  });
});

describe("a dispute's calls with an Idempotency-Key", () => {
  const withKey = (path: string, body: unknown, key: string) =>
    call(started.orderUrl, "POST", path, { body, headers: { "idempotency-key": key } });
  const mentioning = async (type: string, disputeId: string) =>
    (await emitted(started, type)).filter((event) => JSON.stringify(event).includes(disputeId));

  it("answer the dispute again to the same key, writing each step once, and refuse the key for another body", async () => {
    const opening = { buyerId, reason: "not-delivered", message: "Still nothing." };
    const opened = await Promise.all([
      withKey(`/orders/${orders[3]}/disputes`, opening, "open-key"),
      withKey(`/orders/${orders[3]}/disputes`, opening, "open-key"),
    ]);
    expect(opened.map((answer) => answer.status)).toEqual([201, 201]);
    const disputeId: string = opened[0]!.body.disputeId;
    expect(opened[1]!.body).toEqual(opened[0]!.body);
    expect(await withKey(`/orders/${orders[3]}/disputes`, { ...opening, message: "Other." }, "open-key")).toMatchObject(
      {
        status: 409,
        body: { type: "/problems/idempotency-key-reused" },
      },
    );

    const message = { buyerId, message: "Any news?" };
    const added = await withKey(`/disputes/${disputeId}/messages`, message, "message-key");
    expect(added.status).toBe(201);
    expect((await withKey(`/disputes/${disputeId}/messages`, message, "message-key")).body).toEqual(added.body);
    const response = { vendorId: vendors[3], message: "It is on its way." };
    const answered = await withKey(`/disputes/${disputeId}/responses`, response, "response-key");
    const again = await withKey(`/disputes/${disputeId}/responses`, response, "response-key");
    expect(again).toMatchObject({ status: 201, body: answered.body });
    expect(again.body.history.map((entry: { kind: string }) => entry.kind)).toEqual(["opened", "message", "response"]);
    expect(
      await withKey(`/disputes/${disputeId}/messages`, { ...message, message: "Another one." }, "message-key"),
    ).toMatchObject({ status: 409, body: { type: "/problems/idempotency-key-reused" } });

    for (const type of ["dispute.opened", "dispute.message-added", "dispute.answered"])
      expect({ type, events: (await mentioning(type, disputeId)).length }).toEqual({ type, events: 1 });
  });
});
