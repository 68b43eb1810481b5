import { ControllableClock, DEVELOPMENT_TOKEN_SECRET, createAccessTokens, type AccessClaims } from "@mkt/service-kit";
import { application, call, startVendorStack, type Json, type VendorStack } from "./support.js";

let stack: VendorStack;
beforeAll(async () => {
  stack = await startVendorStack("vendor-api-authz");
});
afterAll(() => stack?.stop());

const api = (method: string, path: string, options?: Parameters<typeof call>[3]) => call(stack.url, method, path, options);
const tokenOf = async (audience: string, claims: AccessClaims, clock = stack.clock, secret = DEVELOPMENT_TOKEN_SECRET) =>
  (await createAccessTokens({ secret, audience, clock }).issue(claims)).token;

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
    alpha = { token: a.tokens.accessToken, vendorId: a.vendorId, userId: a.userId, key: (await api("POST", "/api-keys", { token: a.tokens.accessToken, body: { name: "alpha" } })).body };
    beta = { token: b.tokens.accessToken, vendorId: b.vendorId, key: (await api("POST", "/api-keys", { token: b.tokens.accessToken, body: { name: "beta" } })).body };
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
    ["a vendor token from the storefront audience", () => tokenOf("storefront-gateway", { sub: alpha.userId, role: "vendor", vendorId: alpha.vendorId })],
    ["a vendor token signed with another secret", () => tokenOf("vendor-api", { sub: alpha.userId, role: "vendor", vendorId: alpha.vendorId }, stack.clock, "y".repeat(40))],
    ["an expired vendor token", () => tokenOf("vendor-api", { sub: alpha.userId, role: "vendor", vendorId: alpha.vendorId }, new ControllableClock({ start: new Date(stack.clock.now().getTime() - 16 * 60 * 1000) }))],
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
    expectRefused(await api("GET", "/api-keys", { token: await tokenOf("vendor-api", { sub: "b-1", role: "buyer" }) }), [403]);
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
