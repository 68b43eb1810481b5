// The whole path in-process, on the real servers: vendor-kyc's events, recorded in an outbox as
// vendor-kyc does (→ JetStream) → notification records the email (inbox) → dispatcher → RabbitMQ
// delivery queue → worker → a real SMTP server, whose messages are parsed as a mail client would.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import * as amqp from "amqplib";
import { streamNameFor, VendorApplicationSubmittedV1 } from "@mkt/contracts";
import { durableName } from "@mkt/service-kit";
import { deleteDeliveryQueue, type DeliveryQueue } from "../src/delivery/queue.js";
import { deleteBusNamespace, eventually, uniqueBusNamespace } from "@mkt/testing";
import { emailQueueName } from "../src/bootstrap.js";
import { recordNotifications } from "../src/app/record-notifications.js";
import { notificationsFor } from "../src/domain/notification-rules.js";
import { SmtpSink } from "@mkt/testing";
import {
  AMQP_URL,
  application,
  emailDeliveryOf,
  get,
  redeliver,
  startNotification,
  VendorKycEvents,
  type NotificationUnderTest,
} from "./support/services.js";

const run = promisify(execFile);
const namespace = uniqueBusNamespace("notification");
const retryDelaysMs = [100, 200, 400, 800, 1600];
const smtp = new SmtpSink();
let notification: NotificationUnderTest;
let kyc: VendorKycEvents;

beforeAll(async () => {
  await smtp.start();
  notification = await startNotification(namespace, {
    SMTP_URL: smtp.url,
    MAIL_RETRY_DELAYS_MS: retryDelaysMs.join(","),
    SMTP_TIMEOUT_MS: "2000",
    SUPPORT_EMAIL: "support@marketplace.example",
    VENDOR_PORTAL_URL: "https://vendors.marketplace.example",
  });
  kyc = new VendorKycEvents(notification);
});
afterAll(async () => {
  await notification?.stop();
  await deleteBusNamespace(namespace);
  await deleteDeliveryQueue({ url: AMQP_URL, name: emailQueueName({ BUS_NAMESPACE: namespace }), retryDelaysMs });
  await smtp.stop();
});

interface Row {
  id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  template: string;
  message_id: string | null;
}

async function notificationsTo(address: string): Promise<Row[]> {
  return notification.database.query<Row>(
    `SELECT id::text AS id, status, attempts, last_error, template, message_id FROM notification WHERE to_address = $1 ORDER BY created_at`,
    [address],
  );
}

/** A company submits its KYC file: vendor-kyc's vendor.application-submitted. */
async function apply(body = application()): Promise<{ vendorId: string; email: string }> {
  const { vendorId, email } = await kyc.submit(body);
  return { vendorId, email };
}

/** Waits until the service has handled every event published so far (acknowledged on the bus). */
async function eventsHandled(): Promise<void> {
  const { bus } = notification.service;
  for (const event of ["vendor-application-submitted-v1", "vendor-approved-v1"]) {
    await eventually(async () => {
      const info = await bus.jsm.consumers.info(
        bus.wireStream(streamNameFor("vendor")),
        durableName("notification", { name: event }),
      );
      expect(info.num_pending + info.num_ack_pending).toBe(0);
    });
  }
}

