// The three public gateways fuzzed from their own OpenAPI documents: every operation, every
// parameter, body property and form field gets each bad value that once answered 500 (NUL, a lone
// surrogate, year 0000 or 9999, dot segments and encoded separators in a path, a raw byte in the
// URL), one at a time, as each kind of user the route accepts and anonymously. No answer may be a
// 5xx, every 4xx is problem+json, and afterwards every process is still up without a restart.
import http from "node:http";
import {
  daysAgo,
  demoOperator,
  demoVendors,
  expectAnswer,
  frenchVatNumber,
  ibanOf,
  printIban,
  seedDemoWorld,
  signIn,
  textPdf,
  type GatewayUrls,
} from "@mkt/demo-world";
import { SmtpSink, call, upload } from "@mkt/testing";
import { eventually } from "./support/eventually";
import {
  generateFuzzCases,
  sampleFuzzCases,
  type Credential,
  type FuzzCase,
  type OpenApiDocumentLike,
} from "./support/fuzz-cases";
import { startMarketplace, type Marketplace } from "./support/stack";

const GATEWAYS = [
  { service: "storefront-gateway", basePath: "/api/v1" },
  { service: "vendor-api", basePath: "/vendor/v1" },
  { service: "backoffice-api", basePath: "/ops/v1" },
] as const;
const CONCURRENCY = 8;
/**
 * Every case as every credential is ~2,700 requests; by default each (operation, parameter, bad
 * value) is sent once and each operation as each of its credentials at least once (~1,200), to stay
 * within a few minutes on a small CI machine. FUZZ_ALL=1 sends every case as every credential.
 */
const SEND_ALL = process.env.FUZZ_ALL === "1";

interface Outcome {
  gateway: string;
  fuzzCase: FuzzCase;
  status: number;
  contentType: string;
  problemType: string;
}

describe("the public gateways, fuzzed from their OpenAPI documents", () => {
  let market: Marketplace;
  const smtp = new SmtpSink();
  const cases: { gateway: string; port: number; fuzzCase: FuzzCase }[] = [];
  const authorizations = new Map<Credential, string>();
  const operations = new Set<string>();
  let outcomes: Outcome[] = [];

  beforeAll(async () => {
    await smtp.start();
    market = await startMarketplace({
      env: {
        OUTBOX_POLL_MS: "100",
        OPERATOR_EMAIL: demoOperator.email,
        OPERATOR_PASSWORD: demoOperator.password,
        SMTP_URL: smtp.url,
      },
      // Supervised like `npm start`: a process the fuzzer kills is restarted, and that is a failure.
      restart: { initialDelayMs: 200, maxDelayMs: 2000, stableAfterMs: 600_000 },
      // Twelve processes at once on a busy 2-core machine took more than the default 60 s.
      readyTimeoutMs: 180_000,
    });
    const urls: GatewayUrls = {
      storefront: market.url("storefront-gateway", "/api/v1"),
      vendorApi: market.url("vendor-api", "/vendor/v1"),
      backoffice: market.url("backoffice-api", "/ops/v1"),
    };
    await seedDemoWorld(urls);
    const world = await seededWorld(urls);
    authorizations.set("buyerToken", `Bearer ${world.buyerToken}`);
    authorizations.set("vendorToken", `Bearer ${world.vendorToken}`);
    authorizations.set("vendorApiKey", `Bearer ${world.vendorApiKey}`);
    authorizations.set("operatorToken", `Bearer ${world.operatorToken}`);

    for (const { service, basePath } of GATEWAYS) {
      const document = (await expectAnswer(
        `${service}'s OpenAPI document`,
        [200],
        market.url(service, `${basePath}/openapi.json`),
      )) as OpenApiDocumentLike;
      for (const methods of Object.values(document.paths))
        for (const operation of Object.values(methods)) operations.add(`${service} ${operation.operationId}`);
      const port = Number(new URL(market.url(service)).port);
      const generated = generateFuzzCases(document, { values: world.values });
      for (const fuzzCase of SEND_ALL ? generated : sampleFuzzCases(generated))
        cases.push({ gateway: service, port, fuzzCase });
    }
  }, 400_000);

  afterAll(async () => {
    await market?.stop();
    await smtp.stop();
  });

  it("covers every operation of the three documents", () => {
    // 37 storefront + 47 vendor-api + 21 backoffice operations at the last count (subscriptions,
    // disputes, withdrawal, payment method and renewal invoices included).
    expect(operations.size).toBeGreaterThanOrEqual(105);
    expect(new Set(cases.map((c) => `${c.gateway} ${c.fuzzCase.operationId}`))).toEqual(operations);
    expect(new Set(cases.map((c) => c.fuzzCase.credential))).toEqual(
      new Set(["anonymous", "buyerToken", "vendorToken", "vendorApiKey", "operatorToken"]),
    );
  });

  it("answers every bad value with a 4xx problem, never a 5xx nor a success", async () => {
    outcomes = await inPool(cases, CONCURRENCY, async ({ gateway, port, fuzzCase }) => ({
      gateway,
      fuzzCase,
      ...(await send(port, fuzzCase, authorizations.get(fuzzCase.credential))),
    }));
    const failures = outcomes.filter(isFailure);
    if (failures.length > 0) process.stderr.write(`${table(failures)}\n`);
    expect({ cases: outcomes.length, failures: failures.length }).toEqual({ cases: cases.length, failures: 0 });
  }, 300_000);

  it("leaves every process running and ready, none restarted", async () => {
    expect(market.restarts()).toEqual([]);
    for (const proc of market.processes) {
      const response = await fetch(`${proc.url}/readyz`);
      await response.arrayBuffer();
      expect({ process: proc.label, exit: proc.exit, readyz: response.status }).toEqual({
        process: proc.label,
        exit: undefined,
        readyz: 200,
      });
    }
  });
});

