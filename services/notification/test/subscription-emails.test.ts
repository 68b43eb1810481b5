// Subscription emails and webhooks on the real servers: each subscription event goes out through an
// outbox (→ JetStream) as the subscription service publishes it, notification records its emails
// and its vendor's webhook deliveries (inbox), its dispatchers and workers send them through
// RabbitMQ to a real SMTP server and a real HTTP receiver. One email per (event, recipient), in the
// buyer's language; one delivery per (endpoint, event); a redelivered event sends nothing more.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import {
  BuyerProfileUpdatedV1,
  streamNameFor,
  SubscriptionCancellationScheduledV1,
  SubscriptionCancellationUndoneV1,
  SubscriptionEndedV1,
  SubscriptionReactivatedV1,
  SubscriptionReminderDueV1,
  SubscriptionRenewalFailedV1,
  SubscriptionRenewedV1,
  SubscriptionStartedV1,
  SubscriptionSuspendedV1,
  VendorUserRegisteredV1,
  WEBHOOK_EVENT_TYPES,
  type EventData,
  type EventDefinition,
  type EventEnvelope,
  type SubscriptionFacts,
} from "@mkt/contracts";
import { durableName } from "@mkt/service-kit";
import { deleteBusNamespace, eventually, SmtpSink, uniqueBusNamespace } from "@mkt/testing";
import type { ParsedMail } from "mailparser";
import { deleteDeliveryQueue } from "../src/delivery/queue.js";
import { emailQueueName, webhookQueueName } from "../src/bootstrap.js";
import { verifyWebhook } from "../src/domain/webhook-signature.js";
import {
  AMQP_URL,
  post,
  publish,
  redeliver,
  startNotification,
  type NotificationUnderTest,
} from "./support/services.js";

const namespace = uniqueBusNamespace("notification_subscriptions");
const retryDelaysMs = [100, 200];
const smtp = new SmtpSink();
let notification: NotificationUnderTest;

