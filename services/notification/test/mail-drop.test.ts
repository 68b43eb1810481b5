// With no SMTP server configured (a developer's `npm start`), emails are kept as .eml files.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { deleteDeliveryQueue } from "../src/delivery/queue.js";
import { deleteBusNamespace, eventually, uniqueBusNamespace } from "@mkt/testing";
import { emailQueueName } from "../src/bootstrap.js";
import { notificationSettings } from "../src/settings.js";
import { addresses } from "@mkt/testing";
import {
  AMQP_URL,
  application,
  get,
  startNotification,
  VendorKycEvents,
  type NotificationUnderTest,
} from "./support/services.js";

const namespace = uniqueBusNamespace("notification_drop");
const retryDelaysMs = [100, 200];
let dropDir: string;
let notification: NotificationUnderTest;

beforeAll(async () => {
  dropDir = await mkdtemp(join(tmpdir(), "mkt-mail-"));
  notification = await startNotification(namespace, {
    SMTP_URL: "",
    MAIL_DROP_DIR: join(dropDir, "mail"),
    MAIL_RETRY_DELAYS_MS: retryDelaysMs.join(","),
  });
});
afterAll(async () => {
  await notification?.stop();
  await deleteBusNamespace(namespace);
  await deleteDeliveryQueue({ url: AMQP_URL, name: emailQueueName({ BUS_NAMESPACE: namespace }), retryDelaysMs });
  await rm(dropDir, { recursive: true, force: true });
});

describe("without SMTP_URL", () => {
  it("keeps each email as <notification id>.eml in MAIL_DROP_DIR, readable by a mail client, and lists it in the history", async () => {
    const body = application("Cumulus Libre SARL");
    const { vendorId } = await new VendorKycEvents(notification).submit(body);

    const history = await eventually(async () => {
      const page = await get(notification.service.url, `/notifications?recipient=vendor:${vendorId}`);
      expect(page.body.items).toMatchObject([{ status: "sent" }]);
      return page.body;
    });
    const [item] = history.items;
    expect(await readdir(join(dropDir, "mail"))).toEqual([`${item.id}.eml`]);

    const mail = await simpleParser(await readFile(join(dropDir, "mail", `${item.id}.eml`)));
    expect(mail.subject).toBe("Votre candidature a été soumise pour vérification : Cumulus Libre SARL");
    expect(item).toMatchObject({
      template: "vendor-application-received",
      subject: mail.subject,
      to: body.publicContact.email,
      locale: "fr",
    });
    expect(addresses(mail.to)).toEqual([body.publicContact.email]);
    expect(mail.messageId).toBe(`<${item.id}@marketplace.localhost>`);
    expect(mail.text).toContain(body.publicContact.phone);
  });

  it("writes them under <repo>/.data/mail by default", () => {
    expect(notificationSettings.MAIL_DROP_DIR.parse(undefined)).toBe(join(__dirname, "../../../.data/mail"));
  });
});
