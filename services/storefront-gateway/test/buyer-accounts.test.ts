import { call, type Json } from "@mkt/testing";
import { company, individual, startStorefront, type Storefront } from "./support/storefront.js";

let storefront: Storefront;
beforeAll(async () => {
  storefront = await startStorefront("storefront-accounts");
});
afterAll(() => storefront?.stop());

const api = (method: string, path: string, options?: Parameters<typeof call>[3]) =>
  call(storefront.url, method, path, options);
const outbox = (buyerId: string) =>
  storefront.gateway.database.query<{ type: string; data: Json }>(
    `SELECT type, payload->'data' AS data FROM outbox_event WHERE payload->'data'->>'buyerId' = $1 ORDER BY created_at`,
    [buyerId],
  );

describe("buyer accounts", () => {
  it("signs a company up, returns tokens and announces buyer.registered with its legal identity", async () => {
    const input = company({ email: "Achats@Acme.example" });
    const signed = await api("POST", "/auth/signup", { body: input });
    expect(signed.status).toBe(201);
    expect(signed.body.buyer).toMatchObject({
      email: "achats@acme.example",
      kind: "company",
      legalName: "Acme SAS",
      registrationNumber: "552100554",
      vatNumber: "FR40552100554",
      locale: "fr",
      name: null,
    });
    expect(signed.body.tokens).toMatchObject({ tokenType: "Bearer", expiresIn: 900 });
    expect(JSON.stringify(signed.body)).not.toContain("scrypt");

    const events = await outbox(signed.body.buyer.id);
    expect(events).toEqual([
      {
        type: "buyer.registered",
        data: expect.objectContaining({
          buyerId: signed.body.buyer.id,
          kind: "company",
          email: "achats@acme.example",
          legalName: "Acme SAS",
          registrationNumber: "552100554",
          vatNumber: "FR40552100554",
          locale: "fr",
        }),
      },
    ]);
    expect(JSON.stringify(events)).not.toMatch(/password|scrypt/);
  });

  it("signs an individual up with a name", async () => {
    const signed = await api("POST", "/auth/signup", { body: individual() });
    expect(signed.status).toBe(201);
    expect(signed.body.buyer).toMatchObject({ kind: "individual", name: "Marie Curie", legalName: null });
  });

  it("refuses a second account with the same email, whatever its case, with a 409 problem", async () => {
    const input = company();
    expect((await api("POST", "/auth/signup", { body: input })).status).toBe(201);
    const again = await api("POST", "/auth/signup", { body: { ...input, email: input.email.toUpperCase() } });
    expect(again).toMatchObject({ status: 409, body: { type: "/problems/email-taken" } });
    expect(again.headers.get("content-type")).toContain("application/problem+json");
  });

  it("names every invalid field of a sign-up", async () => {
    const bad = await api("POST", "/auth/signup", {
      body: { kind: "company", email: "not-an-email", password: "short", locale: "de" },
    });
    expect(bad.status).toBe(400);
    const paths = bad.body.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(expect.arrayContaining(["email", "legalName", "locale", "password", "registrationNumber"]));
  });

  it("signs in, shows the buyer's own profile and lets it change, announcing buyer.profile-updated", async () => {
    const input = company();
    const signed = await api("POST", "/auth/signup", { body: input });
    const login = await api("POST", "/auth/login", { body: { email: input.email, password: input.password } });
    expect(login.status).toBe(200);
    const me = await api("GET", "/me", { token: login.body.accessToken });
    expect(me).toMatchObject({ status: 200, body: { id: signed.body.buyer.id, email: input.email } });

    const changed = await api("PATCH", "/me", {
      token: login.body.accessToken,
      body: { locale: "en", vatNumber: null, legalName: "Acme Cloud SAS" },
    });
    expect(changed).toMatchObject({
      status: 200,
      body: { locale: "en", vatNumber: null, legalName: "Acme Cloud SAS" },
    });
    const events = await outbox(signed.body.buyer.id);
    expect(events.map((e) => e.type)).toEqual(["buyer.registered", "buyer.profile-updated"]);
    expect(events[1]!.data).toMatchObject({ kind: "company", legalName: "Acme Cloud SAS", locale: "en" });
    expect(events[1]!.data.vatNumber).toBeUndefined();
  });

  it("refuses company fields on an individual's profile, naming them", async () => {
    const signed = await api("POST", "/auth/signup", { body: individual() });
    const refused = await api("PATCH", "/me", {
      token: signed.body.tokens.accessToken,
      body: { legalName: "Not A Company" },
    });
    expect(refused).toMatchObject({ status: 400, body: { errors: [{ path: "legalName" }] } });
  });

  it("answers a wrong password and an unknown email alike: 401 with one generic message", async () => {
    const input = individual();
    await api("POST", "/auth/signup", { body: input });
    const wrong = await api("POST", "/auth/login", { body: { email: input.email, password: "wrong password!!" } });
    const unknown = await api("POST", "/auth/login", {
      body: { email: "nobody@example.org", password: "whatever it is" },
    });
    expect(wrong).toMatchObject({ status: 401, body: { type: "/problems/invalid-credentials" } });
    expect(unknown.body).toEqual({ ...wrong.body, instance: unknown.body.instance });
    // These failures count for this client's address: let them leave the window.
    storefront.clock.advanceBy(16 * 60 * 1000);
  });

  it("rotates refresh tokens: each works once, and a replayed one ends the whole session", async () => {
    const signed = await api("POST", "/auth/signup", { body: individual() });
    const first = signed.body.tokens.refreshToken;
    const second = await api("POST", "/auth/refresh", { body: { refreshToken: first } });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first);
    expect((await api("GET", "/me", { token: second.body.accessToken })).status).toBe(200);

    // Someone replays the first token: theft is assumed, the family is revoked.
    expect((await api("POST", "/auth/refresh", { body: { refreshToken: first } })).status).toBe(401);
    expect((await api("POST", "/auth/refresh", { body: { refreshToken: second.body.refreshToken } })).status).toBe(401);
  });

  it("logs out: the refresh token stops working", async () => {
    const signed = await api("POST", "/auth/signup", { body: individual() });
    expect(
      (await api("POST", "/auth/logout", { body: { refreshToken: signed.body.tokens.refreshToken } })).status,
    ).toBe(204);
    expect(
      (await api("POST", "/auth/refresh", { body: { refreshToken: signed.body.tokens.refreshToken } })).status,
    ).toBe(401);
  });

  it("lets an access token expire after 15 minutes and a refresh token after 30 days", async () => {
    const signed = await api("POST", "/auth/signup", { body: individual() });
    storefront.clock.advanceBy(15 * 60 * 1000);
    expect((await api("GET", "/me", { token: signed.body.tokens.accessToken })).status).toBe(401);
    const renewed = await api("POST", "/auth/refresh", { body: { refreshToken: signed.body.tokens.refreshToken } });
    expect(renewed.status).toBe(200);
    storefront.clock.advanceBy(30 * 24 * 60 * 60 * 1000);
    expect((await api("POST", "/auth/refresh", { body: { refreshToken: renewed.body.refreshToken } })).status).toBe(
      401,
    );
  });

  it("slows sign-in after 5 failures from one address with 429 and Retry-After, even with the right password", async () => {
    const input = individual();
    await api("POST", "/auth/signup", { body: input });
    for (let i = 0; i < 5; i++)
      expect(
        (await api("POST", "/auth/login", { body: { email: input.email, password: `wrong password ${i}` } })).status,
      ).toBe(401);
    const blocked = await api("POST", "/auth/login", { body: { email: input.email, password: input.password } });
    expect(blocked).toMatchObject({ status: 429, body: { type: "/problems/too-many-attempts" } });
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(blocked.body.accessToken).toBeUndefined();

    storefront.clock.advanceBy(15 * 60 * 1000 + 1000);
    expect((await api("POST", "/auth/login", { body: { email: input.email, password: input.password } })).status).toBe(
      200,
    );
  });

  it("counts parallel guesses exactly: of 8 at once, 5 are checked and 3 are refused with 429", async () => {
    storefront.clock.advanceBy(16 * 60 * 1000);
    const input = individual();
    await api("POST", "/auth/signup", { body: input });
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        api("POST", "/auth/login", { body: { email: input.email, password: `parallel guess ${i}` } }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
  });
});