/**
 * A 5xx; a 4xx that is not problem+json; or a success, which means the bad value was taken for a
 * good one (a `..` id that reached another resource). Only a date in year 9999 may succeed, as a
 * query filter: "before 9999-12-31" is a question with an answer.
 */
function isFailure({ status, contentType, fuzzCase }: Outcome): boolean {
  if (status >= 500) return true;
  if (status >= 400) return !contentType.startsWith("application/problem+json");
  return !(fuzzCase.bad === "year-9999" && fuzzCase.parameter.startsWith("query."));
}

/** The seeded world's ids and the valid values a schema cannot guess, and who sends the cases. */
async function seededWorld(urls: GatewayUrls) {
  const vendor = demoVendors[0]!.company;
  const password = "a long enough passphrase";
  const buyerEmail = `fuzz-buyer-${Date.now()}@fuzz.example`;
  const signedUp = await expectAnswer("sign a buyer up", [201], `${urls.storefront}/auth/signup`, {
    body: {
      kind: "company",
      email: buyerEmail,
      password,
      locale: "en",
      legalName: "Fuzz Buyer SAS",
      registrationNumber: "732829320",
      address: { line1: "1 rue du Commerce", postalCode: "75015", city: "Paris", country: "FR" },
    },
  });
  const buyerToken: string = signedUp.tokens.accessToken;
  const vendorToken = await signIn(urls.vendorApi, vendor.email, vendor.password);
  const operatorToken = await signIn(urls.backoffice, demoOperator.email, demoOperator.password);

  const products = await expectAnswer("the vendor's products", [200], `${urls.vendorApi}/products`, {
    token: vendorToken,
  });
  const product = products.items.find((p: { status: string }) => p.status === "published") ?? products.items[0];
  const planId: string = product.plans[0].planId;
  const purchase = await purchaseOf(urls, { buyerToken, vendorToken, planId });
  const line = await expectAnswer("add to the cart", [201], `${urls.storefront}/cart/items`, {
    token: buyerToken,
    body: { planId, quantity: 1 },
  });
  const cart = await expectAnswer("read the cart", [200], `${urls.storefront}/cart`, { token: buyerToken });
  const cartItemId: string = cart.lines[0]?.id ?? line.id;
  const apiKey = await expectAnswer("create an API key", [201], `${urls.vendorApi}/api-keys`, {
    token: vendorToken,
    body: { name: "fuzz" },
  });
  const webhook = await expectAnswer("create a webhook endpoint", [201], `${urls.vendorApi}/webhooks`, {
    token: vendorToken,
    body: { url: "https://hooks.fuzz.example/marketplace", eventTypes: ["order.transmitted"] },
  });
  const kyc = await expectAnswer("the vendor's KYC file", [200], `${urls.vendorApi}/kyc`, { token: vendorToken });
  const documentId: string = kyc.documents[0].id;

  const values = {
    byRoute: {
      "/products/{id}": { id: product.id },
      "/products/{id}/plans": { id: product.id },
      "/products/{id}/plans/{planId}": { id: product.id, planId },
      "/products/{id}/publish": { id: product.id },
      "/products/{id}/unpublish": { id: product.id },
      "/products/{id}/labels/open-trusted-cloud": { id: product.id },
      "/products/{id}/unlist": { id: product.id },
      "/cart/items/{id}": { id: cartItemId },
      "/api-keys/{id}": { id: apiKey.id },
      "/webhooks/{id}": { id: webhook.id },
      "/webhooks/{id}/deliveries": { id: webhook.id },
      "/kyc/documents/{id}": { id: documentId },
      "/kyc/reviews/{vendorId}": { vendorId: kyc.id },
      "/kyc/reviews/{vendorId}/documents/{documentId}": { vendorId: kyc.id, documentId },
      "/kyc/reviews/{vendorId}/approve": { vendorId: kyc.id },
      "/kyc/reviews/{vendorId}/reject": { vendorId: kyc.id },
      "/kyc/reviews/{vendorId}/request-info": { vendorId: kyc.id },
      "/kyc/reviews/{vendorId}/bank-account/verify": { vendorId: kyc.id },
      // The buyer's accepted order, its subscription and its dispute, for every gateway that shows them.
      "/checkouts/{id}": { id: purchase.checkoutId },
      ...Object.fromEntries(
        [
          "/purchases/{orderId}",
          "/purchases/{orderId}/documents/{kind}",
          "/purchases/{orderId}/cancel",
          "/purchases/{orderId}/withdraw",
          "/purchases/{orderId}/dispute-attachments",
          "/purchases/{orderId}/disputes",
          "/orders/{orderId}/dispute-attachments",
        ].map((route) => [route, { orderId: purchase.orderId }]),
      ),
      ...Object.fromEntries(
        ["/orders/{id}", "/orders/{id}/accept", "/orders/{id}/refuse", "/orders/{id}/deliver"].map((route) => [
          route,
          { id: purchase.orderId },
        ]),
      ),
      "/orders/{id}/documents/{kind}": { id: purchase.orderId },
      "/subscriptions/{id}": { id: purchase.subscriptionId },
      ...Object.fromEntries(
        [
          "/subscriptions/{subscriptionId}",
          "/subscriptions/{subscriptionId}/cancellation",
          "/subscriptions/{subscriptionId}/cancellation/confirm",
          "/subscriptions/{subscriptionId}/payment",
          "/subscriptions/{subscriptionId}/invoices/{number}",
        ].map((route) => [route, { subscriptionId: purchase.subscriptionId }]),
      ),
      ...Object.fromEntries(
        ["/disputes/{id}", "/disputes/{id}/messages", "/disputes/{id}/responses", "/disputes/{id}/resolve"].map(
          (route) => [route, { id: purchase.disputeId }],
        ),
      ),
      "/disputes/{id}/attachments/{attachmentId}": { id: purchase.disputeId, attachmentId: purchase.attachmentId },
    },
    byName: {
      // Valid where a schema only says "text": a login that can never lock a real account out.
      email: "fuzz-login@fuzz.example",
      password,
      planId,
      registrationNumber: "732829320",
      vatNumber: frenchVatNumber("732829320"),
      iban: printIban(ibanOf(vendor)),
      holderName: vendor.legalName,
      country: "FR",
      postalCode: "75015",
      phone: "+33 1 23 45 67 89",
      birthDate: "1980-04-12",
      issuedOn: daysAgo(20),
      url: "https://hooks.fuzz.example/marketplace",
      paymentMethod: "pm_card_visa",
      // A KYC document kind that needs no other field (the first, representative-id, needs personId).
      kind: "statutes",
    },
  };
  return { buyerToken, vendorToken, vendorApiKey: apiKey.key as string, operatorToken, values };
}

