// The worker's use case against a real PostgreSQL, with a mailer that records or fails on demand.
import { join } from "node:path";
import { uuidv7 } from "@mkt/service-kit";
import { type DeliveryAttempt } from "../src/delivery/queue.js";
import { migratedTestDatabase, type TestDatabase } from "@mkt/testing";
import { createPrismaClient, type Db } from "../src/db/client.js";
import {
  NotificationBusyError,
  sendNotification,
  sendNotifications,
  type SendNotificationDeps,
} from "../src/app/send-notification.js";
import type { Mailer, OutgoingEmail } from "../src/delivery/mailer.js";
import { redeliveryDue } from "../src/domain/redelivery.js";

let database: TestDatabase;
let client: Db;

beforeAll(async () => {
  database = await migratedTestDatabase({
    label: "notification_send",
    migrationsDir: join(__dirname, "../prisma/migrations"),
  });
  client = createPrismaClient({ url: database.url, poolSize: 4 });
});
afterAll(async () => {
  await client?.$disconnect();
  await database?.drop();
});

function fakeMailer() {
  const sent: OutgoingEmail[] = [];
  let failWith: Error | undefined;
  const mailer: Mailer = {
    destination: "memory",
    async send(email) {
      if (failWith) throw failWith;
      sent.push(email);
    },
    close: () => undefined,
  };
  return { mailer, sent, fail: (error: Error | undefined) => (failWith = error) };
}

async function queuedNotification(): Promise<string> {
  const id = uuidv7();
  await client.notification.create({
    data: {
      id,
      eventId: uuidv7(),
      recipientKey: "vendor:v1",
      channel: "email",
      template: "vendor-approved",
      locale: "en",
      subject: "Your vendor account is approved: Nuage SAS",
      toAddress: "sales@nuage.example",
      textBody: "Hello",
      htmlBody: "<p>Hello</p>",
      enqueuedAt: new Date(),
    },
  });
  return id;
}

const first: DeliveryAttempt = { attempt: 1, maxAttempts: 3, isLast: false, redelivered: false };
const last: DeliveryAttempt = { attempt: 3, maxAttempts: 3, isLast: true, redelivered: false };

const NOW = new Date("2026-11-24T12:00:00.000Z");

function deps(mailer: Mailer, lockTimeoutMs = 5_000): SendNotificationDeps {
  return {
    client,
    mailer,
    from: "Marketplace <no-reply@mail.example>",
    now: () => NOW,
    timeoutMs: 10_000,
    lockTimeoutMs,
    redeliverAfterFailure: (attempt) =>
      redeliveryDue(NOW, { redeliverAfterMs: 15 * 60_000, retryDelaysMs: [60_000, 120_000] }, attempt.attempt),
  };
}

describe("sending a job's notifications together", () => {
  it("sends each once in one transaction; one that fails is recorded, the job rethrows, and its retry sends only that one", async () => {
    const [a, b, c] = [await queuedNotification(), await queuedNotification(), await queuedNotification()];
    const sent: OutgoingEmail[] = [];
    let refuse: string | undefined = b;
    const mailer: Mailer = {
      destination: "memory",
      async send(email) {
        if (email.notificationId === refuse) throw new Error("550 mailbox unavailable");
        sent.push(email);
      },
      close: () => undefined,
    };
    const unknown = uuidv7();
    await expect(sendNotifications(deps(mailer), [a!, b!, c!, unknown], first)).rejects.toThrow("550");
    expect(sent.map((email) => email.notificationId).sort()).toEqual([a, c].sort());
    const rows = await client.notification.findMany({ where: { id: { in: [a!, b!, c!] } }, orderBy: { id: "asc" } });
    expect(rows.map((row) => [row.id, row.status, row.attempts, row.lastError, row.messageId])).toEqual([
      [a, "sent", 1, null, `<${a}@mail.example>`],
      [b, "queued", 1, "550 mailbox unavailable", null],
      [c, "sent", 1, null, `<${c}@mail.example>`],
    ]);
    expect(rows[1]!.redeliverAt).toEqual(new Date("2026-11-24T12:16:00.000Z"));

    // The queue retries the whole job: the emails already sent are skipped, not sent twice.
    refuse = undefined;
    const outcomes = await sendNotifications(deps(mailer), [a!, b!, c!, unknown], { ...first, attempt: 2 });
    expect([...outcomes]).toEqual([
      [a, "already-sent"],
      [b, "sent"],
      [c, "already-sent"],
      [unknown, "unknown"],
    ]);
    expect(sent.map((email) => email.notificationId).sort()).toEqual([a, b, c].sort());
    expect(await client.notification.findUniqueOrThrow({ where: { id: b! } })).toMatchObject({
      status: "sent",
      attempts: 2,
      lastError: null,
      redeliverAt: null,
    });
  });
});

describe("sending a notification", () => {
  it("sends it once with its derived Message-ID, marks it sent, and skips any later job for it", async () => {
    const id = await queuedNotification();
    const { mailer, sent } = fakeMailer();
    expect(await sendNotification(deps(mailer), id, first)).toBe("sent");
    expect(await sendNotification(deps(mailer), id, { ...first, redelivered: true })).toBe("already-sent");
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      to: "sales@nuage.example",
      subject: "Your vendor account is approved: Nuage SAS",
      messageId: `<${id}@mail.example>`,
      locale: "en",
    });
    expect(await client.notification.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "sent",
      attempts: 1,
      sentAt: new Date("2026-11-24T12:00:00.000Z"),
      messageId: `<${id}@mail.example>`,
    });
  });

  it("records a failed attempt and rethrows it for the queue to retry; fails the notification on the last attempt", async () => {
    const id = await queuedNotification();
    const { mailer, fail } = fakeMailer();
    fail(new Error("421 try again later"));
    await expect(sendNotification(deps(mailer), id, first)).rejects.toThrow("421 try again later");
    expect(await client.notification.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "queued",
      attempts: 1,
      lastError: "421 try again later",
      // Lost if still unsent 15 minutes after its retry (1 minute later) was due.
      redeliverAt: new Date("2026-11-24T12:16:00.000Z"),
    });
    await expect(sendNotification(deps(mailer), id, last)).rejects.toThrow("421");
    expect(await client.notification.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "failed",
      attempts: 2,
      redeliverAt: null,
    });
    fail(undefined);
    expect(await sendNotification(deps(mailer), id, first)).toBe("already-failed");
  });

  it("waits for a notification another transaction holds, and reports it busy past the lock timeout", async () => {
    const id = await queuedNotification();
    const { mailer, sent } = fakeMailer();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = client.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM notification WHERE id = ${id}::uuid FOR UPDATE`;
        locked();
        await released;
      },
      { timeout: 10_000 },
    );
    await isLocked;

    await expect(sendNotification(deps(mailer, 200), id, first)).rejects.toBeInstanceOf(NotificationBusyError);
    const waiting = sendNotification(deps(mailer), id, first);
    setTimeout(release, 300);
    expect(await waiting).toBe("sent");
    await holder;
    expect(sent).toHaveLength(1);
  });

  it("drops a job for a notification this database does not hold", async () => {
    const { mailer, sent } = fakeMailer();
    expect(await sendNotification(deps(mailer), uuidv7(), first)).toBe("unknown");
    expect(sent).toHaveLength(0);
  });
});
