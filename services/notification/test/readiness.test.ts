// /readyz of the notification service covers RabbitMQ: without it no email or webhook leaves.
import { deleteDeliveryQueue } from "../src/delivery/queue.js";
import { deleteBusNamespace, uniqueBusNamespace } from "@mkt/testing";
import { emailQueueName, webhookQueueName } from "../src/bootstrap.js";
import { AMQP_URL, emailDeliveryOf, get, startNotification, type NotificationUnderTest } from "./support/services.js";

const namespace = uniqueBusNamespace("notif_ready");
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

describe("the notification service's readiness", () => {
  it("is ready while RabbitMQ answers, and answers 503 naming RabbitMQ once its connection is closed", async () => {
    const ready = await get(notification.service.url, "/readyz");
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({ database: "ok", nats: "ok", rabbitmq: "ok" });

    await emailDeliveryOf(notification).queue.close();

    const notReady = await get(notification.service.url, "/readyz");
    expect(notReady.status).toBe(503);
    expect(notReady.body).toMatchObject({
      status: "not-ready",
      checks: {
        database: "ok",
        nats: "ok",
        rabbitmq: `unavailable: RabbitMQ (delivery.${emailQueueName({ BUS_NAMESPACE: namespace })}): the connection is closed`,
      },
    });
  });
});