/**
 * What the buyer's own resources need to exist for the routes that show them to be fuzzed past
 * their lookup: a paid order of the vendor's plan, accepted (so its subscription starts), with a
 * dispute holding one file. The cart is empty afterwards.
 */
async function purchaseOf(
  urls: GatewayUrls,
  { buyerToken, vendorToken, planId }: { buyerToken: string; vendorToken: string; planId: string },
) {
  await expectAnswer("add to the cart to buy", [201], `${urls.storefront}/cart/items`, {
    token: buyerToken,
    body: { planId, quantity: 1 },
  });
  const paid = await call(urls.storefront, "POST", "/checkout", {
    token: buyerToken,
    headers: { "idempotency-key": `fuzz-checkout-${Date.now()}` },
    body: { paymentMethod: "pm_card_visa", saveForRenewals: true },
  });
  if (![201, 202].includes(paid.status)) throw new Error(`checkout: ${paid.status} ${JSON.stringify(paid.body)}`);
  const checkoutId: string = paid.body.checkoutId;
  const completed = await eventually(async () => {
    const answer = await call(urls.storefront, "GET", `/checkouts/${checkoutId}`, { token: buyerToken });
    expect(answer.body.status).toBe("completed");
    return answer.body;
  });
  const orderId: string = completed.orders[0].orderId;
  await eventually(async () =>
    expect((await call(urls.vendorApi, "POST", `/orders/${orderId}/accept`, { token: vendorToken })).status).toBe(200),
  );
  const subscriptionId: string = await eventually(async () => {
    const listed = await call(urls.storefront, "GET", "/subscriptions", { token: buyerToken });
    expect(listed.body.items).toHaveLength(1);
    return listed.body.items[0].subscriptionId;
  });
  const uploaded = await upload(urls.storefront, `/purchases/${orderId}/dispute-attachments`, {
    token: buyerToken,
    file: { bytes: textPdf("Fuzz evidence"), filename: "evidence.pdf", contentType: "application/pdf" },
  });
  if (uploaded.status !== 201)
    throw new Error(`dispute attachment: ${uploaded.status} ${JSON.stringify(uploaded.body)}`);
  const attachmentId: string = uploaded.body.attachmentId;
  const dispute = await expectAnswer("open a dispute", [201], `${urls.storefront}/purchases/${orderId}/disputes`, {
    token: buyerToken,
    body: { reason: "not-delivered", message: "Nothing arrived.", attachmentIds: [attachmentId] },
  });
  return { checkoutId, orderId, subscriptionId, disputeId: dispute.disputeId as string, attachmentId };
}

