// Vendors' KYC outcomes on the real servers: each vendor event goes out through an outbox
// (→ JetStream), notification records the email (inbox), its dispatcher and worker send it through
// RabbitMQ to a real SMTP server; a redelivered event still sends one email; the full IBAN never
// reaches an email; vendor.contact-updated keeps the vendor's address for its next emails.
import { randomUUID } from "node:crypto";
import {
  streamNameFor,
  VendorBankDetailsChangedV1,
  VendorBankDetailsVerifiedV1,
  VendorContactUpdatedV1,
  VendorInformationRequestedV1,
  VendorRejectedV1,
  type EventDefinition,
  type EventEnvelope,
} from "@mkt/contracts";
import { durableName } from "@mkt/service-kit";
import { deleteDeliveryQueue } from "../src/delivery/queue.js";
import { deleteBusNamespace, eventually, uniqueBusNamespace } from "@mkt/testing";
import { SmtpSink } from "@mkt/testing";
import type { ParsedMail } from "mailparser";
import { emailQueueName } from "../src/bootstrap.js";
import {
  AMQP_URL,
  application,
  BANK_ACCOUNT,
  get,
  publish,
  redeliver,
  startNotification,
  VendorKycEvents,
  type NotificationUnderTest,
} from "./support/services.js";

const namespace = uniqueBusNamespace("notification_kyc");
const retryDelaysMs = [100, 200];
const smtp = new SmtpSink();
let notification: NotificationUnderTest;
let kyc: VendorKycEvents;

beforeAll(async () => {
  await smtp.start();
  notification = await startNotification(namespace, {
    SMTP_URL: smtp.url,
    MAIL_RETRY_DELAYS_MS: retryDelaysMs.join(","),
    SUPPORT_EMAIL: "support@marketplace.example",
  });
  kyc = new VendorKycEvents(notification);
});
afterAll(async () => {
  await notification?.stop();
  await deleteBusNamespace(namespace);
  await deleteDeliveryQueue({ url: AMQP_URL, name: emailQueueName({ BUS_NAMESPACE: namespace }), retryDelaysMs });
  await smtp.stop();
});

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for exactly `count` emails to `address`, and returns them. */
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
      bus.wireStream(streamNameFor("vendor")),
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

async function rows(address: string) {
  return notification.database.query<{
    template: string;
    status: string;
    locale: string;
    text_body: string;
    html_body: string;
    subject: string;
  }>(
    `SELECT template, status, locale, text_body, html_body, subject FROM notification WHERE to_address = $1 ORDER BY created_at`,
    [address],
  );
}

/** A vendor that applied and was approved (two emails already received). */
async function approvedVendor(): Promise<{ vendorId: string; email: string; body: ReturnType<typeof application> }> {
  const body = application();
  const { vendorId, email } = await kyc.submit(body);
  await kyc.approve(vendorId);
  await emailsTo(email, 2);
  return { vendorId, email, body };
}

