// A vendor's users by role: who lists and manages them, the last owner rule, and the events
// notification learns them from (vendor.user-registered, vendor.user-updated) in vendor-api's outbox.
import { eventually, call, type Json } from "@mkt/testing";
import { application, startVendorStack, type VendorStack } from "./support/vendor.js";

let stack: VendorStack;
beforeAll(async () => {
  stack = await startVendorStack("vendor-api-users");
});
afterAll(() => stack?.stop());

const api = (method: string, path: string, options?: Parameters<typeof call>[3]) =>
  call(stack.url, method, path, options);
const events = (userId: string) =>
  stack.gateway.database.query<{ type: string; data: Json; published: boolean }>(
    `SELECT type, payload->'data' AS data, published_at IS NOT NULL AS published FROM outbox_event
      WHERE payload->'data'->>'userId' = $1 ORDER BY created_at, id`,
    [userId],
  );

let counter = 0;
const PASSWORD = "invited passphrase long";
const newEmail = (role: string) => `${role}-${Date.now()}-${++counter}@nuage.example`;

interface Vendor {
  vendorId: string;
  ownerId: string;
  owner: string;
}
async function applyAsVendor(): Promise<Vendor> {
  const applied = await api("POST", "/applications", { body: application() });
  expect(applied.status).toBe(201);
  return { vendorId: applied.body.vendorId, ownerId: applied.body.userId, owner: applied.body.tokens.accessToken };
}
/** Invites a user and signs it in: its id and its access token. */
async function invite(token: string, role: string): Promise<{ id: string; email: string; token: string }> {
  const email = newEmail(role);
  const invited = await api("POST", "/users", { token, body: { email, name: `A ${role}`, role, password: PASSWORD } });
  expect(invited.status).toBe(201);
  const login = await api("POST", "/auth/login", { body: { email, password: PASSWORD } });
  expect(login.status).toBe(200);
  return { id: invited.body.id, email, token: login.body.accessToken };
}