async function brokerClosesConnection(queue: DeliveryQueue): Promise<void> {
  const { stdout } = await run("rabbitmqctl", ["-q", "list_connections", "pid", "client_properties"]);
  const line = stdout.split("\n").find((row) => row.includes(`"${queue.connectionName}"`));
  if (!line) throw new Error(`no RabbitMQ connection named ${queue.connectionName}`);
  await run("rabbitmqctl", ["-q", "close_connection", line.split("\t")[0]!, "test: broker restart"]);
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("emails to vendors", () => {
  it("tells an applicant, in French, that its application was submitted for review, with the contact details it gave", async () => {
    const { vendorId, email } = await apply();
    const [mail] = await eventually(() => {
      const received = smtp.to(email);
      expect(received).toHaveLength(1);
      return received;
    });

    expect(mail!.subject).toBe("Votre candidature a été soumise pour vérification : Nuage Souverain SAS");
    expect(mail!.from?.text).toBe('"Marketplace" <no-reply@marketplace.localhost>');
    expect(mail!.headers.get("content-language")).toBe("fr");
    for (const fact of [
      email,
      "+33 1 84 00 00 00",
      "https://support.nuage.example",
      "support@marketplace.example",
      "Kbis",
    ]) {
      expect(mail!.text).toContain(fact);
      expect(mail!.html).toContain(fact);
    }

    const [row] = await eventually(async () => {
      const rows = await notificationsTo(email);
      expect(rows).toMatchObject([{ status: "sent", attempts: 1, template: "vendor-application-received" }]);
      return rows;
    });
    expect(mail!.messageId).toBe(`<${row!.id}@marketplace.localhost>`);
    expect(row!.message_id).toBe(mail!.messageId);

    const history = await get(notification.service.url, `/notifications?recipient=vendor:${vendorId}`);
    expect(history).toMatchObject({
      status: 200,
      body: {
        items: [
          {
            id: row!.id,
            template: "vendor-application-received",
            subject: mail!.subject,
            status: "sent",
            to: email,
            locale: "fr",
          },
        ],
        nextCursor: null,
      },
    });
    expect(new Date(history.body.items[0].sentAt).getTime()).toBeGreaterThanOrEqual(
      new Date(history.body.items[0].createdAt).getTime(),
    );
  });

  it("tells a vendor once approved that it can publish listings; its history lists both emails, newest first, page by page", async () => {
    const { vendorId, email } = await apply();
    await eventually(() => expect(smtp.to(email)).toHaveLength(1));
    await kyc.approve(vendorId);

    const approval = await eventually(() => {
      const received = smtp.to(email);
      expect(received).toHaveLength(2);
      return received.find((mail) => mail.subject?.startsWith("Votre compte vendeur est approuvé"))!;
    });
    expect(approval.subject).toBe("Votre compte vendeur est approuvé : Nuage Souverain SAS");
    expect(approval.text).toContain("publier vos offres");
    expect(approval.text).toContain("https://vendors.marketplace.example/listings");
    expect(approval.text).toContain("support@marketplace.example");

    await eventually(async () =>
      expect((await notificationsTo(email)).map((row) => row.status)).toEqual(["sent", "sent"]),
    );
    const first = await get(notification.service.url, `/notifications?recipient=vendor:${vendorId}&limit=1`);
    expect(first.body.items.map((item: { template: string }) => item.template)).toEqual(["vendor-approved"]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await get(
      notification.service.url,
      `/notifications?recipient=vendor:${vendorId}&limit=1&cursor=${first.body.nextCursor}`,
    );
    expect(second.body).toMatchObject({ items: [{ template: "vendor-application-received" }], nextCursor: null });
  });

  it("sends one email for an event delivered twice, recorded twice, or whose job is queued twice", async () => {
    const { email, envelope } = await kyc.submit();
    const [row] = await eventually(async () => {
      const rows = await notificationsTo(email);
      expect(rows).toMatchObject([{ status: "sent" }]);
      return rows;
    });

    // The same event again on the bus, past the broker's dedupe (another Nats-Msg-Id): the inbox drops it.
    await redeliver(notification, VendorApplicationSubmittedV1, envelope);
    // Recorded again past the inbox (a replayed handler): the unique row makes it a no-op.
    const again = await notification.service.deps.db.transaction((tx) =>
      recordNotifications(
        tx,
        envelope.id,
        notificationsFor({ type: "vendor.application-submitted", data: envelope.data } as Parameters<
          typeof notificationsFor
        >[0]),
        {
          mail: {
            supportEmail: "support@marketplace.example",
            storefrontWebUrl: "https://shop.marketplace.example",
            vendorPortalUrl: "https://vendors.marketplace.example",
            backofficeWebUrl: "https://ops.marketplace.example",
          },
          now: () => new Date(),
          onQueued: () => undefined,
        },
      ),
    );
    expect(again).toBe(0);
    // Its job twice on the delivery queue (a dispatcher that died before marking it enqueued).
    const { queue } = emailDeliveryOf(notification);
    await Promise.all([
      queue.publish({ id: row!.id, payload: { notificationId: row!.id } }),
      queue.publish({ id: row!.id, payload: { notificationId: row!.id } }),
    ]);

    await eventsHandled();
    await settle(1000);
    expect(smtp.to(email)).toHaveLength(1);
    expect(await notificationsTo(email)).toMatchObject([{ status: "sent", attempts: 1 }]);
  });

  it("keeps trying while the SMTP server is down and delivers once it is back, exactly once", async () => {
    await smtp.stop();
    try {
      const { email } = await apply();
      const [failing] = await eventually(async () => {
        const rows = await notificationsTo(email);
        expect(rows[0]).toMatchObject({ status: "queued", last_error: expect.stringMatching(/ECONNREFUSED|connect/) });
        expect(rows[0]!.attempts).toBeGreaterThanOrEqual(2);
        return rows;
      });
      expect(smtp.to(email)).toHaveLength(0);

      await smtp.start();
      await eventually(() => expect(smtp.to(email)).toHaveLength(1), { timeoutMs: 10_000 });
      const [sent] = await eventually(async () => {
        const rows = await notificationsTo(email);
        expect(rows).toMatchObject([{ status: "sent", last_error: null }]);
        return rows;
      });
      expect(sent!.attempts).toBeGreaterThan(failing!.attempts);
      await settle(1000);
      expect(smtp.to(email)).toHaveLength(1);
    } finally {
      await smtp.start();
    }
  });

  it("gives up after the last retry: the notification is failed in the history and its job waits in the dead queue", async () => {
    await smtp.stop();
    let email = "";
    try {
      const applied = await apply();
      email = applied.email;
      const { vendorId } = applied;
      const [row] = await eventually(
        async () => {
          const rows = await notificationsTo(email);
          expect(rows).toMatchObject([{ status: "failed", attempts: retryDelaysMs.length + 1 }]);
          return rows;
        },
        { timeoutMs: 15_000 },
      );
      const history = await get(notification.service.url, `/notifications?recipient=vendor:${vendorId}`);
      expect(history.body.items).toMatchObject([
        { status: "failed", sentAt: null, attempts: retryDelaysMs.length + 1 },
      ]);

      const model = await amqp.connect(AMQP_URL);
      try {
        const channel = await model.createChannel();
        const dead = await eventually(async () => {
          const message = await channel.get(emailDeliveryOf(notification).queue.queues.dead, { noAck: true });
          expect(message).not.toBe(false);
          return message as amqp.GetMessage;
        });
        expect(dead.properties.messageId).toBe(row!.id);
        expect(String(dead.properties.headers?.["x-mkt-error"])).toMatch(/ECONNREFUSED|connect/);
      } finally {
        await model.close();
      }
    } finally {
      await smtp.start();
    }
    // Failed is final: the server being back does not revive it (an operator would, from the dead queue).
    await settle(500);
    expect(smtp.to(email)).toHaveLength(0);
  });

  it("loses nothing when RabbitMQ drops the service's connection mid-flow (as on a broker restart)", async () => {
    const delivery = emailDeliveryOf(notification);
    const before = await Promise.all(Array.from({ length: 5 }, () => apply()));
    await brokerClosesConnection(delivery.queue);
    const after = await Promise.all(Array.from({ length: 5 }, () => apply()));

    for (const { email } of [...before, ...after]) {
      await eventually(() => expect(smtp.to(email)).toHaveLength(1), { timeoutMs: 15_000 });
    }
    expect(delivery.queue.isConnected()).toBe(true);
    await settle(500);
    for (const { email } of [...before, ...after]) expect(smtp.to(email)).toHaveLength(1);
  });
});

describe("the notification history route", () => {
  it("names what is wrong with a request: no recipient, a bad limit, a forged cursor", async () => {
    const missing = await get(notification.service.url, "/notifications");
    expect(missing).toMatchObject({ status: 400, body: { errors: [{ path: "query.recipient" }] } });
    const limit = await get(notification.service.url, "/notifications?recipient=vendor:x&limit=1000");
    expect(limit).toMatchObject({ status: 400, body: { errors: [{ path: "query.limit" }] } });
    const cursor = await get(notification.service.url, "/notifications?recipient=vendor:x&cursor=bm90LWEtY3Vyc29y");
    expect(cursor).toMatchObject({ status: 400, body: { errors: [{ path: "query.cursor" }] } });
  });

  it("answers an empty page for a recipient never notified", async () => {
    expect(await get(notification.service.url, "/notifications?recipient=vendor:nobody")).toEqual({
      status: 200,
      body: { items: [], nextCursor: null },
    });
  });
});
