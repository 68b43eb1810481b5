// A vendor's webhook across real processes: the vendor applies and registers an endpoint through
// vendor-api, an operator approves it through backoffice-api, and the vendor.approved delivery
// reaches a receiver run here, signed so that the documented verification accepts it.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { call } from "@mkt/testing";
import { eventually } from "./support/eventually";
import { startMarketplace, type Marketplace } from "./support/stack";
import { applyAndSubmit, demoVendors } from "@mkt/demo-world";

/** The receiver-side check, as the vendor-api README tells vendors to write it. */
function verify(header: string | undefined, body: string, secret: string, now = Date.now()): boolean {
  const parts = Object.fromEntries((header ?? "").split(",").map((part) => part.split("=") as [string, string]));
  const timestamp = Number(parts.t);
  if (!parts.v1 || !Number.isInteger(timestamp) || Math.abs(now / 1000 - timestamp) > 300) return false;
  const expected = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest();
  const given = Buffer.from(parts.v1, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

describe("a vendor's webhook across the marketplace's processes", () => {
  const received: Received[] = [];
  let receiver: Server;
  let receiverUrl: string;
  let market: Marketplace;
  const operator = { email: "operator@e2e.example", password: "Operator-e2e-Passw0rd!" };

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/marketplace`;
    market = await startMarketplace({
      services: ["vendor-kyc", "notification", "vendor-api", "backoffice-api"],
      env: {
        OPERATOR_EMAIL: operator.email,
        OPERATOR_PASSWORD: operator.password,
        WEBHOOK_RETRY_DELAYS_MS: "200,500,1000",
      },
    });
  });

  afterAll(async () => {
    await market?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it("delivers vendor.approved to the vendor's endpoint, signed, and shows the delivery to the vendor", async () => {
    // The company applies with every document and submits; the operator will approve it.
    const company = {
      ...demoVendors[0]!.company,
      email: "webhooks@vendor-e2e.example",
      legalName: "Crochet Souverain SAS",
      publicContact: { email: "contact@crochet.example", phone: "+33 1 23 45 67 89" },
    };
    const { vendorId, token } = await applyAndSubmit(
      {
        storefront: "",
        vendorApi: market.url("vendor-api", "/vendor/v1"),
        backoffice: market.url("backoffice-api", "/ops/v1"),
      },
      company,
    );
    const tokens = { accessToken: token };

    const endpoint = await call(market.url("vendor-api", "/vendor/v1"), "POST", "/webhooks", {
      token: tokens.accessToken,
      body: { url: receiverUrl, eventTypes: ["vendor.approved"] },
    });
    expect(endpoint.status).toBe(201);
    expect(endpoint.body.secret).toMatch(/^whsec_/);

    const signedIn = await call(market.url("backoffice-api", "/ops/v1"), "POST", "/auth/login", { body: operator });
    expect(signedIn.status).toBe(200);
    const approved = await call(market.url("backoffice-api", "/ops/v1"), "POST", `/kyc/reviews/${vendorId}/approve`, {
      token: signedIn.body.accessToken,
    });
    expect(approved.status).toBe(200);

    const delivery = await eventually(() => {
      expect(received).toHaveLength(1);
      return received[0]!;
    });
    expect(verify(delivery.headers["marketplace-signature"] as string, delivery.body, endpoint.body.secret)).toBe(true);
    expect(verify(delivery.headers["marketplace-signature"] as string, delivery.body, "whsec_not-the-secret")).toBe(
      false,
    );
    expect(
      verify(
        delivery.headers["marketplace-signature"] as string,
        delivery.body,
        endpoint.body.secret,
        Date.now() + 6 * 60 * 1000,
      ),
    ).toBe(false);
    const event = JSON.parse(delivery.body);
    expect(event).toMatchObject({
      type: "vendor.approved",
      version: 1,
      data: { vendorId, legalName: "Crochet Souverain SAS" },
    });
    expect(delivery.headers["marketplace-event-id"]).toBe(event.id);
    expect(delivery.headers["marketplace-event-type"]).toBe("vendor.approved");

    const history = await eventually(async () => {
      const page = await call(
        market.url("vendor-api", "/vendor/v1"),
        "GET",
        `/webhooks/${endpoint.body.id}/deliveries`,
        {
          token: tokens.accessToken,
        },
      );
      expect(page.status).toBe(200);
      expect(page.body.items[0]).toMatchObject({ eventId: event.id, status: "delivered" });
      return page.body.items[0];
    });
    expect(history.attempts).toHaveLength(1);
    expect(history.attempts[0]).toMatchObject({ statusCode: 204 });
  });
});
