import { call, type Json } from "@mkt/testing";
import { ControllableClock } from "@mkt/service-kit";
import { DEVELOPMENT_TOKEN_SECRET, createAccessTokens, generateApiKey, type AccessClaims } from "@mkt/gateway-kit";
import { company, individual, startFakeNotification, startStorefront, type Storefront } from "./support/storefront.js";

let storefront: Storefront;
let notification: Awaited<ReturnType<typeof startFakeNotification>>;
beforeAll(async () => {
  notification = await startFakeNotification();
  storefront = await startStorefront("storefront-authz", { NOTIFICATION_URL: notification.url });
});
afterAll(async () => {
  await storefront?.stop();
  await notification?.stop();
});

const api = (method: string, path: string, options?: Parameters<typeof call>[3]) =>
  call(storefront.url, method, path, options);

/** A token as another gateway would issue it: same development secret, its own audience. */
const tokenOf = async (audience: string, claims: AccessClaims) =>
  (await createAccessTokens({ secret: DEVELOPMENT_TOKEN_SECRET, audience, clock: storefront.clock }).issue(claims))
    .token;

/** A forbidden access: refused, and nothing of anybody's profile came back. */
function expectRefused(answer: { status: number; body: Json }, statuses = [401, 403, 404]) {
  expect(statuses).toContain(answer.status);
  expect(answer.body).toEqual(expect.objectContaining({ type: expect.stringMatching(/^\/problems\//) }));
  for (const field of ["id", "email", "legalName", "name", "registrationNumber"])
    expect(answer.body[field]).toBeUndefined();
}

describe("who may read and change a buyer profile", () => {
  let alice: Json;
  let bob: Json;
  beforeAll(async () => {
    alice = (await api("POST", "/auth/signup", { body: company({ legalName: "Alice SAS" }) })).body;
    bob = (await api("POST", "/auth/signup", { body: individual({ name: "Bob" }) })).body;
  });

  it("shows each buyer its own profile and only its own", async () => {
    expect((await api("GET", "/me", { token: alice.tokens.accessToken })).body.id).toBe(alice.buyer.id);
    expect((await api("GET", "/me", { token: bob.tokens.accessToken })).body.id).toBe(bob.buyer.id);
  });

  it("never lets a buyer name another buyer's id to read or change it", async () => {
    // /me ignores any id it is given: it is always the caller's own profile.
    const withId = await api("GET", `/me?id=${bob.buyer.id}`, { token: alice.tokens.accessToken });
    expect(withId.body.id).toBe(alice.buyer.id);
    expect(JSON.stringify(withId.body)).not.toContain(bob.buyer.email);
    const patched = await api("PATCH", "/me", {
      token: alice.tokens.accessToken,
      body: { id: bob.buyer.id, name: "Hacked" },
    });
    expect(patched.status).toBe(400);
    expect((await api("GET", "/me", { token: bob.tokens.accessToken })).body.name).toBe("Bob");
    expectRefused(await api("GET", `/buyers/${bob.buyer.id}`, { token: alice.tokens.accessToken }));
  });

  const cases: [string, () => Promise<string | undefined>][] = [
    ["no token", async () => undefined],
    ["garbage", async () => "not-a-token"],
    [
      "a vendor user's token (vendor-api audience)",
      () => tokenOf("vendor-api", { sub: "0193b1a2-7c4e-7d2a-9f10-3c4d5e6f7a8b", role: "vendor", vendorId: "v-1" }),
    ],
    [
      "an operator's token (backoffice-api audience)",
      () => tokenOf("backoffice-api", { sub: "0193b1a2-7c4e-7d2a-9f10-3c4d5e6f7a8b", role: "operator" }),
    ],
    ["a vendor API key", async () => generateApiKey(new Date()).key],
    [
      "a token signed with another secret",
      async () =>
        (
          await createAccessTokens({
            secret: "x".repeat(40),
            audience: "storefront-gateway",
            clock: storefront.clock,
          }).issue({ sub: alice.buyer.id, role: "buyer" })
        ).token,
    ],
    [
      "a vendor-role token for this gateway",
      () => tokenOf("storefront-gateway", { sub: alice.buyer.id, role: "vendor" }),
    ],
    [
      "a buyer token whose payload was tampered with",
      async () => {
        const [header, , signature] = (alice.tokens.accessToken as string).split(".");
        const payload = Buffer.from(
          JSON.stringify({
            sub: bob.buyer.id,
            role: "buyer",
            aud: "storefront-gateway",
            iss: "mkt",
            iat: 1,
            exp: 4102444800,
          }),
        ).toString("base64url");
        return `${header}.${payload}.${signature}`;
      },
    ],
    [
      "an expired buyer token",
      async () =>
        (
          await createAccessTokens({
            secret: DEVELOPMENT_TOKEN_SECRET,
            audience: "storefront-gateway",
            clock: new ControllableClock({ start: new Date(storefront.clock.now().getTime() - 16 * 60 * 1000) }),
          }).issue({ sub: alice.buyer.id, role: "buyer" })
        ).token,
    ],
  ];

  it.each(cases)("refuses %s on GET and PATCH /me", async (_name, credential) => {
    const token = await credential();
    expectRefused(await api("GET", "/me", { token }), [401, 403]);
    expectRefused(await api("PATCH", "/me", { token, body: { locale: "en" } }), [401, 403]);
  });

  it("answers 401 to an access token once it is 15 minutes old", async () => {
    const fresh = (
      await api("POST", "/auth/login", { body: { email: alice.buyer.email, password: "a long enough passphrase" } })
    ).body;
    storefront.clock.advanceBy(15 * 60 * 1000);
    expectRefused(await api("GET", "/me", { token: fresh.accessToken }), [401]);
  });
});

describe("who may read a buyer's notification history", () => {
  let alice: Json;
  let bob: Json;
  beforeAll(async () => {
    alice = (await api("POST", "/auth/signup", { body: company({ legalName: "Alice SAS" }) })).body;
    bob = (await api("POST", "/auth/signup", { body: individual({ name: "Bob" }) })).body;
  });

  it("shows a signed-in buyer its own history, whatever recipient it names", async () => {
    notification.recipients.length = 0;
    const own = await api("GET", "/notifications", { token: alice.tokens.accessToken });
    expect(own).toMatchObject({
      status: 200,
      body: { items: [{ subject: `for buyer:${alice.buyer.id}`, status: "sent" }], nextCursor: null },
    });
    const naming = await api(
      "GET",
      `/notifications?recipient=buyer:${bob.buyer.id}&recipientKey=buyer:${bob.buyer.id}`,
      { token: alice.tokens.accessToken },
    );
    expect(naming.body.items[0].subject).toBe(`for buyer:${alice.buyer.id}`);
    expect(notification.recipients).toEqual([`buyer:${alice.buyer.id}`, `buyer:${alice.buyer.id}`]);
  });

  it("refuses it without a token (401), or with a vendor's or another gateway's token, without asking the notification service", async () => {
    notification.recipients.length = 0;
    expectRefused(await api("GET", "/notifications"), [401]);
    expectRefused(
      await api("GET", "/notifications", {
        token: await tokenOf("vendor-api", { sub: bob.buyer.id, role: "vendor", vendorId: "v-1" }),
      }),
      [401, 403],
    );
    expectRefused(
      await api("GET", "/notifications", {
        token: await tokenOf("storefront-gateway", { sub: bob.buyer.id, role: "vendor" }),
      }),
      [401, 403],
    );
    expect(notification.recipients).toEqual([]);
  });
});
