// A job handed to RabbitMQ that the broker then loses (a purged queue stands for a lost node's
// data) is handed over again once DELIVERY_REDELIVER_AFTER_MS has passed on the service's clock,
// and the email reaches a real SMTP server exactly once (a webhook: its receiver, with one event id).
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as amqp from "amqplib";
import { ControllableClock } from "@mkt/service-kit";
import { deleteDeliveryQueue, deliveryQueueNames } from "../src/delivery/queue.js";
import { deleteBusNamespace, eventually, uniqueBusNamespace } from "@mkt/testing";
import { SmtpSink } from "@mkt/testing";
import { emailQueueName, webhookQueueName, WebhookDelivery } from "../src/bootstrap.js";
import {
  AMQP_URL,
  emailDeliveryOf,
  post,
  startNotification,
  VendorKycEvents,
  type NotificationUnderTest,
} from "./support/services.js";

const namespace = uniqueBusNamespace("notif_lost");
const retryDelaysMs = [10 * 60_000];
const queues = deliveryQueueNames(emailQueueName({ BUS_NAMESPACE: namespace }), retryDelaysMs);
const webhookQueues = deliveryQueueNames(webhookQueueName({ BUS_NAMESPACE: namespace }), retryDelaysMs);
const REDELIVER_AFTER_MS = 15 * 60_000; // the default
const smtp = new SmtpSink();
const clock = new ControllableClock();
let notification: NotificationUnderTest;
let kyc: VendorKycEvents;
let broker: amqp.ChannelModel;
/** A vendor's webhook receiver: answers 500 while `failing`, records every request's headers. */
const received: IncomingHttpHeaders[] = [];
let failing = false;
let receiver: Server;
let receiverUrl: string;