describe("the buyer's billing address", () => {
  const address = {
    line1: "12 rue de la Paix",
    line2: "Bâtiment B",
    postalCode: "75002",
    city: "Paris",
    country: "fr",
  };

  it("is taken at sign-up, shown by GET /me and carried by buyer.registered (country upper-cased)", async () => {
    const signed = await api("POST", "/auth/signup", { body: company({ address }) });
    expect(signed.status).toBe(201);
    const stored = { ...address, country: "FR" };
    expect(signed.body.buyer.address).toEqual(stored);
    expect((await api("GET", "/me", { token: signed.body.tokens.accessToken })).body.address).toEqual(stored);
    const [registered] = await outbox(signed.body.buyer.id);
    expect(registered!.data.address).toEqual(stored);
  });

  it("is optional: a buyer without one shows null and its events carry none", async () => {
    const signed = await api("POST", "/auth/signup", { body: individual() });
    expect(signed.body.buyer.address).toBeNull();
    const [registered] = await outbox(signed.body.buyer.id);
    expect(registered!.data).not.toHaveProperty("address");
  });

  it("is replaced as a whole by PATCH /me, and removed with null, each change announced by buyer.profile-updated", async () => {
    const signed = await api("POST", "/auth/signup", { body: individual() });
    const token = signed.body.tokens.accessToken;
    const moved = { line1: "Unter den Linden 1", postalCode: "10117", city: "Berlin", country: "DE" };
    const changed = await api("PATCH", "/me", { token, body: { address: moved } });
    expect(changed).toMatchObject({ status: 200, body: { address: moved, name: "Marie Curie" } });
    expect((await api("GET", "/me", { token })).body.address).toEqual(moved);

    const kept = await api("PATCH", "/me", { token, body: { locale: "fr" } });
    expect(kept.body.address).toEqual(moved);

    const removed = await api("PATCH", "/me", { token, body: { address: null } });
    expect(removed.body.address).toBeNull();
    const events = await outbox(signed.body.buyer.id);
    expect(events.map((event) => event.type)).toEqual([
      "buyer.registered",
      "buyer.profile-updated",
      "buyer.profile-updated",
      "buyer.profile-updated",
    ]);
    expect(events[1]!.data.address).toEqual(moved);
    expect(events[2]!.data.address).toEqual(moved);
    expect(events[3]!.data).not.toHaveProperty("address");
  });

  it("names each invalid field of an address, at sign-up and in PATCH /me", async () => {
    const bad = await api("POST", "/auth/signup", {
      body: company({ address: { line1: "", postalCode: "75002", city: "Paris", country: "France" } }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { path: string }) => error.path).sort()).toEqual([
      "address.country",
      "address.line1",
    ]);

    const signed = await api("POST", "/auth/signup", { body: company() });
    const patched = await api("PATCH", "/me", {
      token: signed.body.tokens.accessToken,
      body: { address: { line1: "1 rue X", city: "Lyon", country: "FR" } },
    });
    expect(patched).toMatchObject({ status: 400, body: { errors: [{ path: "address.postalCode" }] } });
    expect((await api("GET", "/me", { token: signed.body.tokens.accessToken })).body.address).toBeNull();
  });
});

