// Buyers' emails on the real servers: a buyer.registered event goes out through a started
// service's outbox (→ JetStream), notification records the welcome email (inbox), its dispatcher
// and worker send it through RabbitMQ to a real SMTP server, in the buyer's language; a
// buyer.profile-updated keeps the recipient's address and language current.
import { randomUUID } from "node:crypto";
import { BuyerProfileUpdatedV1, BuyerRegisteredV1, type EventData } from "@mkt/contracts";
import { deleteDeliveryQueue } from "../src/delivery/queue.js";
import { deleteBusNamespace, eventually, uniqueBusNamespace } from "@mkt/testing";
import { emailQueueName } from "../src/bootstrap.js";
import { SmtpSink } from "@mkt/testing";
import { AMQP_URL, get, startNotification, type NotificationUnderTest } from "./support/services.js";

const namespace = uniqueBusNamespace("notification_buyers");
const retryDelaysMs = [100, 200];
const smtp = new SmtpSink();
let notification: NotificationUnderTest;

beforeAll(async () => {
  await smtp.start();
  notification = await startNotification(namespace, {
    SMTP_URL: smtp.url,
    MAIL_RETRY_DELAYS_MS: retryDelaysMs.join(","),
    SUPPORT_EMAIL: "support@marketplace.example",
  });
});
afterAll(async () => {
  await notification?.stop();
  await deleteBusNamespace(namespace);
  await deleteDeliveryQueue({ url: AMQP_URL, name: emailQueueName({ BUS_NAMESPACE: namespace }), retryDelaysMs });
  await smtp.stop();
});

/** Publishes a buyer event as the storefront-gateway does: through an outbox, committed first. */
async function publish<D extends typeof BuyerRegisteredV1 | typeof BuyerProfileUpdatedV1>(
  definition: D,
  data: EventData<D>,
): Promise<void> {
  const { db, outbox } = notification.service.deps;
  await db.client.$transaction(async (tx) => {
    await outbox.add(tx, definition, data);
  });
}

let sequence = 0;
const address = (label: string) => `${label}+${process.pid}-${++sequence}@buyer.example`;

describe("emails to buyers", () => {
  it("welcomes an English-speaking individual in English, with what it can do next; its history shows it sent", async () => {
    const buyerId = randomUUID();
    const email = address("marie");
    await publish(BuyerRegisteredV1, {
      buyerId,
      kind: "individual",
      name: "Marie Curie",
      email,
      locale: "en",
      registeredAt: new Date().toISOString(),
    });

    const [mail] = await eventually(() => {
      const received = smtp.to(email);
      expect(received).toHaveLength(1);
      return received;
    });
    expect(mail!.subject).toBe("Welcome to the marketplace, Marie Curie");
    expect(mail!.headers.get("content-language")).toBe("en");
    for (const fact of [email, "Open Trusted Cloud", "14 days", "support@marketplace.example"])
      expect(mail!.text).toContain(fact);

    const history = await eventually(async () => {
      const page = await get(notification.service.url, `/notifications?recipient=buyer:${buyerId}`);
      expect(page.body.items).toMatchObject([{ template: "buyer-welcome", status: "sent", locale: "en", to: email }]);
      return page;
    });
    expect(history.status).toBe(200);
  });

  it("welcomes a company in French, naming it by its legal name", async () => {
    const email = address("achats");
    await publish(BuyerRegisteredV1, {
      buyerId: randomUUID(),
      kind: "company",
      legalName: "Acme SAS",
      registrationNumber: "552100554",
      email,
      locale: "fr",
      registeredAt: new Date().toISOString(),
    });
    const [mail] = await eventually(() => {
      const received = smtp.to(email);
      expect(received).toHaveLength(1);
      return received;
    });
    expect(mail!.subject).toBe("Bienvenue sur la marketplace, Acme SAS");
    expect(mail!.text).toContain("7 jours");
  });

  it("keeps a buyer's new address and language from its profile updates, and ignores an older one delivered late", async () => {
    const buyerId = randomUUID();
    const registeredAt = new Date(Date.now() - 60_000);
    await publish(BuyerRegisteredV1, {
      buyerId,
      kind: "individual",
      name: "Marie Curie",
      email: address("old"),
      locale: "fr",
      registeredAt: registeredAt.toISOString(),
    });
    const newer = address("new");
    await publish(BuyerProfileUpdatedV1, {
      buyerId,
      kind: "individual",
      name: "Marie Curie",
      email: newer,
      locale: "en",
      updatedAt: new Date(registeredAt.getTime() + 20_000).toISOString(),
    });
    await publish(BuyerProfileUpdatedV1, {
      buyerId,
      kind: "individual",
      name: "Marie Curie",
      email: address("stale"),
      locale: "fr",
      updatedAt: new Date(registeredAt.getTime() + 10_000).toISOString(),
    });

    await eventually(async () => {
      const rows = await notification.database.query<{ email: string; locale: string; kind: string }>(
        `SELECT email, locale, kind FROM recipient WHERE key = $1`,
        [`buyer:${buyerId}`],
      );
      expect(rows).toEqual([{ email: newer, locale: "en", kind: "buyer" }]);
      const handled = await notification.database.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM inbox_message WHERE event_type LIKE $1`,
        [`${BuyerProfileUpdatedV1.type}%`],
      );
      expect(handled[0]!.n).toBeGreaterThanOrEqual(2);
    });
  });
});