beforeAll(async () => {
  await smtp.start();
  receiver = createServer((req, res) => {
    received.push(req.headers);
    req.resume().on("end", () => {
      res.statusCode = failing ? 500 : 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  broker = await amqp.connect(AMQP_URL);
  notification = await startNotification(
    namespace,
    {
      SMTP_URL: smtp.url,
      MAIL_RETRY_DELAYS_MS: retryDelaysMs.join(","),
      SMTP_TIMEOUT_MS: "2000",
      WEBHOOK_RETRY_DELAYS_MS: retryDelaysMs.join(","),
    },
    { clock },
  );
  kyc = new VendorKycEvents(notification);
});
afterAll(async () => {
  await notification?.stop();
  await broker?.close();
  await deleteBusNamespace(namespace);
  await deleteDeliveryQueue({ url: AMQP_URL, name: emailQueueName({ BUS_NAMESPACE: namespace }), retryDelaysMs });
  await deleteDeliveryQueue({ url: AMQP_URL, name: webhookQueueName({ BUS_NAMESPACE: namespace }), retryDelaysMs });
  await smtp.stop();
  await new Promise((resolve) => receiver?.close(resolve));
});

interface Row {
  status: string;
  attempts: number;
  enqueued_at: Date | null;
  redeliver_at: Date | null;
}

async function notificationTo(address: string): Promise<Row | undefined> {
  const [row] = await notification.database.query<Row>(
    `SELECT status, attempts, enqueued_at, redeliver_at FROM notification WHERE to_address = $1`,
    [address],
  );
  return row;
}

async function jobsIn(queue: string): Promise<number> {
  const channel = await broker.createChannel();
  try {
    return (await channel.checkQueue(queue)).messageCount;
  } finally {
    await channel.close();
  }
}

/** The broker loses the test's own queues' contents, as with a node lost with its disk. */
async function brokerLosesItsData(): Promise<void> {
  const channel = await broker.createChannel();
  try {
    for (const queue of [queues.work, ...queues.retries, webhookQueues.work, ...webhookQueues.retries])
      await channel.purgeQueue(queue);
  } finally {
    await channel.close();
  }
}

describe("a job the broker lost", () => {
  it("is handed over again after DELIVERY_REDELIVER_AFTER_MS past its retry's delay, and the email arrives once", async () => {
    await smtp.stop();
    let email: string;
    try {
      ({ email } = await kyc.submit());
      // The first attempt fails (SMTP down): the job waits in its 10-minute retry queue.
      await eventually(async () =>
        expect(await notificationTo(email)).toMatchObject({ status: "queued", attempts: 1 }),
      );
      await eventually(async () => expect(await jobsIn(queues.retries[0]!)).toBe(1));
      const row = (await notificationTo(email))!;
      expect(row.redeliver_at!.getTime() - clock.now().getTime()).toBeGreaterThan(
        retryDelaysMs[0]! + REDELIVER_AFTER_MS - 60_000,
      );
      await brokerLosesItsData();
    } finally {
      await smtp.start();
    }
    const { dispatcher } = emailDeliveryOf(notification);

    // Not lost yet: its retry was due 10 minutes after the failure, plus the 15-minute delay.
    clock.advanceBy(20 * 60_000);
    expect(await dispatcher.sweepLostJobs()).toEqual([]);
    expect(smtp.to(email)).toHaveLength(0);

    clock.advanceBy(6 * 60_000);
    await eventually(() => expect(smtp.to(email)).toHaveLength(1), { timeoutMs: 10_000 });
    await eventually(async () =>
      expect(await notificationTo(email)).toMatchObject({ status: "sent", attempts: 2, redeliver_at: null }),
    );

    // Done: however far the clock moves, it is not handed over again.
    clock.advanceBy(60 * 60_000);
    expect(await dispatcher.sweepLostJobs()).toEqual([]);
    expect(smtp.to(email)).toHaveLength(1);
  });

  it("is never assumed for an email sent on its first attempt", async () => {
    const { email } = await kyc.submit();
    await eventually(() => expect(smtp.to(email)).toHaveLength(1), { timeoutMs: 10_000 });
    await eventually(async () => expect((await notificationTo(email))?.status).toBe("sent"));
    clock.advanceBy(2 * REDELIVER_AFTER_MS);
    expect(await emailDeliveryOf(notification).dispatcher.sweepLostJobs()).toEqual([]);
    expect(smtp.to(email)).toHaveLength(1);
  });

  it("of a webhook is handed over again too: delivered once more, with the same Marketplace-Event-Id", async () => {
    const { vendorId } = await kyc.submit();
    const endpoint = await post(notification.service.url, `/vendors/${vendorId}/webhook-endpoints`, {
      url: `${receiverUrl}/hooks`,
      eventTypes: ["vendor.approved"],
    });
    expect(endpoint.status).toBe(201);
    failing = true;
    await kyc.approve(vendorId);
    // The first POST fails (500): the job waits in its 10-minute retry queue, which the broker loses.
    await eventually(async () => expect(await jobsIn(webhookQueues.retries[0]!)).toBe(1));
    await brokerLosesItsData();
    failing = false;

    clock.advanceBy(retryDelaysMs[0]! + REDELIVER_AFTER_MS + 60_000);
    await eventually(
      async () => {
        const [delivery] = await notification.database.query<{ status: string; attempts: number }>(
          `SELECT status, attempts FROM webhook_delivery WHERE endpoint_id = $1`,
          [endpoint.body.id],
        );
        expect(delivery).toEqual({ status: "delivered", attempts: 2 });
      },
      { timeoutMs: 10_000 },
    );
    expect(received).toHaveLength(2);
    expect(new Set(received.map((headers) => headers["marketplace-event-id"])).size).toBe(1);
    const webhooks = notification.service.workers.find((worker) => worker instanceof WebhookDelivery);
    clock.advanceBy(2 * REDELIVER_AFTER_MS);
    expect(await webhooks!.dispatcher.sweepLostJobs()).toEqual([]);
    expect(received).toHaveLength(2);
  });
});
