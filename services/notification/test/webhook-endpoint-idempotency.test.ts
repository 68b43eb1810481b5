// A vendor's retried registration (a timeout, an SDK's retry) makes one webhook endpoint, and
// answers the same signing secret again.
import { randomUUID } from "node:crypto";
import { deleteDeliveryQueue } from "../src/delivery/queue.js";
import { deleteBusNamespace, uniqueBusNamespace } from "@mkt/testing";
import { emailQueueName, webhookQueueName } from "../src/bootstrap.js";
import { AMQP_URL, post, startNotification, type NotificationUnderTest } from "./support/services.js";

const namespace = uniqueBusNamespace("notif_webhook_keys");
let notification: NotificationUnderTest;

beforeAll(async () => {
  notification = await startNotification(namespace, {});
});
afterAll(async () => {
  await notification?.stop();
  await deleteBusNamespace(namespace);
  const config = { BUS_NAMESPACE: namespace };
  await deleteDeliveryQueue({
    url: AMQP_URL,
    name: emailQueueName(config),
    retryDelaysMs: [1000, 5000, 30000, 120000, 600000],
  });
  await deleteDeliveryQueue({
    url: AMQP_URL,
    name: webhookQueueName(config),
    retryDelaysMs: [10000, 60000, 600000, 3600000, 21600000],
  });
});

const key = () => ({ "idempotency-key": `key-${randomUUID()}` });
const endpoint = (path = "/hooks") => ({ url: `https://hooks.example${path}`, eventTypes: ["vendor.approved"] });
const register = (vendorId: string, body: unknown, headers?: Record<string, string>) =>
  post(notification.service.url, `/vendors/${vendorId}/webhook-endpoints`, body, headers);
const endpointsOf = (vendorId: string) =>
  notification.database.query("SELECT id FROM webhook_endpoint WHERE vendor_id = $1", [vendorId]);

describe("registering a webhook endpoint with an Idempotency-Key", () => {
  it("answers the same endpoint and secret to a retry, and makes only one", async () => {
    const vendorId = randomUUID();
    const headers = key();
    const first = await register(vendorId, endpoint(), headers);
    const retry = await register(vendorId, endpoint(), headers);
    expect(first).toMatchObject({ status: 201, body: { secret: expect.stringMatching(/^whsec_/) } });
    expect(retry).toEqual(first);
    expect(await endpointsOf(vendorId)).toHaveLength(1);
  });

  it("makes one endpoint of concurrent calls with one key", async () => {
    const vendorId = randomUUID();
    const headers = key();
    const answers = await Promise.all(Array.from({ length: 5 }, () => register(vendorId, endpoint(), headers)));
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((answer) => answer.body.secret)).size).toBe(1);
    expect(await endpointsOf(vendorId)).toHaveLength(1);
  });

  it("refuses the key with another body: 409 idempotency-key-reused", async () => {
    const vendorId = randomUUID();
    const headers = key();
    await register(vendorId, endpoint(), headers);
    const reused = await register(vendorId, endpoint("/other"), headers);
    expect(reused).toMatchObject({ status: 409, body: { type: "/problems/idempotency-key-reused" } });
    expect(await endpointsOf(vendorId)).toHaveLength(1);
  });

  it("keeps two vendors' equal keys apart", async () => {
    const [nuage, orbital] = [randomUUID(), randomUUID()];
    const headers = key();
    const first = await register(nuage, endpoint(), headers);
    const second = await register(orbital, endpoint("/orbital"), headers);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).not.toBe(first.body.id);
    expect(second.body.url).toBe("https://hooks.example/orbital");
  });

  it("registers a new endpoint for each call without a key", async () => {
    const vendorId = randomUUID();
    await register(vendorId, endpoint());
    await register(vendorId, endpoint());
    expect(await endpointsOf(vendorId)).toHaveLength(2);
  });
});