describe("emails to vendors about their KYC", () => {
  it("tells an applicant, in French, that its application was rejected and why, once even if the event comes again", async () => {
    const body = application();
    const { vendorId, email } = await kyc.submit(body);
    await emailsTo(email, 1);
    const reason = "Le Kbis fourni date de plus de 3 mois.\nLes statuts ne sont pas signés.";
    const envelope = await publish(notification, VendorRejectedV1, {
      vendorId,
      ...body,
      reason,
      rejectedAt: new Date().toISOString(),
    });

    const [, mail] = await emailsTo(email, 2);
    expect(mail!.subject).toBe("Votre candidature n'a pas été retenue : Nuage Souverain SAS");
    expect(mail!.headers.get("content-language")).toBe("fr");
    expect(mail!.text).toContain("> Le Kbis fourni date de plus de 3 mois.\n> Les statuts ne sont pas signés.");
    expect(mail!.html).toContain("Le Kbis fourni date de plus de 3 mois.<br>Les statuts ne sont pas signés.");
    expect(mail!.text).toContain("support@marketplace.example");

    await deliveredAgain(VendorRejectedV1, envelope);
    expect(smtp.to(email)).toHaveLength(2);
    await eventually(async () =>
      expect((await rows(email)).map((row) => [row.template, row.status])).toEqual([
        ["vendor-application-received", "sent"],
        ["vendor-rejected", "sent"],
      ]),
    );
  });

  it("tells an applicant what the operator asks for and that it can resubmit; the resubmission is confirmed again", async () => {
    const body = application();
    const { vendorId, email } = await kyc.submit(body);
    await emailsTo(email, 1);
    const message = "Merci d'ajouter la pièce d'identité du second bénéficiaire effectif.";
    const envelope = await publish(notification, VendorInformationRequestedV1, {
      vendorId,
      ...body,
      message,
      requestedAt: new Date().toISOString(),
    });

    const [, mail] = await emailsTo(email, 2);
    expect(mail!.subject).toBe("Des informations sont nécessaires pour votre candidature : Nuage Souverain SAS");
    for (const fact of [
      `> ${message}`,
      "de nouveau ouverte",
      "soumettez-la à nouveau",
      email,
      "+33 1 84 00 00 00",
      "support@marketplace.example",
    ])
      expect(mail!.text).toContain(fact);
    await deliveredAgain(VendorInformationRequestedV1, envelope);
    expect(smtp.to(email)).toHaveLength(2);

    // vendor.application-submitted comes at each submission: the resubmission is one more email.
    await kyc.submit(body, vendorId);
    const mails = await emailsTo(email, 3);
    expect(mails.map((received) => received.subject)).toEqual([
      "Votre candidature a été soumise pour vérification : Nuage Souverain SAS",
      "Des informations sont nécessaires pour votre candidature : Nuage Souverain SAS",
      "Votre candidature a été soumise pour vérification : Nuage Souverain SAS",
    ]);
  });

  it("does not email the bank-details verification that comes with an approval", async () => {
    const { email } = await approvedVendor();
    await handled(VendorBankDetailsVerifiedV1);
    await settle(500);
    // Two consumers, two emails: in either order.
    expect(
      smtp
        .to(email)
        .map((mail) => mail.subject)
        .sort(),
    ).toEqual([
      "Votre candidature a été soumise pour vérification : Nuage Souverain SAS",
      "Votre compte vendeur est approuvé : Nuage Souverain SAS",
    ]);
  });

  it("tells a vendor its payouts are on hold after a bank-details change, then that they resume once verified, showing only the IBAN's last 4", async () => {
    const { vendorId, email, body } = await approvedVendor();
    const newAccount = { iban: "DE89370400440532013000", holderName: "Nuage Souverain SAS", ibanLast4: "3000" };
    const changed = await publish(notification, VendorBankDetailsChangedV1, {
      vendorId,
      ...body,
      bankAccount: newAccount,
      changedAt: new Date().toISOString(),
    });

    const hold = (await emailsTo(email, 3))[2]!;
    expect(hold.subject).toBe("Coordonnées bancaires modifiées, paiements suspendus : Nuage Souverain SAS");
    expect(hold.text).toContain("IBAN\u00a0: •••• 3000");
    expect(hold.text).toContain("suspendus jusqu'à");
    await deliveredAgain(VendorBankDetailsChangedV1, changed);
    expect(smtp.to(email)).toHaveLength(3);

    const verified = await publish(notification, VendorBankDetailsVerifiedV1, {
      vendorId,
      ...body,
      bankAccount: newAccount,
      verifiedAt: new Date().toISOString(),
      reason: "bank-details-change",
    });
    const resumed = (await emailsTo(email, 4))[3]!;
    expect(resumed.subject).toBe("Coordonnées bancaires vérifiées, paiements repris : Nuage Souverain SAS");
    expect(resumed.text).toContain("IBAN\u00a0: •••• 3000");
    await deliveredAgain(VendorBankDetailsVerifiedV1, verified);

    // A verification that lifts no hold is not news: one published before the event said why
    // (no reason) is read as the approval's.
    await publish(notification, VendorBankDetailsVerifiedV1, {
      vendorId,
      ...body,
      bankAccount: newAccount,
      verifiedAt: new Date().toISOString(),
    });
    await handled(VendorBankDetailsVerifiedV1);
    await settle(500);
    expect(smtp.to(email)).toHaveLength(4);

    // The full IBAN is in no email and in no stored notification.
    for (const iban of [newAccount.iban, BANK_ACCOUNT.iban]) {
      for (const mail of smtp.to(email)) expect(`${mail.subject} ${mail.text} ${mail.html}`).not.toContain(iban);
      for (const row of await rows(email))
        expect(`${row.subject} ${row.text_body} ${row.html_body}`).not.toContain(iban);
    }
  });

  it("tells a vendor its payouts resume when the re-verification is handled before the change it verifies", async () => {
    // Separate durables: the change's consumer may lag behind the verification's. The event says
    // why it was verified, so the order in which this service hears them does not matter.
    const { vendorId, email, body } = await approvedVendor();
    const newAccount = { iban: "DE89370400440532013000", holderName: "Nuage Souverain SAS", ibanLast4: "3000" };
    const changedAt = new Date();
    await publish(notification, VendorBankDetailsVerifiedV1, {
      vendorId,
      ...body,
      bankAccount: newAccount,
      verifiedAt: new Date(changedAt.getTime() + 60_000).toISOString(),
      reason: "bank-details-change",
    });
    const resumed = (await emailsTo(email, 3))[2]!;
    expect(resumed.subject).toBe("Coordonnées bancaires vérifiées, paiements repris : Nuage Souverain SAS");
    await publish(notification, VendorBankDetailsChangedV1, {
      vendorId,
      ...body,
      bankAccount: newAccount,
      changedAt: changedAt.toISOString(),
    });
    const subjects = (await emailsTo(email, 4)).map((mail) => mail.subject);
    expect(subjects).toContain("Coordonnées bancaires modifiées, paiements suspendus : Nuage Souverain SAS");
  });

  it("writes to a vendor in its language: in English once its recipient's language is English", async () => {
    const { vendorId, email, body } = await approvedVendor();
    // Vendors cannot choose yet; when they can, the choice lands on the recipient row, as here.
    await notification.database.query(`UPDATE recipient SET locale = 'en' WHERE key = $1`, [`vendor:${vendorId}`]);
    await publish(notification, VendorBankDetailsChangedV1, {
      vendorId,
      ...body,
      bankAccount: BANK_ACCOUNT,
      changedAt: new Date().toISOString(),
    });

    const mail = (await emailsTo(email, 3))[2]!;
    expect(mail.subject).toBe("Bank details changed, payouts on hold: Nuage Souverain SAS");
    expect(mail.headers.get("content-language")).toBe("en");
    expect(mail.text).toContain("IBAN: •••• 0189");
    expect(mail.text).toContain("on hold until");
    const history = await get(notification.service.url, `/notifications?recipient=vendor:${vendorId}&limit=1`);
    expect(history.body.items).toMatchObject([{ template: "vendor-bank-details-changed", locale: "en" }]);
  });

  it("sends its next emails to the contact address a vendor updated, and nothing for the update itself", async () => {
    const { vendorId, email, body } = await approvedVendor();
    const newContact = { ...body.publicContact, email: `contact+${process.pid}-${randomUUID()}@nuage.example` };
    const later = new Date(Date.now() + 1000).toISOString();
    await publish(notification, VendorContactUpdatedV1, {
      vendorId,
      legalName: "Nuage Souverain",
      publicContact: newContact,
      updatedAt: later,
    });
    await eventually(async () => {
      const [recipient] = await notification.database.query<{ email: string; name: string }>(
        `SELECT email, name FROM recipient WHERE key = $1`,
        [`vendor:${vendorId}`],
      );
      expect(recipient).toEqual({ email: newContact.email, name: "Nuage Souverain" });
    });
    await settle(300);
    expect(smtp.to(newContact.email)).toHaveLength(0);
    expect(smtp.to(email)).toHaveLength(2);

    await publish(notification, VendorBankDetailsChangedV1, {
      vendorId,
      legalName: "Nuage Souverain",
      publicContact: newContact,
      bankAccount: BANK_ACCOUNT,
      changedAt: new Date(Date.now() + 2000).toISOString(),
    });
    const [mail] = await emailsTo(newContact.email, 1);
    expect(mail!.subject).toBe("Coordonnées bancaires modifiées, paiements suspendus : Nuage Souverain");
    expect(smtp.to(email)).toHaveLength(2);
  });
});