/** One case on the wire with node's http.request: the target goes out as is, a raw 0x80 byte included. */
function send(
  port: number,
  fuzzCase: FuzzCase,
  authorization: string | undefined,
): Promise<{ status: number; contentType: string; problemType: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...fuzzCase.headers };
    if (authorization) headers.authorization = authorization;
    if (fuzzCase.body) {
      headers["content-type"] = fuzzCase.body.contentType;
      headers["content-length"] = String(fuzzCase.body.bytes.length);
    }
    const request = http.request(
      { host: "127.0.0.1", port, method: fuzzCase.method, path: fuzzCase.target, headers, agent },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const contentType = String(response.headers["content-type"] ?? "");
          let problemType = "";
          if (contentType.includes("json")) {
            try {
              problemType = String(JSON.parse(Buffer.concat(chunks).toString("utf8")).type ?? "");
            } catch {
              problemType = "(not JSON)";
            }
          }
          resolve({ status: response.statusCode ?? 0, contentType, problemType });
        });
        response.on("error", reject);
      },
    );
    request.on("error", (error) => reject(new Error(`${fuzzCase.name}: ${error.message}`)));
    request.end(fuzzCase.body?.bytes);
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

async function inPool<T, R>(items: readonly T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await run(items[index]!);
      }
    }),
  );
  return results;
}

/** The failing cases, one line each: what was sent, where the bad value was, what came back. */
function table(failures: readonly Outcome[]): string {
  const printable = (target: string) =>
    target.replace(/[^\x21-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
  const rows = failures.map((o) => [
    o.gateway,
    o.fuzzCase.method,
    printable(o.fuzzCase.target).slice(0, 70),
    o.fuzzCase.parameter,
    o.fuzzCase.bad,
    o.fuzzCase.credential,
    String(o.status),
    o.problemType || o.contentType || "(no body)",
  ]);
  const header = ["gateway", "method", "target", "parameter", "bad value", "as", "status", "problem type"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  return [`${failures.length} fuzz case(s) failed:`, line(header), ...rows.map(line)].join("\n");
}
