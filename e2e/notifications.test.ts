// Notifications across real processes: storefront-gateway, vendor-api, vendor-kyc and notification
// as started by `npm start`, RabbitMQ and NATS for real, and an SMTP server run here on an
// ephemeral port (SMTP_URL). Emails arrive in the recipient's language, survive an SMTP outage and
// a RabbitMQ restart, exactly once, and the buyer's history shows them through the gateway.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { deleteDeliveryQueue, emailQueueName } from "@mkt/notification/bootstrap";
import { eventually } from "./support/eventually";
import { startMarketplace, type Marketplace } from "./support/stack";
import { applyAndSubmit, demoVendors } from "@mkt/demo-world";
import { SmtpSink, call } from "@mkt/testing";

const run = promisify(execFile);
const retryDelaysMs = [200, 500, 1000];
const AMQP_URL = process.env.AMQP_URL ?? "amqp://guest:guest@127.0.0.1:5672";

// Stopping the machine's RabbitMQ would break any other suite using it at that moment: turbo.json
// makes @mkt/e2e#test wait for every other package's tests (^test), and jest runs e2e in band.
/** Set while this file has RabbitMQ stopped: afterAll starts it again whatever happened. */
let rabbitStopped = false;
async function stopRabbit(): Promise<void> {
  rabbitStopped = true;
  await run("rabbitmqctl", ["-q", "stop_app"]);
}
async function startRabbit(): Promise<void> {
  await run("rabbitmqctl", ["-q", "start_app"]);
  await run("rabbitmqctl", ["-q", "await_startup"]);
  rabbitStopped = false;
}

let sequence = 0;
const unique = (label: string) => `${label}-${Date.now()}-${++sequence}@e2e.example`;

describe("notifications across the marketplace's processes", () => {
  const smtp = new SmtpSink();
  let market: Marketplace;
  /** Every address an email went to in this file: each must have received exactly one. */
  const expectedOnce: string[] = [];

  beforeAll(async () => {
    await smtp.start();
    market = await startMarketplace({
      services: ["vendor-kyc", "notification", "storefront-gateway", "vendor-api"],
      env: {
        SMTP_URL: smtp.url,
        MAIL_RETRY_DELAYS_MS: retryDelaysMs.join(","),
        SMTP_TIMEOUT_MS: "2000",
        OUTBOX_POLL_MS: "100",
      },
    });
  }, 60_000);
  afterAll(async () => {
    if (rabbitStopped) await startRabbit();
    await market?.stop();
    await deleteDeliveryQueue({
      url: AMQP_URL,
      name: emailQueueName({ BUS_NAMESPACE: market?.busNamespace }),
      retryDelaysMs,
    }).catch(() => undefined);
    await smtp.stop();
  });

  const storefront = (method: string, path: string, options?: Parameters<typeof call>[3]) =>
    call(market.url("storefront-gateway", "/api/v1"), method, path, options);
  const vendorApi = (method: string, path: string, options?: Parameters<typeof call>[3]) =>
    call(market.url("vendor-api", "/vendor/v1"), method, path, options);

  const signUp = async (locale: "fr" | "en") => {
    const email = unique("buyer");
    const body = { kind: "individual", email, password: "a long enough passphrase", locale, name: "Marie Curie" };
    const signed = await storefront("POST", "/auth/signup", { body });
    expect(signed.status).toBe(201);
    return { email, token: signed.body.tokens.accessToken as string };
  };
  /** A company applies with every document and submits its file for review (which is what is emailed). */
  const apply = async () => {
    const contact = unique("ventes");
    const company = {
      ...demoVendors[0]!.company,
      email: unique("admin"),
      publicContact: { email: contact, phone: "+33 1 84 00 00 00" },
    };
    const { token } = await applyAndSubmit(
      {
        storefront: market.url("storefront-gateway", "/api/v1"),
        vendorApi: market.url("vendor-api", "/vendor/v1"),
        backoffice: "",
      }, // no operator needed
      company,
    );
    return { contact, token };
  };
  const arrived = (address: string) =>
    eventually(() => {
      const mails = smtp.to(address);
      expect(mails).toHaveLength(1);
      return mails[0]!;
    });

  it("welcomes a buyer who signs up, in the buyer's language", async () => {
    const { email } = await signUp("en");
    const mail = await arrived(email);
    expectedOnce.push(email);
    expect(mail.subject).toBe("Welcome to the marketplace, Marie Curie");
    expect(mail.text).toContain("14 days");

    const french = await signUp("fr");
    expect((await arrived(french.email)).subject).toBe("Bienvenue sur la marketplace, Marie Curie");
    expectedOnce.push(french.email);
  });

  it("tells a company that submits its KYC file through the vendor API that it is under review", async () => {
    const { contact } = await apply();
    const mail = await arrived(contact);
    expectedOnce.push(contact);
    expect(mail.subject).toBe("Votre candidature a été soumise pour vérification : Nuage Souverain SAS");
  });

  it("delivers once the SMTP server is back after being down, exactly once", async () => {
    await smtp.stop();
    let contact: string;
    let token: string;
    try {
      ({ contact, token } = await apply());
      expectedOnce.push(contact);
      // The first attempt failed: the vendor's history shows it queued, tried.
      await eventually(async () => {
        const history = await vendorApi("GET", "/notifications", { token });
        expect(history.body.items).toMatchObject([{ template: "vendor-application-received", status: "queued" }]);
        expect(history.body.items[0].attempts).toBeGreaterThanOrEqual(1);
      });
    } finally {
      await smtp.start(); // the same port
    }
    await arrived(contact);
    await eventually(async () => {
      const history = await vendorApi("GET", "/notifications", { token });
      expect(history.body.items).toMatchObject([{ status: "sent", to: contact }]);
    });
  });

  it("delivers an email pending while RabbitMQ restarts, exactly once, and the buyer's history shows it sent", async () => {
    let buyer: { email: string; token: string };
    await stopRabbit();
    try {
      buyer = await signUp("fr");
      expectedOnce.push(buyer.email);
      // Recorded, not sent: RabbitMQ is down.
      await eventually(async () => {
        const history = await storefront("GET", "/notifications", { token: buyer.token });
        expect(history.body.items).toMatchObject([{ template: "buyer-welcome", status: "queued" }]);
      });
      expect(smtp.to(buyer.email)).toHaveLength(0);
    } finally {
      await startRabbit();
    }
    const mail = await arrived(buyer.email);
    expect(mail.subject).toBe("Bienvenue sur la marketplace, Marie Curie");
    await eventually(async () => {
      const history = await storefront("GET", "/notifications", { token: buyer.token });
      expect(history).toMatchObject({
        status: 200,
        body: {
          items: [{ template: "buyer-welcome", status: "sent", to: buyer.email, locale: "fr" }],
          nextCursor: null,
        },
      });
    });
    expect((await storefront("GET", "/notifications")).status).toBe(401);
  }, 40_000);

  it("sent every email exactly once", () => {
    for (const address of expectedOnce) expect(smtp.to(address)).toHaveLength(1);
  });
});
