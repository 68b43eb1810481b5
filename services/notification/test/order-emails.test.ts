// Order emails on the real servers: each order event goes out through an outbox (→ JetStream) as
// the order service publishes it, notification records its emails (inbox), its dispatcher and
// worker send them through RabbitMQ to a real SMTP server. One email per (event, recipient), in
// the buyer's language; a redelivered event sends nothing more.
import { randomUUID } from "node:crypto";
import {
  BuyerProfileUpdatedV1,
  OrderAcceptedV1,
  OrderCancelledV1,
  OrderDeliveredV1,
  OrderOverdueV1,
  OrderRefusedV1,
  OrderTransmittedV1,
  OrderValidationReminderV1,
  streamNameFor,
  VendorUserRegisteredV1,
  VendorUserUpdatedV1,
  type EventDefinition,
  type EventEnvelope,
  type OrderFacts,
} from "@mkt/contracts";
import { durableName } from "@mkt/service-kit";
import { deleteDeliveryQueue } from "../src/delivery/queue.js";
import { deleteBusNamespace, eventually, uniqueBusNamespace } from "@mkt/testing";
import { SmtpSink } from "@mkt/testing";
import type { ParsedMail } from "mailparser";
import { emailQueueName } from "../src/bootstrap.js";
import { AMQP_URL, publish, redeliver, startNotification, type NotificationUnderTest } from "./support/services.js";

const namespace = uniqueBusNamespace("notification_orders");
const retryDelaysMs = [100, 200];
const OPERATIONS = `ops+${process.pid}@marketplace.example`;
const smtp = new SmtpSink();
let notification: NotificationUnderTest;