describe("a vendor's users", () => {
  it("makes the applicant its vendor's owner and announces it once its vendor exists", async () => {
    const vendor = await applyAsVendor();
    const listed = await api("GET", "/users", { token: vendor.owner });
    expect(listed).toMatchObject({
      status: 200,
      body: { items: [{ id: vendor.ownerId, role: "owner", active: true, name: null }], nextCursor: null },
    });
    expect(JSON.stringify(listed.body)).not.toContain("scrypt");
    const recorded = await events(vendor.ownerId);
    expect(recorded.map(({ type, data }) => ({ type, data }))).toEqual([
      {
        type: "vendor.user-registered",
        data: {
          vendorId: vendor.vendorId,
          userId: vendor.ownerId,
          email: listed.body.items[0].email,
          role: "owner",
          active: true,
          registeredAt: expect.any(String),
        },
      },
    ]);
    // The relay publishes it to the bus.
    await eventually(async () => expect((await events(vendor.ownerId))[0]!.published).toBe(true));
  });

  it("lets an owner invite users by role, who sign in with their initial password; each is announced", async () => {
    const vendor = await applyAsVendor();
    const sales = await invite(vendor.owner, "sales");
    const admin = await invite(vendor.owner, "admin");
    const listed = await api("GET", "/users", { token: sales.token });
    expect(listed.body.items.map((user: Json) => [user.id, user.role])).toEqual([
      [vendor.ownerId, "owner"],
      [sales.id, "sales"],
      [admin.id, "admin"],
    ]);
    expect(listed.body.items[1]).toMatchObject({ email: sales.email, name: "A sales", active: true });
    expect(await events(sales.id)).toEqual([
      {
        type: "vendor.user-registered",
        data: {
          vendorId: vendor.vendorId,
          userId: sales.id,
          email: sales.email,
          role: "sales",
          active: true,
          registeredAt: expect.any(String),
        },
        published: expect.any(Boolean),
      },
    ]);
    // The invited user works for its vendor: it sees the vendor's KYC file.
    expect((await api("GET", "/kyc", { token: sales.token })).body.id).toBe(vendor.vendorId);
  });

  it("answers 409 for a taken email, its own vendor's or another's, and 400 for a bad role", async () => {
    const vendor = await applyAsVendor();
    const other = await applyAsVendor();
    const otherEmail = (await api("GET", "/users", { token: other.owner })).body.items[0].email;
    const sales = await invite(vendor.owner, "sales");
    for (const email of [sales.email, otherEmail, sales.email.toUpperCase()]) {
      const taken = await api("POST", "/users", {
        token: vendor.owner,
        body: { email, name: "Again", role: "sales", password: PASSWORD },
      });
      expect(taken).toMatchObject({ status: 409, body: { type: "/problems/email-taken" } });
    }
    const bad = await api("POST", "/users", {
      token: vendor.owner,
      body: { email: newEmail("x"), name: "X", role: "superuser", password: PASSWORD },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.type).toMatch(/^\/problems\//);
    const empty = await api("PATCH", `/users/${sales.id}`, { token: vendor.owner, body: {} });
    expect(empty.status).toBe(400);
  });

  it("lets only owners and admins manage users; an admin cannot make or change an owner; never with an API key", async () => {
    const vendor = await applyAsVendor();
    const admin = await invite(vendor.owner, "admin");
    const sales = await invite(admin.token, "sales");
    for (const role of ["sales", "operations", "finance"]) {
      const user = role === "sales" ? sales : await invite(vendor.owner, role);
      const invited = await api("POST", "/users", {
        token: user.token,
        body: { email: newEmail("y"), name: "Y", role: "sales", password: PASSWORD },
      });
      expect(invited).toMatchObject({ status: 403, body: { type: "/problems/forbidden" } });
      const changed = await api("PATCH", `/users/${admin.id}`, { token: user.token, body: { active: false } });
      expect(changed.status).toBe(403);
    }
    const owner = await api("POST", "/users", {
      token: admin.token,
      body: { email: newEmail("owner"), name: "O", role: "owner", password: PASSWORD },
    });
    expect(owner.status).toBe(403);
    expect((await api("PATCH", `/users/${sales.id}`, { token: admin.token, body: { role: "owner" } })).status).toBe(
      403,
    );
    expect(
      (await api("PATCH", `/users/${vendor.ownerId}`, { token: admin.token, body: { role: "sales" } })).status,
    ).toBe(403);
    // An admin manages the others.
    expect(
      await api("PATCH", `/users/${sales.id}`, { token: admin.token, body: { role: "operations" } }),
    ).toMatchObject({
      status: 200,
      body: { id: sales.id, role: "operations", active: true },
    });

    const key = (await api("POST", "/api-keys", { token: vendor.owner, body: { name: "integration" } })).body.key;
    expect((await api("GET", "/users", { token: key })).body.items).toHaveLength(5);
    const byKey = await api("POST", "/users", {
      token: key,
      body: { email: newEmail("z"), name: "Z", role: "sales", password: PASSWORD },
    });
    expect(byKey.status).toBe(403);
    expect((await api("PATCH", `/users/${sales.id}`, { token: key, body: { active: false } })).status).toBe(403);

    // Another vendor's user is not found, and its owner cannot list this vendor's users.
    const other = await applyAsVendor();
    expect((await api("PATCH", `/users/${sales.id}`, { token: other.owner, body: { active: false } })).status).toBe(
      404,
    );
    expect((await api("GET", "/users", { token: other.owner })).body.items.map((u: Json) => u.id)).toEqual([
      other.ownerId,
    ]);
  });

  it("keeps an active owner: the last one can be neither demoted nor deactivated (409)", async () => {
    const vendor = await applyAsVendor();
    for (const body of [{ role: "admin" }, { active: false }]) {
      const refused = await api("PATCH", `/users/${vendor.ownerId}`, { token: vendor.owner, body });
      expect(refused).toMatchObject({ status: 409, body: { type: "/problems/last-owner" } });
    }
    const second = await invite(vendor.owner, "owner");
    const demoted = await api("PATCH", `/users/${vendor.ownerId}`, { token: second.token, body: { role: "finance" } });
    expect(demoted).toMatchObject({ status: 200, body: { role: "finance" } });
    const last = await api("PATCH", `/users/${second.id}`, { token: second.token, body: { active: false } });
    expect(last).toMatchObject({ status: 409, body: { type: "/problems/last-owner" } });
    expect((await events(vendor.ownerId)).map(({ type, data }) => [type, data.role, data.active])).toEqual([
      ["vendor.user-registered", "owner", true],
      ["vendor.user-updated", "finance", true],
    ]);
  });

  it("stops a deactivated user at once: its token, its refresh and its sign-in; reactivated, it signs in again", async () => {
    const vendor = await applyAsVendor();
    const email = newEmail("operations");
    const invited = await api("POST", "/users", {
      token: vendor.owner,
      body: { email, name: "Ops", role: "operations", password: PASSWORD },
    });
    const login = (await api("POST", "/auth/login", { body: { email, password: PASSWORD } })).body;
    expect((await api("GET", "/users", { token: login.accessToken })).status).toBe(200);

    const off = await api("PATCH", `/users/${invited.body.id}`, { token: vendor.owner, body: { active: false } });
    expect(off).toMatchObject({ status: 200, body: { active: false, role: "operations" } });
    expect((await api("GET", "/users", { token: login.accessToken })).status).toBe(401);
    expect((await api("POST", "/auth/refresh", { body: { refreshToken: login.refreshToken } })).status).toBe(401);
    expect((await api("POST", "/auth/login", { body: { email, password: PASSWORD } })).status).toBe(401);
    // Repeating a change that changes nothing announces nothing.
    await api("PATCH", `/users/${invited.body.id}`, { token: vendor.owner, body: { active: false } });

    await api("PATCH", `/users/${invited.body.id}`, { token: vendor.owner, body: { active: true } });
    expect((await api("POST", "/auth/login", { body: { email, password: PASSWORD } })).status).toBe(200);
    expect((await events(invited.body.id)).map(({ type, data }) => [type, data.active])).toEqual([
      ["vendor.user-registered", true],
      ["vendor.user-updated", false],
      ["vendor.user-updated", true],
    ]);
  });
});