describe("the buyer's time zone", () => {
  it("is Europe/Paris unless the buyer names one, at sign-up or later, and buyer.* events carry the one it named", async () => {
    const parisian = await api("POST", "/auth/signup", { body: individual() });
    expect(parisian.body.buyer.timeZone).toBe("Europe/Paris");
    const [registered] = await outbox(parisian.body.buyer.id);
    expect(registered!.data).not.toHaveProperty("timeZone");

    const californian = await api("POST", "/auth/signup", { body: company({ timeZone: "America/Los_Angeles" }) });
    expect(californian).toMatchObject({ status: 201, body: { buyer: { timeZone: "America/Los_Angeles" } } });
    const token = californian.body.tokens.accessToken;
    const moved = await api("PATCH", "/me", { token, body: { timeZone: "Asia/Tokyo" } });
    expect(moved).toMatchObject({ status: 200, body: { timeZone: "Asia/Tokyo" } });
    const back = await api("PATCH", "/me", { token, body: { timeZone: null } });
    expect(back).toMatchObject({ status: 200, body: { timeZone: "Europe/Paris" } });
    const events = await outbox(californian.body.buyer.id);
    expect(events.map((event) => event.data.timeZone)).toEqual(["America/Los_Angeles", "Asia/Tokyo", undefined]);
  });

  it("refuses a zone the runtime does not know, naming the field", async () => {
    const bad = await api("POST", "/auth/signup", { body: individual({ timeZone: "Mars/Olympus_Mons" }) });
    expect(bad).toMatchObject({ status: 400, body: { errors: [{ path: "timeZone" }] } });
    const signed = await api("POST", "/auth/signup", { body: individual() });
    const patched = await api("PATCH", "/me", { token: signed.body.tokens.accessToken, body: { timeZone: "Paris" } });
    expect(patched).toMatchObject({ status: 400, body: { errors: [{ path: "timeZone" }] } });
  });
});