beforeAll(async () => {
  await smtp.start();
  notification = await startNotification(namespace, {
    SMTP_URL: smtp.url,
    MAIL_RETRY_DELAYS_MS: retryDelaysMs.join(","),
    SUPPORT_EMAIL: "support@marketplace.example",
    STOREFRONT_WEB_URL: "https://shop.example",
    VENDOR_PORTAL_URL: "https://vendors.example",
    BACKOFFICE_WEB_URL: "https://ops.example",
    OPERATIONS_EMAIL: OPERATIONS,
  });
});
afterAll(async () => {
  await notification?.stop();
  await deleteBusNamespace(namespace);
  await deleteDeliveryQueue({ url: AMQP_URL, name: emailQueueName({ BUS_NAMESPACE: namespace }), retryDelaysMs });
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

/** The event delivered again (another Nats-Msg-Id), then handled: the inbox drops it. */
async function deliveredAgain(definition: EventDefinition, envelope: EventEnvelope): Promise<void> {
  await redeliver(notification, definition, envelope);
  await handled(definition);
  await settle(300);
}

let sequence = 0;
const eur = (amount: number) => ({ amount, currency: "EUR" });

/** An order as the order service's events carry it, with its own buyer and vendor addresses. */
function anOrder(buyer: Partial<OrderFacts["buyer"]> = {}): OrderFacts {
  sequence += 1;
  const transmittedAt = new Date();
  const at = (hours: number) => new Date(transmittedAt.getTime() + hours * 3_600_000).toISOString();
  return {
    orderId: randomUUID(),
    checkoutId: randomUUID(),
    purchaseOrderNumber: `PO-NUAG-2026-${String(sequence).padStart(6, "0")}`,
    paymentId: randomUUID(),
    vendor: {
      vendorId: randomUUID(),
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
    lines: [
      {
        lineId: randomUUID(),
        productId: randomUUID(),
        productName: "Kubernetes managé",
        planId: randomUUID(),
        planName: "Pro",
        billingCycle: "monthly",
        commitmentMonths: 0,
        trialDays: 0,
        quantity: 2,
        unitPrice: eur(4900),
        amount: eur(9800),
      },
    ],
    vatTreatment: { kind: "standard", rateBasisPoints: 2000, mention: null },
    totals: { subtotal: eur(9800), vat: eur(1960), total: eur(11760), fee: eur(353) },
    transmittedAt: transmittedAt.toISOString(),
    reminderAt: at(24),
    validationDueAt: at(48),
    autoCancelAt: at(120),
  };
}

const system = { kind: "system" as const, id: null };

async function transmitted(order: OrderFacts) {
  return publish(notification, OrderTransmittedV1, { order, purchaseOrderNumber: order.purchaseOrderNumber! });
}

describe("order emails", () => {
  it("confirms a transmitted order to its buyer once, in French, and sends its vendor the order to validate, once each even if the event comes again", async () => {
    const order = anOrder();
    const envelope = await transmitted(order);

    const [confirmation] = await emailsTo(order.buyer.email, 1);
    expect(confirmation!.subject).toBe(
      `Votre commande ${order.purchaseOrderNumber} est transmise à Nuage Souverain SAS`,
    );
    expect(confirmation!.headers.get("content-language")).toBe("fr");
    for (const fact of [
      "Kubernetes managé — Pro",
      "117,60 €",
      "TVA 20 %",
      "sous 48 heures",
      order.vendor.publicContact.email,
      "+33 1 84 00 00 00",
      `https://shop.example/purchases/${order.orderId}`,
      `https://shop.example/purchases/${order.orderId}/documents/purchase-order`,
    ])
      expect(confirmation!.text).toContain(fact);

    const [toVendor] = await emailsTo(order.vendor.publicContact.email, 1);
    expect(toVendor!.subject).toBe(`Nouvelle commande à valider : ${order.purchaseOrderNumber}`);
    for (const fact of ["Acme Industries SAS", order.buyer.email, `https://vendors.example/orders/${order.orderId}`])
      expect(toVendor!.text).toContain(fact);

    await deliveredAgain(OrderTransmittedV1, envelope);
    expect(smtp.to(order.buyer.email)).toHaveLength(1);
    expect(smtp.to(order.vendor.publicContact.email)).toHaveLength(1);
  });

  it("writes to an English-speaking buyer in English, with the reverse-charge mention for an EU company", async () => {
    const order = {
      ...anOrder({
        locale: "en",
        country: "DE",
        vatNumber: "DE811907980",
        address: { line1: "Unter den Linden 1", postalCode: "10117", city: "Berlin", country: "DE" },
      }),
      vatTreatment: {
        kind: "reverse-charge" as const,
        rateBasisPoints: 0,
        mention: "Autoliquidation — article 283-2 du CGI",
      },
    };
    order.totals = { ...order.totals, vat: eur(0), total: eur(9800) };
    await transmitted(order);
    const [mail] = await emailsTo(order.buyer.email, 1);
    expect(mail!.subject).toBe(`Your order ${order.purchaseOrderNumber} was sent to Nuage Souverain SAS`);
    expect(mail!.headers.get("content-language")).toBe("en");
    for (const fact of ["VAT reverse charge", "Autoliquidation — article 283-2 du CGI", "€98.00", "within 48 hours"])
      expect(mail!.text).toContain(fact);
  });

  it("reminds the vendor 24 hours before its deadline, once", async () => {
    const order = anOrder();
    await transmitted(order);
    await emailsTo(order.vendor.publicContact.email, 1);
    const envelope = await publish(notification, OrderValidationReminderV1, { order, remindedAt: order.reminderAt });
    const [, reminder] = await emailsTo(order.vendor.publicContact.email, 2);
    expect(reminder!.subject).toBe(`Rappel : plus que 24 heures pour valider la commande ${order.purchaseOrderNumber}`);
    await deliveredAgain(OrderValidationReminderV1, envelope);
    expect(smtp.to(order.vendor.publicContact.email)).toHaveLength(2);
    expect(smtp.to(order.buyer.email)).toHaveLength(1);
  });

  it("tells the buyer its order was accepted, with the vendor's contact details, once", async () => {
    const order = anOrder({ locale: "en" });
    const envelope = await publish(notification, OrderAcceptedV1, {
      order,
      by: { kind: "vendor", id: order.vendor.vendorId },
      late: false,
      acceptedAt: new Date().toISOString(),
    });
    const [mail] = await emailsTo(order.buyer.email, 1);
    expect(mail!.subject).toBe(`Nuage Souverain SAS accepted your order ${order.purchaseOrderNumber}`);
    for (const fact of [order.vendor.publicContact.email, "+33 1 84 00 00 00", "charged €117.60"])
      expect(mail!.text).toContain(fact);
    await deliveredAgain(OrderAcceptedV1, envelope);
    expect(smtp.to(order.buyer.email)).toHaveLength(1);
  });

  it("tells the buyer its order was refused, the vendor's reason, and that nothing is charged, once", async () => {
    const order = anOrder();
    const reason = "Région saturée ce mois-ci.\nNous revenons vers vous en janvier.";
    const envelope = await publish(notification, OrderRefusedV1, {
      order,
      by: { kind: "vendor", id: order.vendor.vendorId },
      reason,
      refusedAt: new Date().toISOString(),
    });
    const [mail] = await emailsTo(order.buyer.email, 1);
    expect(mail!.subject).toBe(`Votre commande ${order.purchaseOrderNumber} a été refusée par Nuage Souverain SAS`);
    expect(mail!.text).toContain("> Région saturée ce mois-ci.\n> Nous revenons vers vous en janvier.");
    expect(mail!.text).toContain(
      "Remboursement intégral : l'autorisation sur votre carte est levée, rien n'est débité.",
    );
    await deliveredAgain(OrderRefusedV1, envelope);
    expect(smtp.to(order.buyer.email)).toHaveLength(1);
  });

  it("tells the buyer of an overdue order that it may cancel or wait, and the operators at OPERATIONS_EMAIL, once each", async () => {
    const order = anOrder({ locale: "en" });
    const before = smtp.to(OPERATIONS).length;
    const envelope = await publish(notification, OrderOverdueV1, { order, overdueAt: order.validationDueAt });
    const [mail] = await emailsTo(order.buyer.email, 1);
    expect(mail!.subject).toBe(
      `Nuage Souverain SAS did not validate your order ${order.purchaseOrderNumber} within 48 hours`,
    );
    for (const fact of [
      "Cancel now",
      'the "Cancel" button of the order in My purchases',
      `https://shop.example/purchases/${order.orderId}`,
      "Wait",
      "cancelled automatically on",
    ])
      expect(mail!.text).toContain(fact);
    const toOperations = await emailsTo(OPERATIONS, before + 1);
    const operations = toOperations.find((received) => received.text?.includes(order.orderId));
    expect(operations!.subject).toBe(`Commande en retard : Nuage Souverain SAS, ${order.purchaseOrderNumber}`);
    expect(operations!.text).toContain(`https://ops.example/orders/${order.orderId}`);
    await deliveredAgain(OrderOverdueV1, envelope);
    expect(smtp.to(order.buyer.email)).toHaveLength(1);
    expect(smtp.to(OPERATIONS)).toHaveLength(before + 1);
  });

  it("tells the buyer its order was cancelled automatically and that nothing is charged, once", async () => {
    const order = anOrder();
    const envelope = await publish(notification, OrderCancelledV1, {
      order,
      by: system,
      reason: "expired-unanswered",
      cancelledAt: order.autoCancelAt,
    });
    const [mail] = await emailsTo(order.buyer.email, 1);
    expect(mail!.subject).toBe(`Votre commande ${order.purchaseOrderNumber} auprès de Nuage Souverain SAS est annulée`);
    for (const fact of ["annulée automatiquement", "rien n'est débité"]) expect(mail!.text).toContain(fact);
    await deliveredAgain(OrderCancelledV1, envelope);
    expect(smtp.to(order.buyer.email)).toHaveLength(1);
  });

  it("tells the buyer its order was delivered: access, instructions and the invoice, once", async () => {
    const order = anOrder({ locale: "en" });
    const delivery = {
      accessUrl: "https://k8s.nuage.example/acme",
      instructions: "Sign in as admin.\nRotate the key at once.",
    };
    const envelope = await publish(notification, OrderDeliveredV1, {
      order,
      delivery,
      invoiceNumber: "NUAG-2026-000042",
      deliveredAt: new Date().toISOString(),
    });
    const [mail] = await emailsTo(order.buyer.email, 1);
    expect(mail!.subject).toBe(`Nuage Souverain SAS delivered your order ${order.purchaseOrderNumber}`);
    for (const fact of [
      delivery.accessUrl,
      "> Sign in as admin.\n> Rotate the key at once.",
      "NUAG-2026-000042",
      `https://shop.example/purchases/${order.orderId}/documents/invoice`,
    ]) {
      expect(mail!.text).toContain(fact);
    }
    await deliveredAgain(OrderDeliveredV1, envelope);
    expect(smtp.to(order.buyer.email)).toHaveLength(1);
  });

  it("writes in the language the buyer chose after its checkout", async () => {
    const order = anOrder({ locale: "fr" });
    await transmitted(order);
    await emailsTo(order.buyer.email, 1);
    const { buyer } = order;
    await publish(notification, BuyerProfileUpdatedV1, {
      buyerId: buyer.buyerId,
      kind: "company",
      legalName: buyer.name,
      registrationNumber: buyer.registrationNumber!,
      email: buyer.email,
      locale: "en",
      updatedAt: new Date(Date.parse(order.transmittedAt) + 60_000).toISOString(),
    });
    await eventually(async () => {
      const [recipient] = await notification.database.query<{ locale: string }>(
        `SELECT locale FROM recipient WHERE key = $1`,
        [`buyer:${buyer.buyerId}`],
      );
      expect(recipient?.locale).toBe("en");
    });
    await publish(notification, OrderAcceptedV1, {
      order,
      by: { kind: "vendor", id: order.vendor.vendorId },
      late: false,
      acceptedAt: new Date(Date.parse(order.transmittedAt) + 120_000).toISOString(),
    });
    const [, accepted] = await emailsTo(order.buyer.email, 2);
    expect(accepted!.subject).toBe(`Nuage Souverain SAS accepted your order ${order.purchaseOrderNumber}`);
    expect(accepted!.headers.get("content-language")).toBe("en");
  });
});

describe("a vendor's users", () => {
  it("receive its order emails by role, besides the public contact, once each, and no longer once deactivated", async () => {
    const order = anOrder();
    const { vendorId } = order.vendor;
    const at = new Date().toISOString();
    const address = (role: string) => `${role}+${process.pid}-${sequence}@nuage.example`;
    const register = (role: "owner" | "sales" | "finance" | "operations", email = address(role)) =>
      publish(notification, VendorUserRegisteredV1, {
        vendorId,
        userId: randomUUID(),
        email,
        role,
        active: true,
        registeredAt: at,
      });
    await register("owner");
    await register("sales");
    await register("finance");
    // A user at the public contact's own address gets the email once, as the contact.
    await register("operations", order.vendor.publicContact.email);
    const leaving = randomUUID();
    await publish(notification, VendorUserRegisteredV1, {
      vendorId,
      userId: leaving,
      email: address("left"),
      role: "sales",
      active: true,
      registeredAt: at,
    });
    await publish(notification, VendorUserUpdatedV1, {
      vendorId,
      userId: leaving,
      email: address("left"),
      role: "sales",
      active: false,
      updatedAt: new Date(Date.now() + 1000).toISOString(),
    });
    await handled(VendorUserRegisteredV1);
    await handled(VendorUserUpdatedV1);

    await transmitted(order);
    for (const role of ["owner", "sales"]) {
      const [mail] = await emailsTo(address(role), 1);
      expect(mail!.subject).toBe(`Nouvelle commande à valider : ${order.purchaseOrderNumber}`);
    }
    await emailsTo(order.vendor.publicContact.email, 1);
    await handled(OrderTransmittedV1);
    await settle(300);
    expect(smtp.to(address("finance"))).toHaveLength(0);
    expect(smtp.to(address("left"))).toHaveLength(0);
    expect(smtp.to(order.vendor.publicContact.email)).toHaveLength(1);
  });
});
