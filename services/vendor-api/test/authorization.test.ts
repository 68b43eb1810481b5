import { call, download, upload, type Json } from "@mkt/testing";
import { ControllableClock } from "@mkt/service-kit";
import { DEVELOPMENT_TOKEN_SECRET, createAccessTokens, type AccessClaims } from "@mkt/gateway-kit";
import { pdfDocument } from "@mkt/demo-world";
import { application, completeAndSubmit, startVendorStack, type VendorStack } from "./support/vendor.js";

let stack: VendorStack;
beforeAll(async () => {
  stack = await startVendorStack("vendor-api-authz", { notification: true });
});
afterAll(() => stack?.stop());

const api = (method: string, path: string, options?: Parameters<typeof call>[3]) =>
  call(stack.url, method, path, options);
const tokenOf = async (
  audience: string,
  claims: AccessClaims,
  clock = stack.clock,
  secret = DEVELOPMENT_TOKEN_SECRET,
) => (await createAccessTokens({ secret, audience, clock }).issue(claims)).token;

/** A forbidden access: refused with a problem, and no key data came back. */
function expectRefused(answer: { status: number; body: Json }, statuses = [401, 403, 404]) {
  expect(statuses).toContain(answer.status);
  expect(answer.body?.type).toMatch(/^\/problems\//);
  expect(answer.body.items).toBeUndefined();
  expect(answer.body.key).toBeUndefined();
}

describe("who may use a vendor's API keys", () => {
  let alpha: { token: string; vendorId: string; userId: string; key: Json };
  let beta: { token: string; vendorId: string; key: Json };
  beforeAll(async () => {
    const a = (await api("POST", "/applications", { body: application({ legalName: "Alpha SAS" }) })).body;
    const b = (await api("POST", "/applications", { body: application({ legalName: "Beta SAS" }) })).body;
    alpha = {
      token: a.tokens.accessToken,
      vendorId: a.vendorId,
      userId: a.userId,
      key: (await api("POST", "/api-keys", { token: a.tokens.accessToken, body: { name: "alpha" } })).body,
    };
    beta = {
      token: b.tokens.accessToken,
      vendorId: b.vendorId,
      key: (await api("POST", "/api-keys", { token: b.tokens.accessToken, body: { name: "beta" } })).body,
    };
  });

  it("lists only the caller's own vendor's keys, by token or by key", async () => {
    for (const credential of [alpha.token, alpha.key.key]) {
      const listed = await api("GET", "/api-keys", { token: credential });
      expect(listed.body.items.map((k: Json) => k.id)).toEqual([alpha.key.id]);
    }
  });

  it("does not let a vendor revoke another vendor's key (404), which keeps working", async () => {
    expectRefused(await api("DELETE", `/api-keys/${beta.key.id}`, { token: alpha.token }), [404]);
    expectRefused(await api("DELETE", `/api-keys/${beta.key.id}`, { token: alpha.key.key }), [404]);
    expect((await api("GET", "/api-keys", { token: beta.key.key })).status).toBe(200);
  });

  const cases: [string, () => Promise<string | undefined>][] = [
    ["no credential", async () => undefined],
    ["garbage", async () => "garbage"],
    ["a buyer's token (storefront audience)", () => tokenOf("storefront-gateway", { sub: "b-1", role: "buyer" })],
    ["an operator's token (back-office audience)", () => tokenOf("backoffice-api", { sub: "o-1", role: "operator" })],
    [
      "a vendor token from the storefront audience",
      () => tokenOf("storefront-gateway", { sub: alpha.userId, role: "vendor", vendorId: alpha.vendorId }),
    ],
    [
      "a vendor token signed with another secret",
      () =>
        tokenOf(
          "vendor-api",
          { sub: alpha.userId, role: "vendor", vendorId: alpha.vendorId },
          stack.clock,
          "y".repeat(40),
        ),
    ],
    [
      "an expired vendor token",
      () =>
        tokenOf(
          "vendor-api",
          { sub: alpha.userId, role: "vendor", vendorId: alpha.vendorId },
          new ControllableClock({ start: new Date(stack.clock.now().getTime() - 16 * 60 * 1000) }),
        ),
    ],
    [
      "a vendor token tampered to another vendor",
      async () => {
        const [header, payload, signature] = alpha.token.split(".");
        const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
        return `${header}.${Buffer.from(JSON.stringify({ ...claims, vendorId: beta.vendorId })).toString("base64url")}.${signature}`;
      },
    ],
    ["an API key with a wrong secret", async () => `${alpha.key.prefix}_${"0".repeat(64)}`],
  ];

  it.each(cases)("answers 401 to %s", async (_name, credential) => {
    const token = await credential();
    expectRefused(await api("GET", "/api-keys", { token }), [401]);
    expectRefused(await api("POST", "/api-keys", { token, body: { name: "x" } }), [401]);
    expectRefused(await api("DELETE", `/api-keys/${alpha.key.id}`, { token }), [401]);
  });

  it("answers 403 to a buyer-role token even for this audience", async () => {
    expectRefused(
      await api("GET", "/api-keys", { token: await tokenOf("vendor-api", { sub: "b-1", role: "buyer" }) }),
      [403],
    );
  });

  it("refuses a key once revoked, and a token once 15 minutes old", async () => {
    const key = (await api("POST", "/api-keys", { token: alpha.token, body: { name: "short-lived" } })).body;
    expect((await api("DELETE", `/api-keys/${key.id}`, { token: alpha.token })).status).toBe(204);
    expectRefused(await api("GET", "/api-keys", { token: key.key }), [401]);
    stack.clock.advanceBy(15 * 60 * 1000);
    expectRefused(await api("GET", "/api-keys", { token: alpha.token }), [401]);
    expect((await api("GET", "/api-keys", { token: alpha.key.key })).status).toBe(200);
  });
});

describe("who may use a vendor's webhooks", () => {
  let alpha: { token: string; key: string; webhook: Json };
  let beta: { token: string; key: string; webhook: Json };
  const webhook = { url: "https://hooks.example/marketplace", eventTypes: ["vendor.approved"] };
  beforeAll(async () => {
    const vendor = async (legalName: string) => {
      const applied = (await api("POST", "/applications", { body: application({ legalName }) })).body;
      const token = applied.tokens.accessToken as string;
      const key = (await api("POST", "/api-keys", { token, body: { name: "hooks" } })).body.key as string;
      const created = await api("POST", "/webhooks", { token: key, body: webhook });
      expect(created).toMatchObject({
        status: 201,
        body: { url: webhook.url, eventTypes: webhook.eventTypes, disabledAt: null },
      });
      expect(created.body.secret).toMatch(/^whsec_/);
      return { token, key, webhook: created.body };
    };
    alpha = await vendor("Alpha Hooks SAS");
    beta = await vendor("Beta Hooks SAS");
  });

  it("lists only the caller's own webhooks, by token or by key, never with their secret", async () => {
    for (const credential of [alpha.token, alpha.key]) {
      const listed = await api("GET", "/webhooks", { token: credential });
      expect(listed.status).toBe(200);
      expect(listed.body.items.map((w: Json) => w.id)).toEqual([alpha.webhook.id]);
      expect(listed.body.items[0].secret).toBeUndefined();
    }
    expect((await api("GET", `/webhooks/${alpha.webhook.id}/deliveries`, { token: alpha.token })).body).toEqual({
      items: [],
      nextCursor: null,
    });
  });

  it("answers 404 for another vendor's webhook: its deliveries and disabling it; it stays enabled", async () => {
    for (const credential of [alpha.token, alpha.key]) {
      expectRefused(await api("GET", `/webhooks/${beta.webhook.id}/deliveries`, { token: credential }), [404]);
      expectRefused(await api("DELETE", `/webhooks/${beta.webhook.id}`, { token: credential }), [404]);
    }
    expect((await api("GET", "/webhooks", { token: beta.token })).body.items[0].disabledAt).toBeNull();
  });

  it("answers 401 without a credential, or with a garbage one", async () => {
    for (const token of [undefined, "garbage"]) {
      expectRefused(await api("GET", "/webhooks", { token }), [401]);
      expectRefused(await api("POST", "/webhooks", { token, body: webhook }), [401]);
      expectRefused(await api("DELETE", `/webhooks/${alpha.webhook.id}`, { token }), [401]);
      expectRefused(await api("GET", `/webhooks/${alpha.webhook.id}/deliveries`, { token }), [401]);
    }
  });

  it("refuses an unknown event type and a plain-http URL to another host (400 with the field)", async () => {
    expect(
      await api("POST", "/webhooks", { token: alpha.token, body: { ...webhook, eventTypes: ["order.placed"] } }),
    ).toMatchObject({ status: 400 });
    expect(
      await api("POST", "/webhooks", { token: alpha.token, body: { ...webhook, url: "http://hooks.example/x" } }),
    ).toMatchObject({
      status: 400,
      body: { errors: [{ path: "url" }] },
    });
  });

  it("lets the owner disable its webhook", async () => {
    const created = (await api("POST", "/webhooks", { token: alpha.token, body: webhook })).body;
    expect((await api("DELETE", `/webhooks/${created.id}`, { token: alpha.token })).status).toBe(204);
    const listed = (await api("GET", "/webhooks", { token: alpha.token })).body.items.find(
      (w: Json) => w.id === created.id,
    );
    expect(listed.disabledAt).toEqual(expect.any(String));
  });
});

describe("who may read a vendor's notification history", () => {
  let alpha: { token: string; key: string; vendorId: string; email: string };
  let beta: { token: string; vendorId: string };
  beforeAll(async () => {
    const body = application({ legalName: "Alpha Mail SAS" });
    const a = (await api("POST", "/applications", { body })).body;
    // The "application received" email follows the submission of a complete file.
    await completeAndSubmit(stack.url, a.tokens.accessToken);
    alpha = {
      token: a.tokens.accessToken,
      vendorId: a.vendorId,
      email: body.publicContact.email,
      key: (await api("POST", "/api-keys", { token: a.tokens.accessToken, body: { name: "mail" } })).body.key,
    };
    const b = (await api("POST", "/applications", { body: application({ legalName: "Beta Mail SAS" }) })).body;
    beta = { token: b.tokens.accessToken, vendorId: b.vendorId };
  });

  it("shows a vendor its own emails, by token or by key, and never another vendor's, whatever recipient it names", async () => {
    const { eventually } = await import("@mkt/testing");
    for (const credential of [alpha.token, alpha.key]) {
      const page = await eventually(async () => {
        const listed = await api("GET", "/notifications", { token: credential });
        expect(listed).toMatchObject({
          status: 200,
          body: { items: [{ template: "vendor-application-received", to: alpha.email }], nextCursor: null },
        });
        return listed;
      });
      expect(page.body.items).toHaveLength(1);
    }
    const naming = await api("GET", `/notifications?recipient=vendor:${beta.vendorId}`, { token: alpha.token });
    expect(naming.body.items.map((item: Json) => item.to)).toEqual([alpha.email]);
  });

  it("answers 401 without a credential, or with a garbage one or a buyer's token", async () => {
    for (const token of [undefined, "garbage", await tokenOf("storefront-gateway", { sub: "b-1", role: "buyer" })]) {
      expectRefused(await api("GET", "/notifications", { token }), [401, 403]);
    }
    expectRefused(await api("GET", "/notifications"), [401]);
  });
});

describe("who may use a vendor's KYC file and listings", () => {
  const product = {
    name: "Alpha CRM",
    category: "saas",
    subcategory: "crm",
    region: "fr-par-2",
    description: { fr: "Un CRM.", en: "A CRM." },
    documentationUrl: "https://docs.alpha.example",
    plans: [{ name: "Team", billingCycle: "monthly", price: { amount: 1900, currency: "EUR" } }],
  };
  const statutes = { bytes: pdfDocument("Statuts"), filename: "statuts.pdf", contentType: "application/pdf" };
  let alpha: {
    token: string;
    key: string;
    vendorId: string;
    userId: string;
    documentId: string;
    productId: string;
    planId: string;
  };
  let beta: { token: string; documentId: string; productId: string; planId: string };
  beforeAll(async () => {
    const vendor = async (legalName: string) => {
      const applied = (await api("POST", "/applications", { body: application({ legalName }) })).body;
      const token = applied.tokens.accessToken as string;
      const key = (await api("POST", "/api-keys", { token, body: { name: "kyc" } })).body.key as string;
      const document = await upload(stack.url, "/kyc/documents", {
        token,
        fields: { kind: "statutes" },
        file: statutes,
      });
      expect(document.status).toBe(201);
      const created = await api("POST", "/products", { token, body: product });
      expect(created.status).toBe(201);
      return {
        token,
        key,
        vendorId: applied.vendorId,
        userId: applied.userId,
        documentId: document.body.id,
        productId: created.body.id,
        planId: created.body.plans[0].planId,
      };
    };
    alpha = await vendor("Alpha KYC SAS");
    beta = await vendor("Beta KYC SAS");
  });

  /** Every new vendor route, with a body that would be valid. */
  const routes = (ids: { documentId: string; productId: string; planId: string }): [string, string, unknown?][] => [
    ["GET", "/kyc"],
    ["PATCH", "/kyc/application", { publicContact: { email: "x@example.org", phone: "+33 1 00 00 00 00" } }],
    ["GET", `/kyc/documents/${ids.documentId}`],
    ["DELETE", `/kyc/documents/${ids.documentId}`],
    ["POST", "/kyc/submit"],
    ["PUT", "/bank-account", { iban: "FR76 3000 6000 0112 3456 7890 189", holderName: "Alpha KYC SAS" }],
    ["POST", "/products", product],
    ["GET", "/products"],
    ["GET", `/products/${ids.productId}`],
    ["PATCH", `/products/${ids.productId}`, { name: "Renamed" }],
    ["POST", `/products/${ids.productId}/plans`, product.plans[0]],
    ["PATCH", `/products/${ids.productId}/plans/${ids.planId}`, { name: "Renamed" }],
    ["DELETE", `/products/${ids.productId}/plans/${ids.planId}`],
    ["POST", `/products/${ids.productId}/publish`],
    ["POST", `/products/${ids.productId}/unpublish`],
  ];

  it("answers 401 on every KYC and listing route without a credential, with garbage, or with another gateway's token, and 403 to a buyer-role token", async () => {
    const credentials: [string | undefined, number][] = [
      [undefined, 401],
      ["garbage", 401],
      [await tokenOf("storefront-gateway", { sub: "b-1", role: "buyer" }), 401],
      [await tokenOf("backoffice-api", { sub: "o-1", role: "operator" }), 401],
      [await tokenOf("storefront-gateway", { sub: alpha.userId, role: "vendor", vendorId: alpha.vendorId }), 401],
      [await tokenOf("vendor-api", { sub: "b-1", role: "buyer" }), 403],
    ];
    for (const [token, status] of credentials) {
      for (const [method, path, body] of routes(alpha)) {
        const answer = await api(method, path, { token, body });
        expect({ method, path, status: answer.status }).toEqual({ method, path, status });
        expectRefused(answer, [status]);
      }
      expectRefused(
        await upload(stack.url, "/kyc/documents", { token, fields: { kind: "statutes" }, file: statutes }),
        [status],
      );
    }
    // Nothing changed: alpha's document and listing are as they were.
    expect((await download(stack.url, `/kyc/documents/${alpha.documentId}`, alpha.token)).status).toBe(200);
    expect((await api("GET", `/products/${alpha.productId}`, { token: alpha.token })).body).toMatchObject({
      name: "Alpha CRM",
      status: "draft",
    });
  });

  it("answers 404 for another vendor's KYC document and listing, by token or by API key, and changes nothing", async () => {
    for (const credential of [alpha.token, alpha.key]) {
      for (const [method, path, body] of routes(beta).filter(
        ([, path]) => path.includes(beta.documentId) || path.includes(beta.productId),
      )) {
        const answer = await api(method, path, { token: credential, body });
        expect({ method, path, status: answer.status }).toEqual({ method, path, status: 404 });
        expectRefused(answer, [404]);
      }
    }
    const copy = await download(stack.url, `/kyc/documents/${beta.documentId}`, beta.token);
    expect(copy.status).toBe(200);
    expect(Buffer.from(copy.bytes).equals(Buffer.from(statutes.bytes))).toBe(true);
    expect((await api("GET", `/products/${beta.productId}`, { token: beta.token })).body).toMatchObject({
      name: "Alpha CRM",
      status: "draft",
      plans: [{ status: "active" }],
    });
    expect((await api("GET", "/products", { token: alpha.key })).body.items.map((p: Json) => p.id)).toEqual([
      alpha.productId,
    ]);
  });

  it("lets an API key do what a vendor user does: read the file, upload, download, list and create listings", async () => {
    const kyc = await api("GET", "/kyc", { token: alpha.key });
    expect(kyc).toMatchObject({ status: 200, body: { id: alpha.vendorId } });
    const uploaded = await upload(stack.url, "/kyc/documents", {
      token: alpha.key,
      fields: { kind: "bank-details" },
      file: { ...statutes, filename: "rib.pdf" },
    });
    expect(uploaded).toMatchObject({ status: 201, body: { kind: "bank-details", contentType: "application/pdf" } });
    expect((await download(stack.url, `/kyc/documents/${uploaded.body.id}`, alpha.key)).status).toBe(200);
    expect(
      await api("POST", "/products", { token: alpha.key, body: { ...product, name: "Alpha CRM 2" } }),
    ).toMatchObject({ status: 201, body: { vendorId: alpha.vendorId } });
  });

  it("takes the vendor from the credential only: a vendorId in the body or the query is not a way into another file", async () => {
    const listed = await api("GET", `/products?vendorId=${beta.productId}&vendor=${beta.productId}`, {
      token: alpha.token,
    });
    expect(listed.body.items.every((p: Json) => p.vendorId === alpha.vendorId)).toBe(true);
    const created = await api("POST", "/products", {
      token: alpha.token,
      body: { ...product, vendorId: "someone-else" },
    });
    if (created.status === 201) expect(created.body.vendorId).toBe(alpha.vendorId);
    else expect(created.status).toBe(400);
  });
});