/** A vendor's webhook receiver: records every request, answers 200. */
class Receiver {
  readonly received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
  private server: Server | undefined;
  url = "";

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        this.received.push({
          path: req.url ?? "/",
          headers: req.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        });
        res.end("ok");
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  at(path: string) {
    return this.received.filter((request) => request.path === path);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
const receiver = new Receiver();

beforeAll(async () => {
  await smtp.start();
  await receiver.start();
  notification = await startNotification(namespace, {
    SMTP_URL: smtp.url,
    MAIL_RETRY_DELAYS_MS: retryDelaysMs.join(","),
    WEBHOOK_RETRY_DELAYS_MS: retryDelaysMs.join(","),
    SUPPORT_EMAIL: "support@marketplace.example",
    STOREFRONT_WEB_URL: "https://shop.example",
    VENDOR_PORTAL_URL: "https://vendors.example",
    BACKOFFICE_WEB_URL: "https://ops.example",
  });
});
afterAll(async () => {
  await notification?.stop();
  await deleteBusNamespace(namespace);
  await deleteDeliveryQueue({ url: AMQP_URL, name: emailQueueName({ BUS_NAMESPACE: namespace }), retryDelaysMs });
  await deleteDeliveryQueue({ url: AMQP_URL, name: webhookQueueName({ BUS_NAMESPACE: namespace }), retryDelaysMs });
  await receiver.stop();
  await smtp.stop();
});

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function emailsTo(address: string, count: number): Promise<ParsedMail[]> {
  return eventually(() => {
    const received = smtp.to(address);
    expect(received).toHaveLength(count);
    return received;
  });
}

/** Waits until the service's consumer of this event has acknowledged everything published so far. */
async function handled(definition: EventDefinition): Promise<void> {
  const { bus } = notification.service;
  const name = `${definition.type.replace(".", "-")}-v${definition.version}`;
  await eventually(async () => {
    const info = await bus.jsm.consumers.info(
      bus.wireStream(streamNameFor(definition.context)),
      durableName("notification", { name }),
    );
    expect(info.num_pending + info.num_ack_pending).toBe(0);
  });
}

const SUBSCRIPTION_TYPES = WEBHOOK_EVENT_TYPES.filter((type) => type.startsWith("subscription."));

let sequence = 0;
const eur = (amount: number) => ({ amount, currency: "EUR" });

/**
 * A subscription as the subscription service's events carry it, with its own buyer and vendor
 * addresses, and its vendor's webhook endpoint subscribed to every subscription event.
 */
async function aSubscription(
  overrides: Partial<SubscriptionFacts> = {},
  buyer: Partial<SubscriptionFacts["buyer"]> = {},
): Promise<{ subscription: SubscriptionFacts; hooks: string; secret: string }> {
  sequence += 1;
  const vendorId = randomUUID();
  const subscription: SubscriptionFacts = {
    subscriptionId: randomUUID(),
    orderId: randomUUID(),
    lineId: randomUUID(),
    buyer: {
      buyerId: randomUUID(),
      kind: "company",
      name: "Acme Industries SAS",
      email: `achats+${process.pid}-${sequence}@acme.example`,
      locale: "fr",
      registrationNumber: "732829320",
      vatNumber: "FR44732829320",
      address: { line1: "1 rue de la Paix", postalCode: "75002", city: "Paris", country: "FR" },
      country: "FR",
      ...buyer,
    },
    vendor: {
      vendorId,
      legalName: "Nuage Souverain SAS",
      publicContact: {
        email: `ventes+${process.pid}-${sequence}@nuage.example`,
        phone: "+33 1 84 00 00 00",
        supportUrl: "https://support.nuage.example",
      },
      registrationNumber: "552100554",
      vatNumber: "FR40552100554",
      registeredAddress: null,
    },
    productId: randomUUID(),
    productName: "Kubernetes managé",
    planId: randomUUID(),
    planName: "Pro",
    billingCycle: "monthly",
    anchor: "2026-11-24",
    timeZone: "Europe/Paris",
    unitPrice: eur(4900),
    quantity: 2,
    vatTreatment: { kind: "standard", rateBasisPoints: 2000, mention: null },
    commitmentMonths: 0,
    state: "active",
    ...overrides,
  };
  const hooks = `/hooks/${vendorId}`;
  const created = await post(notification.service.url, `/vendors/${vendorId}/webhook-endpoints`, {
    url: `${receiver.url}${hooks}`,
    eventTypes: SUBSCRIPTION_TYPES,
  });
  expect(created.status).toBe(201);
  return { subscription, hooks, secret: created.body.secret };
}

/** The event's webhook delivery to the vendor's endpoint, signed with its secret. */
async function deliveredHook(hooks: string, secret: string, envelope: EventEnvelope) {
  const request = await eventually(() => {
    const found = receiver.at(hooks).find((received) => received.headers["marketplace-event-id"] === envelope.id);
    expect(found).toBeDefined();
    return found!;
  });
  expect(request.headers["marketplace-event-type"]).toBe(envelope.type);
  expect(
    verifyWebhook({
      header: request.headers["marketplace-signature"] as string,
      body: request.body,
      secret,
      now: new Date(),
    }),
  ).toMatchObject({ ok: true });
  const body = JSON.parse(request.body);
  expect(body).toMatchObject({ id: envelope.id, type: envelope.type, version: 1 });
  expect(body.data).toEqual(JSON.parse(JSON.stringify(envelope.data)));
}

/** The event delivered again (another Nats-Msg-Id), then handled: the inbox drops it. */
async function deliveredAgain(definition: EventDefinition, envelope: EventEnvelope): Promise<void> {
  await redeliver(notification, definition, envelope);
  await handled(definition);
  await settle(300);
}

const period = { number: 1, startsOn: "2026-12-24", endsBefore: "2027-01-24" };
const totals = { subtotal: eur(9800), vat: eur(1960), total: eur(11760), fee: eur(353) };
const buyerActor = (subscription: SubscriptionFacts) => ({ kind: "buyer" as const, id: subscription.buyer.buyerId });

/**
 * Publishes one event of a subscription, then checks what a buyer and a vendor observe: the emails
 * each receives (how many, with which subject) and the signed delivery to the vendor's endpoint;
 * delivered again, it sends nothing more.
 */
async function publishAndObserve<D extends EventDefinition>(
  setup: { subscription: SubscriptionFacts; hooks: string; secret: string },
  definition: D,
  data: EventData<D>,
  expected: { buyer: number; vendor: number },
): Promise<{ toBuyer: ParsedMail | undefined; toVendor: ParsedMail | undefined }> {
  const { subscription, hooks, secret } = setup;
  const envelope = await publish(notification, definition, data);
  const toBuyer = expected.buyer > 0 ? (await emailsTo(subscription.buyer.email, expected.buyer)).at(-1) : undefined;
  const toVendor =
    expected.vendor > 0 ? (await emailsTo(subscription.vendor.publicContact.email, expected.vendor)).at(-1) : undefined;
  await deliveredHook(hooks, secret, envelope);
  await deliveredAgain(definition, envelope);
  expect(smtp.to(subscription.buyer.email)).toHaveLength(expected.buyer);
  expect(smtp.to(subscription.vendor.publicContact.email)).toHaveLength(expected.vendor);
  expect(receiver.at(hooks).filter((request) => request.headers["marketplace-event-id"] === envelope.id)).toHaveLength(
    1,
  );
  return { toBuyer, toVendor };
}

describe("subscription emails and webhooks", () => {
  it("tell the buyer when its trial ends and what it will be charged, the vendor by webhook only, once", async () => {
    const setup = await aSubscription({ state: "trialing", anchor: "2026-12-08" });
    const { subscription } = setup;
    const { toBuyer } = await publishAndObserve(
      setup,
      SubscriptionStartedV1,
      {
        subscription,
        trialEndsOn: "2026-12-07",
        nextDueOn: "2026-12-08",
        nextDueAt: "2026-12-07T23:00:00.000Z",
        startedAt: new Date().toISOString(),
      },
      { buyer: 1, vendor: 0 },
    );
    expect(toBuyer!.subject).toBe("Votre essai de Kubernetes managé — Pro se termine le 7 décembre 2026");
    expect(toBuyer!.headers.get("content-language")).toBe("fr");
    for (const fact of [
      "Le 8 décembre 2026, votre carte sera débitée de 98,00 € (hors taxes, TVA 20 % en sus)",
      `https://shop.example/subscriptions/${subscription.subscriptionId}`,
    ])
      expect(toBuyer!.text).toContain(fact);
  });

  it("send nobody an email for a start without a trial (the order's acceptance told them), but the vendor's webhook", async () => {
    const setup = await aSubscription();
    await publishAndObserve(
      setup,
      SubscriptionStartedV1,
      {
        subscription: setup.subscription,
        trialEndsOn: null,
        nextDueOn: "2026-12-24",
        nextDueAt: "2026-12-23T23:00:00.000Z",
        startedAt: new Date().toISOString(),
      },
      { buyer: 0, vendor: 0 },
    );
  });

  it("tell the buyer a period was paid, with its days, invoice and next due date, and the vendor who paid what, once", async () => {
    const setup = await aSubscription({}, { locale: "en" });
    const { subscription } = setup;
    const { toBuyer, toVendor } = await publishAndObserve(
      setup,
      SubscriptionRenewedV1,
      {
        subscription,
        period,
        totals,
        paymentId: randomUUID(),
        invoiceNumber: "NUAG-2026-000042",
        nextDueOn: "2027-01-24",
        renewedAt: "2026-12-23T23:00:05.000Z",
      },
      { buyer: 1, vendor: 1 },
    );
    expect(toBuyer!.subject).toBe("Your subscription Kubernetes managé — Pro is renewed: invoice NUAG-2026-000042");
    expect(toBuyer!.headers.get("content-language")).toBe("en");
    for (const fact of [
      "from 24 December 2026 to 23 January 2027",
      "Your card is charged €117.60",
      "VAT 20%: €19.60",
      `https://shop.example/subscriptions/${subscription.subscriptionId}/invoices/NUAG-2026-000042`,
      "Next due date: 24 January 2027",
    ])
      expect(toBuyer!.text).toContain(fact);
    // Vendors are written to in French (they cannot choose yet), whatever the buyer's language.
    expect(toVendor!.subject).toBe("Renouvellement payé : Kubernetes managé — Pro, Acme Industries SAS");
    for (const fact of [
      "Acme Industries SAS a payé 117,60 €",
      subscription.buyer.email,
      "Facture\u00a0: NUAG-2026-000042",
      "(3 %) : 3,53 €",
      `https://vendors.example/subscriptions/${subscription.subscriptionId}`,
    ])
      expect(toVendor!.text).toContain(fact);
  });

  it("tell buyer and vendor a charge failed: why, where to update the card, the next attempt in the buyer's zone, once", async () => {
    const setup = await aSubscription({ state: "past_due" });
    const { subscription } = setup;
    const { toBuyer, toVendor } = await publishAndObserve(
      setup,
      SubscriptionRenewalFailedV1,
      {
        subscription,
        period,
        amount: totals.total,
        failures: 1,
        declineCode: "insufficient-funds",
        nextRetryAt: "2026-12-25T23:00:00.000Z",
        failedAt: "2026-12-23T23:00:05.000Z",
      },
      { buyer: 1, vendor: 1 },
    );
    expect(toBuyer!.subject).toBe("Le paiement de votre abonnement Kubernetes managé — Pro a échoué");
    for (const fact of [
      "le prélèvement de 117,60 €",
      "le solde de la carte était insuffisant",
      "Mettez à jour votre carte : https://shop.example/account/payment-methods",
      "Nous réessaierons le 26 décembre 2026 à 00:00 (heure de Paris)",
    ])
      expect(toBuyer!.text).toContain(fact);
    expect(toVendor!.subject).toBe(
      "Échec du paiement d'un renouvellement : Kubernetes managé — Pro, Acme Industries SAS",
    );
    expect(toVendor!.text).toContain("Prochaine tentative : le 26 décembre 2026 à 00:00 (heure de Paris)");
  });

  it("tell buyer and vendor of a suspension: the amount to pay with a new card, and the day it ends otherwise, once", async () => {
    const setup = await aSubscription({ state: "suspended" });
    const { subscription } = setup;
    const { toBuyer, toVendor } = await publishAndObserve(
      setup,
      SubscriptionSuspendedV1,
      {
        subscription,
        period,
        amountDue: totals.total,
        endsAt: "2027-01-31T23:00:00.000Z",
        suspendedAt: "2027-01-01T23:00:05.000Z",
      },
      { buyer: 1, vendor: 1 },
    );
    expect(toBuyer!.subject).toBe("Votre abonnement Kubernetes managé — Pro est suspendu");
    for (const fact of [
      "réglez 117,60 € avec une nouvelle carte",
      "https://shop.example/account/payment-methods",
      `https://shop.example/subscriptions/${subscription.subscriptionId}`,
      "prendra fin le 1 février 2027",
    ])
      expect(toBuyer!.text).toContain(fact);
    expect(toVendor!.subject).toBe("Abonnement suspendu : Kubernetes managé — Pro, Acme Industries SAS");
    expect(toVendor!.text).toContain("Vous pouvez interrompre le service");
  });

  it("tell buyer and vendor of a reactivation, once", async () => {
    const setup = await aSubscription();
    const { toBuyer, toVendor } = await publishAndObserve(
      setup,
      SubscriptionReactivatedV1,
      { subscription: setup.subscription, period, reactivatedAt: new Date().toISOString() },
      { buyer: 1, vendor: 1 },
    );
    expect(toBuyer!.subject).toBe("Votre abonnement Kubernetes managé — Pro est réactivé");
    expect(toBuyer!.text).toContain("de nouveau actif pour la période du 24 décembre 2026 au 23 janvier 2027");
    expect(toVendor!.subject).toBe("Abonnement réactivé : Kubernetes managé — Pro, Acme Industries SAS");
  });

  it("confirm a scheduled cancellation to the buyer, deferred by its commitment, and tell the vendor, once", async () => {
    const setup = await aSubscription({ commitmentMonths: 12 });
    const { subscription } = setup;
    const { toBuyer, toVendor } = await publishAndObserve(
      setup,
      SubscriptionCancellationScheduledV1,
      {
        subscription,
        lastDayOfService: "2027-11-23",
        effectiveOn: "2027-11-24",
        amountNoLongerCharged: totals.total,
        deferredByCommitment: true,
        by: buyerActor(subscription),
        scheduledAt: new Date().toISOString(),
      },
      { buyer: 1, vendor: 1 },
    );
    expect(toBuyer!.subject).toBe("Résiliation confirmée : Kubernetes managé — Pro");
    for (const fact of [
      "Dernier jour de service\u00a0: 23 novembre 2027",
      "117,60 € / mois",
      "engagement de 12 mois",
      "Annulez la résiliation",
      `https://shop.example/subscriptions/${subscription.subscriptionId}`,
    ])
      expect(toBuyer!.text).toContain(fact);
    expect(toVendor!.subject).toBe("Résiliation programmée : Kubernetes managé — Pro, Acme Industries SAS");
    expect(toVendor!.text).toContain("Le service court jusqu'au 23 novembre 2027 inclus");
  });

  it("tell buyer and vendor a cancellation was undone, once", async () => {
    const setup = await aSubscription();
    const { subscription } = setup;
    const { toBuyer, toVendor } = await publishAndObserve(
      setup,
      SubscriptionCancellationUndoneV1,
      { subscription, effectiveOn: "2027-01-24", by: buyerActor(subscription), undoneAt: new Date().toISOString() },
      { buyer: 1, vendor: 1 },
    );
    expect(toBuyer!.subject).toBe("Votre abonnement Kubernetes managé — Pro continue");
    expect(toBuyer!.text).toContain("il se renouvelle de nouveau le 24 janvier 2027");
    expect(toVendor!.subject).toBe("Résiliation annulée : Kubernetes managé — Pro, Acme Industries SAS");
  });

  it("tell buyer and vendor a subscription ended, worded by its reason, once", async () => {
    const setup = await aSubscription({ state: "ended" }, { locale: "en" });
    const { toBuyer, toVendor } = await publishAndObserve(
      setup,
      SubscriptionEndedV1,
      {
        subscription: setup.subscription,
        reason: "suspended-too-long",
        lastDayOfService: "2027-01-23",
        endedAt: "2027-01-31T23:00:00.000Z",
      },
      { buyer: 1, vendor: 1 },
    );
    expect(toBuyer!.subject).toBe("Your subscription Kubernetes managé — Pro has ended");
    expect(toBuyer!.text).toContain("stayed suspended for 30 days without payment");
    expect(toVendor!.subject).toBe("Abonnement terminé : Kubernetes managé — Pro, Acme Industries SAS");
    expect(toVendor!.text).toContain("après 30 jours de suspension sans paiement");
  });

  it("remind the buyer alone of a yearly renewal: its date, amount, and until when to stop it in its own zone, once", async () => {
    const setup = await aSubscription(
      { billingCycle: "yearly", unitPrice: eur(49000), quantity: 1, timeZone: "America/New_York" },
      { locale: "en" },
    );
    const { subscription } = setup;
    const { toBuyer } = await publishAndObserve(
      setup,
      SubscriptionReminderDueV1,
      {
        subscription,
        renewsOn: "2027-11-24",
        amount: eur(58800),
        cancellableUntil: "2027-11-23T05:00:00.000Z",
        remindedAt: new Date().toISOString(),
      },
      { buyer: 1, vendor: 0 },
    );
    expect(toBuyer!.subject).toBe("Your subscription Kubernetes managé — Pro renews on 24 November 2027");
    for (const fact of [
      "your card will be charged €588.00",
      "before 23 November 2027 at 00:00 (America/New_York time)",
      `https://shop.example/subscriptions/${subscription.subscriptionId}`,
    ])
      expect(toBuyer!.text).toContain(fact);
  });

  it("write in the language the buyer chose after its checkout, and to the vendor's finance user", async () => {
    const { subscription } = await aSubscription({}, { locale: "fr" });
    const { buyer, vendor } = subscription;
    await publish(notification, BuyerProfileUpdatedV1, {
      buyerId: buyer.buyerId,
      kind: "company",
      legalName: buyer.name,
      registrationNumber: buyer.registrationNumber!,
      email: buyer.email,
      locale: "en",
      updatedAt: new Date().toISOString(),
    });
    const finance = `finance+${process.pid}-${sequence}@nuage.example`;
    await publish(notification, VendorUserRegisteredV1, {
      vendorId: vendor.vendorId,
      userId: randomUUID(),
      email: finance,
      role: "finance",
      active: true,
      registeredAt: new Date().toISOString(),
    });
    await handled(BuyerProfileUpdatedV1);
    await handled(VendorUserRegisteredV1);
    await publish(notification, SubscriptionRenewedV1, {
      subscription,
      period,
      totals,
      paymentId: randomUUID(),
      invoiceNumber: "NUAG-2026-000043",
      nextDueOn: "2027-01-24",
      renewedAt: new Date().toISOString(),
    });
    const [mail] = await emailsTo(buyer.email, 1);
    expect(mail!.subject).toBe("Your subscription Kubernetes managé — Pro is renewed: invoice NUAG-2026-000043");
    expect(mail!.headers.get("content-language")).toBe("en");
    const [toFinance] = await emailsTo(finance, 1);
    expect(toFinance!.subject).toBe("Renouvellement payé : Kubernetes managé — Pro, Acme Industries SAS");
  });
});
