import { OPERATOR, call, download, type Json } from "@mkt/testing";
import { ControllableClock } from "@mkt/service-kit";
import { DEVELOPMENT_TOKEN_SECRET, createAccessTokens, generateApiKey, type AccessClaims } from "@mkt/gateway-kit";
import { draftProduct, startBackofficeStack, submittedVendor, type BackofficeStack } from "./support/backoffice.js";

let stack: BackofficeStack;
beforeAll(async () => {
  stack = await startBackofficeStack("backoffice-authz");
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

/** A forbidden access: refused with a problem, nothing approved, no review data came back. */
async function expectRefused(answer: { status: number; body: Json }, vendorId: string, statuses = [401, 403]) {
  expect(statuses).toContain(answer.status);
  expect(answer.body?.type).toMatch(/^\/problems\//);
  expect(answer.body.legalName).toBeUndefined();
  const [vendor] = await stack.vendorKyc.database.query<{ status: string }>(`SELECT status FROM vendor WHERE id = $1`, [
    vendorId,
  ]);
  expect(vendor!.status).toBe("submitted");
}

describe("only operators reach /ops/v1", () => {
  let operatorId: string;
  beforeAll(async () => {
    const [row] = await stack.gateway.database.query<{ id: string }>(`SELECT id FROM operator`);
    operatorId = row!.id;
  });

  const cases: [string, () => Promise<string | undefined>, number[]][] = [
    ["no token", async () => undefined, [401]],
    ["garbage", async () => "garbage", [401]],
    [
      "a buyer's token (storefront audience)",
      () => tokenOf("storefront-gateway", { sub: "b-1", role: "buyer" }),
      [401],
    ],
    [
      "a vendor user's token (vendor-api audience)",
      () => tokenOf("vendor-api", { sub: "u-1", role: "vendor", vendorId: "v-1" }),
      [401],
    ],
    ["a vendor API key", async () => generateApiKey(new Date()).key, [401]],
    [
      "an operator-role token from another gateway's audience",
      () => tokenOf("vendor-api", { sub: operatorId, role: "operator" }),
      [401],
    ],
    [
      "an operator token signed with another secret",
      () => tokenOf("backoffice-api", { sub: operatorId, role: "operator" }, stack.clock, "z".repeat(40)),
      [401],
    ],
    [
      "an expired operator token",
      () =>
        tokenOf(
          "backoffice-api",
          { sub: operatorId, role: "operator" },
          new ControllableClock({ start: new Date(stack.clock.now().getTime() - 16 * 60 * 1000) }),
        ),
      [401],
    ],
    ["a buyer-role token for this audience", () => tokenOf("backoffice-api", { sub: "b-1", role: "buyer" }), [403]],
    [
      "a vendor-role token for this audience",
      () => tokenOf("backoffice-api", { sub: "u-1", role: "vendor", vendorId: "v-1" }),
      [403],
    ],
    [
      "a buyer token tampered into an operator's",
      async () => {
        const [header, payload, signature] = (await tokenOf("storefront-gateway", { sub: "b-1", role: "buyer" })).split(
          ".",
        );
        const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
        return `${header}.${Buffer.from(JSON.stringify({ ...claims, role: "operator", aud: "backoffice-api" })).toString("base64url")}.${signature}`;
      },
      [401],
    ],
  ];

  it.each(cases)("refuses %s and approves nothing", async (_name, credential, statuses) => {
    const vendorId = await submittedVendor(stack);
    await expectRefused(
      await api("POST", `/kyc/reviews/${vendorId}/approve`, { token: await credential() }),
      vendorId,
      statuses,
    );
  });

  it("lets a signed-in operator approve, until the token is 15 minutes old", async () => {
    const token = (await api("POST", "/auth/login", { body: OPERATOR })).body.accessToken;
    expect((await api("POST", `/kyc/reviews/${await submittedVendor(stack)}/approve`, { token })).status).toBe(200);
    stack.clock.advanceBy(15 * 60 * 1000);
    const vendorId = await submittedVendor(stack);
    await expectRefused(await api("POST", `/kyc/reviews/${vendorId}/approve`, { token }), vendorId, [401]);
  });
});

describe("only operators review KYC files and operate listings", () => {
  let vendorId: string;
  let documentId: string;
  let productId: string;
  const routes = (): [string, string, unknown?][] => [
    ["GET", "/kyc/reviews"],
    ["GET", `/kyc/reviews/${vendorId}`],
    ["GET", `/kyc/reviews/${vendorId}/documents/${documentId}`],
    ["POST", `/kyc/reviews/${vendorId}/approve`],
    ["POST", `/kyc/reviews/${vendorId}/reject`, { reason: "No." }],
    ["POST", `/kyc/reviews/${vendorId}/request-info`, { message: "More?" }],
    ["POST", `/kyc/reviews/${vendorId}/bank-account/verify`],
    ["POST", `/products/${productId}/labels/open-trusted-cloud`],
    ["DELETE", `/products/${productId}/labels/open-trusted-cloud`],
    ["POST", `/products/${productId}/unlist`, { reason: "No." }],
  ];
  beforeAll(async () => {
    vendorId = await submittedVendor(stack);
    documentId = (await call(stack.vendorKyc.service.url, "GET", `/vendors/${vendorId}`)).body.documents[0].id;
    productId = (await draftProduct(stack, vendorId)).id;
  });

  it("refuses every KYC and listing route without an operator token (401), or with another role's token for this audience (403), and changes nothing", async () => {
    const [operator] = await stack.gateway.database.query<{ id: string }>(`SELECT id FROM operator`);
    const credentials: [string | undefined, number][] = [
      [undefined, 401],
      ["garbage", 401],
      [await tokenOf("storefront-gateway", { sub: "b-1", role: "buyer" }), 401],
      [await tokenOf("vendor-api", { sub: "u-1", role: "vendor", vendorId }), 401],
      [generateApiKey(new Date()).key, 401],
      [await tokenOf("vendor-api", { sub: operator!.id, role: "operator" }), 401],
      [await tokenOf("backoffice-api", { sub: "u-1", role: "vendor", vendorId }), 403],
      [await tokenOf("backoffice-api", { sub: "b-1", role: "buyer" }), 403],
    ];
    for (const [token, status] of credentials) {
      for (const [method, path, body] of routes()) {
        const answer = await api(method, path, { token, body });
        expect({ method, path, status: answer.status }).toEqual({ method, path, status });
        expect(answer.body?.type).toMatch(/^\/problems\//);
        expect(answer.body.items).toBeUndefined();
        expect(answer.body.application).toBeUndefined();
      }
    }
    const file = await call(stack.vendorKyc.service.url, "GET", `/vendors/${vendorId}`);
    expect(file.body).toMatchObject({ status: "submitted", rejectionReason: null, informationRequest: null });
    expect(
      (await call(stack.catalog.service.url, "GET", `/vendors/${vendorId}/products/${productId}`)).body,
    ).toMatchObject({ status: "draft", labels: [] });
  });

  it("lets a signed-in operator read the file and download a document", async () => {
    const token = (await api("POST", "/auth/login", { body: OPERATOR })).body.accessToken;
    expect((await api("GET", `/kyc/reviews/${vendorId}`, { token })).status).toBe(200);
    expect((await download(stack.url, `/kyc/reviews/${vendorId}/documents/${documentId}`, token)).status).toBe(200);
    expect((await download(stack.url, `/kyc/reviews/${vendorId}/documents/${documentId}`)).status).toBe(401);
  });
});
