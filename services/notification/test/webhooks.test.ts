// Vendors' webhooks on the real servers: vendor events, recorded in an outbox as vendor-kyc does →
// notification records one delivery per matching endpoint (inbox) → dispatcher → RabbitMQ
// `webhooks` delivery queue → worker → a real HTTP receiver on an ephemeral port.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { deleteDeliveryQueue } from "../src/delivery/queue.js";
import { deleteBusNamespace, eventually, uniqueBusNamespace } from "@mkt/testing";
import { emailQueueName, webhookQueueName } from "../src/bootstrap.js";
import { OrderAcceptedV1, VendorBankDetailsChangedV1, WEBHOOK_EVENT_TYPES } from "@mkt/contracts";
import { webhookRecorder } from "../src/events/webhook-subscriptions.js";
import { subscriptions } from "../src/events/subscriptions.js";
import { verifyWebhook } from "../src/domain/webhook-signature.js";
import { exampleOrder } from "./support/orders.js";
import {
  AMQP_URL,
  BANK_ACCOUNT,
  get,
  post,
  publish,
  startNotification,
  VendorKycEvents,
  type Json,
  type NotificationUnderTest,
} from "./support/services.js";

const namespace = uniqueBusNamespace("notification-webhooks");
const retryDelaysMs = [100, 200, 400];
const mailRetryDelaysMs = [1000];
const dropDir = mkdtempSync(join(tmpdir(), "webhooks-mail-"));

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver: records every request; each path answers what `answers[path]` says next (200 by default). */
class Receiver {
  readonly received: Received[] = [];
  readonly answers = new Map<string, number[]>();
  private server: Server | undefined;
  url = "";

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const path = req.url ?? "/";
        this.received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
        res.statusCode = this.answers.get(path)?.shift() ?? 200;
        res.end("ok");
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  at(path: string): Received[] {
    return this.received.filter((request) => request.path === path);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const receiver = new Receiver();
let notification: NotificationUnderTest;
let kyc: VendorKycEvents;

beforeAll(async () => {
  await receiver.start();
  notification = await startNotification(namespace, {
    WEBHOOK_RETRY_DELAYS_MS: retryDelaysMs.join(","),
    WEBHOOK_TIMEOUT_MS: "2000",
    MAIL_DROP_DIR: dropDir,
    MAIL_RETRY_DELAYS_MS: mailRetryDelaysMs.join(","),
  });
  kyc = new VendorKycEvents(notification);
});
afterAll(async () => {
  await notification?.stop();
  await deleteBusNamespace(namespace);
  await deleteDeliveryQueue({ url: AMQP_URL, name: webhookQueueName({ BUS_NAMESPACE: namespace }), retryDelaysMs });
  await deleteDeliveryQueue({
    url: AMQP_URL,
    name: emailQueueName({ BUS_NAMESPACE: namespace }),
    retryDelaysMs: mailRetryDelaysMs,
  });
  await receiver.stop();
  rmSync(dropDir, { recursive: true, force: true });
});

async function applyAsVendor(): Promise<string> {
  return (await kyc.submit()).vendorId;
}

async function approve(vendorId: string): Promise<void> {
  await kyc.approve(vendorId);
}

async function register(
  vendorId: string,
  path: string,
  eventTypes = ["vendor.approved"],
): Promise<{ id: string; secret: string }> {
  const created = await post(notification.service.url, `/vendors/${vendorId}/webhook-endpoints`, {
    url: `${receiver.url}${path}`,
    eventTypes,
  });
  expect(created.status).toBe(201);
  expect(created.body.secret).toMatch(/^whsec_/);
  return created.body;
}

const deliveriesOf = (vendorId: string, endpointId: string, query = "") =>
  get(notification.service.url, `/vendors/${vendorId}/webhook-endpoints/${endpointId}/deliveries${query}`);

describe("vendors' webhooks", () => {
  it("POSTs a signed event that verifyWebhook accepts, and records the delivery", async () => {
    const vendorId = await applyAsVendor();
    const endpoint = await register(vendorId, "/signed");
    await approve(vendorId);

    const [request] = await eventually(() => {
      const requests = receiver.at("/signed");
      expect(requests).toHaveLength(1);
      return requests;
    });
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(request!.headers["marketplace-event-type"]).toBe("vendor.approved");
    expect(
      verifyWebhook({
        header: request!.headers["marketplace-signature"] as string,
        body: request!.body,
        secret: endpoint.secret,
        now: new Date(),
      }),
    ).toMatchObject({ ok: true });
    expect(
      verifyWebhook({
        header: request!.headers["marketplace-signature"] as string,
        body: request!.body,
        secret: "whsec_wrong",
        now: new Date(),
      }),
    ).toMatchObject({ ok: false });
    const body = JSON.parse(request!.body) as Json;
    expect(body).toMatchObject({
      id: request!.headers["marketplace-event-id"],
      type: "vendor.approved",
      version: 1,
      data: { vendorId },
    });
    expect(Object.keys(body).sort()).toEqual(["data", "id", "occurredAt", "type", "version"]);

    const history = await eventually(async () => {
      const page = await deliveriesOf(vendorId, endpoint.id);
      expect(page.body.items).toMatchObject([
        { status: "delivered", eventId: body.id, eventType: "vendor.approved", lastStatusCode: 200 },
      ]);
      return page;
    });
    expect(history.body.items[0].attempts).toMatchObject([{ statusCode: 200, error: null }]);
    expect(history.body.nextCursor).toBeNull();

    const listed = await get(notification.service.url, `/vendors/${vendorId}/webhook-endpoints`);
    expect(listed.body.items).toEqual([
      {
        id: endpoint.id,
        url: `${receiver.url}/signed`,
        eventTypes: ["vendor.approved"],
        createdAt: expect.any(String),
        disabledAt: null,
      },
    ]);
  });

  it("retries a receiver answering 500 twice, delivering on the third attempt with three attempts recorded", async () => {
    const vendorId = await applyAsVendor();
    receiver.answers.set("/flaky", [500, 500]);
    const endpoint = await register(vendorId, "/flaky");
    await approve(vendorId);

    const history = await eventually(async () => {
      const page = await deliveriesOf(vendorId, endpoint.id);
      expect(page.body.items).toMatchObject([{ status: "delivered", lastStatusCode: 200, lastError: null }]);
      return page;
    });
    expect(history.body.items[0].attempts).toMatchObject([
      { statusCode: 500, error: "HTTP 500" },
      { statusCode: 500, error: "HTTP 500" },
      { statusCode: 200, error: null },
    ]);
    expect(receiver.at("/flaky")).toHaveLength(3);
    const ids = new Set(receiver.at("/flaky").map((request) => request.headers["marketplace-event-id"]));
    expect(ids.size).toBe(1);
  });

  it("marks a delivery failed after the last attempt, recording network errors", async () => {
    const vendorId = await applyAsVendor();
    const created = await post(notification.service.url, `/vendors/${vendorId}/webhook-endpoints`, {
      url: "http://127.0.0.1:1/closed",
      eventTypes: ["vendor.approved"],
    });
    expect(created.status).toBe(201);
    await approve(vendorId);
    const history = await eventually(async () => {
      const page = await deliveriesOf(vendorId, created.body.id);
      expect(page.body.items).toMatchObject([{ status: "failed", lastStatusCode: null }]);
      return page;
    });
    expect(history.body.items[0].attempts).toHaveLength(retryDelaysMs.length + 1);
    expect(history.body.items[0].attempts[0].error).toMatch(/ECONNREFUSED|fetch failed/);
  });

  it("never sends a vendor's event to another vendor's endpoint, nor shows another vendor's endpoints", async () => {
    const alpha = await applyAsVendor();
    const beta = await applyAsVendor();
    const alphaEndpoint = await register(alpha, "/alpha");
    const betaEndpoint = await register(beta, "/beta");
    await approve(alpha);
    await eventually(() => expect(receiver.at("/alpha")).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.at("/beta")).toHaveLength(0);
    expect((await deliveriesOf(beta, betaEndpoint.id)).body.items).toEqual([]);

    expect((await deliveriesOf(beta, alphaEndpoint.id)).status).toBe(404);
    expect(
      (
        await fetch(`${notification.service.url}/vendors/${beta}/webhook-endpoints/${alphaEndpoint.id}`, {
          method: "DELETE",
        })
      ).status,
    ).toBe(404);
    expect(
      (await get(notification.service.url, `/vendors/${beta}/webhook-endpoints`)).body.items.map((e: Json) => e.id),
    ).toEqual([betaEndpoint.id]);
  });

  it("stops sending to a disabled endpoint", async () => {
    const vendorId = await applyAsVendor();
    const endpoint = await register(vendorId, "/disabled");
    expect(
      (
        await fetch(`${notification.service.url}/vendors/${vendorId}/webhook-endpoints/${endpoint.id}`, {
          method: "DELETE",
        })
      ).status,
    ).toBe(204);
    await approve(vendorId);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(receiver.at("/disabled")).toHaveLength(0);
    expect(
      (await get(notification.service.url, `/vendors/${vendorId}/webhook-endpoints`)).body.items[0].disabledAt,
    ).toEqual(expect.any(String));
  });

  it("records one delivery when the consumer gets the same event twice", async () => {
    const vendorId = randomUUID();
    const endpoint = await register(vendorId, "/twice");
    const event = {
      id: randomUUID(),
      type: "vendor.approved",
      version: 1,
      occurredAt: new Date().toISOString(),
      producer: "test",
      correlationId: "test",
      causationId: null,
      data: {
        vendorId,
        legalName: "Twice SAS",
        publicContact: { email: "twice@nuage.example" },
        approvedAt: new Date().toISOString(),
      },
    };
    let nudged = 0;
    const record = webhookRecorder({ now: () => new Date(), onRecorded: () => (nudged += 1) });
    const db = notification.service.deps.db;
    for (let i = 0; i < 2; i += 1) await db.transaction((tx) => record(tx, vendorId, event as Json));

    const rows = await notification.database.query<{ count: string }>(
      `SELECT count(*)::text AS count FROM webhook_delivery WHERE event_id = $1`,
      [event.id],
    );
    expect(rows).toEqual([{ count: "1" }]);
    await eventually(() => expect(receiver.at("/twice")).toHaveLength(1));
    expect((await deliveriesOf(vendorId, endpoint.id)).body.items).toHaveLength(1);
  });

  it("refuses plain http to a host other than localhost, and an unknown event type", async () => {
    const vendorId = randomUUID();
    const plain = await post(notification.service.url, `/vendors/${vendorId}/webhook-endpoints`, {
      url: "http://example.com/hook",
      eventTypes: ["vendor.approved"],
    });
    expect(plain).toMatchObject({ status: 400, body: { errors: [{ path: "url" }] } });
    const unknown = await post(notification.service.url, `/vendors/${vendorId}/webhook-endpoints`, {
      url: "https://example.com/hook",
      eventTypes: ["order.placed"],
    });
    expect(unknown.status).toBe(400);
  });

  it("pages through an endpoint's deliveries, newest first", async () => {
    const vendorId = randomUUID();
    const endpoint = await register(vendorId, "/pages");
    const record = webhookRecorder({ now: () => new Date(), onRecorded: () => undefined });
    for (let i = 0; i < 3; i += 1) {
      const event = {
        id: randomUUID(),
        type: "vendor.approved",
        version: 1,
        occurredAt: new Date().toISOString(),
        producer: "test",
        correlationId: "t",
        causationId: null,
        data: { vendorId },
      };
      await notification.service.deps.db.transaction((tx) => record(tx, vendorId, event as Json));
    }
    const first = await deliveriesOf(vendorId, endpoint.id, "?limit=2");
    expect(first.body.items).toHaveLength(2);
    const second = await deliveriesOf(vendorId, endpoint.id, `?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    expect(new Set([...first.body.items, ...second.body.items].map((d: Json) => d.id)).size).toBe(3);
  });

  it("sends a vendor its own orders' events (order.accepted here) and nothing about other vendors' orders", async () => {
    const vendorId = randomUUID();
    const endpoint = await register(vendorId, "/orders", ["order.accepted"]);
    const order = { ...exampleOrder, orderId: randomUUID(), vendor: { ...exampleOrder.vendor, vendorId } };
    const elsewhere = {
      ...exampleOrder,
      orderId: randomUUID(),
      vendor: { ...exampleOrder.vendor, vendorId: randomUUID() },
    };
    const by = { kind: "vendor" as const, id: vendorId };
    await publish(notification, OrderAcceptedV1, {
      order: elsewhere,
      by,
      late: false,
      acceptedAt: new Date().toISOString(),
    });
    await publish(notification, OrderAcceptedV1, { order, by, late: false, acceptedAt: new Date().toISOString() });
    const [request] = await eventually(() => {
      const requests = receiver.at("/orders");
      expect(requests).toHaveLength(1);
      return requests;
    });
    expect(request!.headers["marketplace-event-type"]).toBe("order.accepted");
    expect(JSON.parse(request!.body).data.order.orderId).toBe(order.orderId);
    expect(
      verifyWebhook({
        header: request!.headers["marketplace-signature"] as string,
        body: request!.body,
        secret: endpoint.secret,
        now: new Date(),
      }),
    ).toMatchObject({ ok: true });
  });

  it("hears each event the contract offers endpoints through the one consumer that also queues its emails", () => {
    const specs = subscriptions({
      mail: { supportEmail: "s@example.com", storefrontWebUrl: "", vendorPortalUrl: "", backofficeWebUrl: "" },
      now: () => new Date(),
      onQueued: () => undefined,
      operationsEmail: "ops@example.com",
      webhooks: { now: () => new Date(), onRecorded: () => undefined },
    });
    const names = specs.map((spec) => spec.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((name) => name.endsWith("-webhooks"))).toEqual([]);
    for (const type of WEBHOOK_EVENT_TYPES) expect(names).toContain(`${type.replace(".", "-")}-v1`);
  });

  it("delivers a bank-details event with only the IBAN's last 4 characters, once that type is offered", async () => {
    // Not offered by the contract yet (WEBHOOK_EVENT_TYPES): an endpoint that chose it is written directly.
    const vendorId = randomUUID();
    const endpointId = randomUUID();
    await notification.database.query(
      `INSERT INTO webhook_endpoint (id, vendor_id, url, event_types, secret) VALUES ($1, $2, $3, ARRAY['vendor.bank-details-changed'], 'whsec_test')`,
      [endpointId, vendorId, `${receiver.url}/bank`],
    );
    const event = {
      id: randomUUID(),
      type: VendorBankDetailsChangedV1.type,
      version: 1,
      occurredAt: new Date().toISOString(),
      producer: "test",
      correlationId: "test",
      causationId: null,
      data: {
        vendorId,
        legalName: "Nuage SAS",
        publicContact: { email: "ventes@nuage.example", phone: "+33 1 84 00 00 00" },
        bankAccount: BANK_ACCOUNT,
        changedAt: new Date().toISOString(),
      },
    };
    const record = webhookRecorder({ now: () => new Date(), onRecorded: () => undefined });
    await notification.service.deps.db.transaction((tx) => record(tx, vendorId, event as Json));

    const [request] = await eventually(() => {
      const requests = receiver.at("/bank");
      expect(requests).toHaveLength(1);
      return requests;
    });
    expect(JSON.parse(request!.body).data.bankAccount).toEqual({
      holderName: BANK_ACCOUNT.holderName,
      ibanLast4: "0189",
    });
    expect(request!.body).not.toContain(BANK_ACCOUNT.iban);
    const stored = await notification.database.query<{ payload: unknown }>(
      `SELECT payload FROM webhook_delivery WHERE event_id = $1`,
      [event.id],
    );
    expect(JSON.stringify(stored)).not.toContain(BANK_ACCOUNT.iban);
  });
});
