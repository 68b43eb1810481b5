import { call, type Json } from "@mkt/testing";
import { application, startAnotherVendorApi, startVendorStack, type VendorStack } from "./support/vendor.js";

let stack: VendorStack;
beforeAll(async () => {
  stack = await startVendorStack("vendor-api-access");
});
afterAll(() => stack?.stop());

const api = (method: string, path: string, options?: Parameters<typeof call>[3]) =>
  call(stack.url, method, path, options);

describe("applying as a vendor", () => {
  it("creates the vendor user and a draft application in vendor-kyc, and signs the user in", async () => {
    const input = application();
    const applied = await api("POST", "/applications", { body: input });
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({ email: input.email, tokens: { tokenType: "Bearer" } });
    const kyc = await call(stack.vendorKyc.service.url, "GET", `/vendors/${applied.body.vendorId}`);
    expect(kyc).toMatchObject({
      status: 200,
      body: {
        id: applied.body.vendorId,
        status: "draft",
        application: { legalName: "Nuage Souverain SAS", registrationNumber: input.registrationNumber },
      },
    });

    // Not approved yet, and still a vendor user who can sign in and work on its file.
    const login = await api("POST", "/auth/login", { body: { email: input.email, password: input.password } });
    expect(login.status).toBe(200);
    expect((await api("GET", "/kyc", { token: login.body.accessToken })).body.status).toBe("draft");
  });

  it("finishes a half-done application at the next sign-in", async () => {
    const input = application();
    const broken = await startAnotherVendorApi(stack, { VENDOR_KYC_URL: "http://127.0.0.1:9" });
    try {
      const failed = await call(`${broken.url}/vendor/v1`, "POST", "/applications", { body: input });
      expect(failed).toMatchObject({ status: 502, body: { type: "/problems/upstream-unreachable" } });
    } finally {
      await broken.stop();
    }
    const [pending] = await stack.gateway.database.query(`SELECT status, vendor_id FROM vendor_user WHERE email = $1`, [
      input.email,
    ]);
    expect(pending).toEqual({ status: "pending", vendor_id: null });
    // Applying again is a 409 like any existing email; the sign-in finishes the application.
    expect(await api("POST", "/applications", { body: input })).toMatchObject({
      status: 409,
      body: { type: "/problems/email-taken" },
    });
    const signedIn = await api("POST", "/auth/login", { body: { email: input.email, password: input.password } });
    expect(signedIn.status).toBe(200);
    const kyc = await api("GET", "/kyc", { token: signedIn.body.accessToken });
    expect(kyc.body).toMatchObject({ status: "draft", application: { legalName: input.legalName } });
    const again = await api("POST", "/auth/login", { body: { email: input.email, password: input.password } });
    expect((await api("GET", "/kyc", { token: again.body.accessToken })).body.id).toBe(kyc.body.id);
    const [active] = await stack.gateway.database.query(
      `SELECT status, vendor_id, application FROM vendor_user WHERE email = $1`,
      [input.email],
    );
    expect(active).toEqual({ status: "active", vendor_id: kyc.body.id, application: null });
  });

  it("finds the same vendor again when vendor-kyc recorded the application but the gateway died before attaching it", async () => {
    const input = application();
    const broken = await startAnotherVendorApi(stack, { VENDOR_KYC_URL: "http://127.0.0.1:9" });
    try {
      expect((await call(`${broken.url}/vendor/v1`, "POST", "/applications", { body: input })).status).toBe(502);
    } finally {
      await broken.stop();
    }
    const [user] = await stack.gateway.database.query<{ id: string }>(`SELECT id FROM vendor_user WHERE email = $1`, [
      input.email,
    ]);
    // What a gateway that crashed after vendor-kyc's answer left behind: the application, recorded
    // under the pending user's id, and a user still without a vendor.
    const { email: _email, password: _password, ...company } = input;
    const recorded = await call(stack.vendorKyc.service.url, "POST", "/vendors", {
      body: company,
      headers: { "idempotency-key": user!.id },
    });
    expect(recorded.status).toBe(201);

    const signedIn = await api("POST", "/auth/login", { body: { email: input.email, password: input.password } });
    expect(signedIn.status).toBe(200);
    expect((await api("GET", "/kyc", { token: signedIn.body.accessToken })).body.id).toBe(recorded.body.id);
  });

  it("gives two parallel applications with one email and password the same vendor, not a 201 and a 409", async () => {
    const input = application();
    const answers = await Promise.all([
      api("POST", "/applications", { body: input }),
      api("POST", "/applications", { body: input }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([201, 201]);
    expect(answers[1]!.body.vendorId).toBe(answers[0]!.body.vendorId);
    expect(answers[1]!.body.userId).toBe(answers[0]!.body.userId);
    const vendors = await stack.vendorKyc.database.query(`SELECT id FROM vendor WHERE idempotency_key = $1`, [
      answers[0]!.body.userId,
    ]);
    expect(vendors).toEqual([{ id: answers[0]!.body.vendorId }]);
  });

  it("answers an existing email with the same 409 whatever the password: applying is no password oracle", async () => {
    const input = application();
    expect((await api("POST", "/applications", { body: input })).status).toBe(201);
    const right = await api("POST", "/applications", { body: input });
    const wrong = await api("POST", "/applications", { body: { ...input, password: "somebody else's passphrase" } });
    expect(right).toMatchObject({ status: 409, body: { type: "/problems/email-taken" } });
    const { instance: _right, ...rightProblem } = right.body;
    const { instance: _wrong, ...wrongProblem } = wrong.body;
    expect(wrongProblem).toEqual(rightProblem);
    expect(right.body.tokens).toBeUndefined();
  });

  it("counts an application with an existing email toward the address's sign-in limit, shared with the login", async () => {
    stack.clock.advanceBy(61 * 60 * 1000); // the failures of this file's other tests leave the hour
    const strict = await startAnotherVendorApi(stack, {
      VENDOR_KYC_URL: stack.vendorKyc.service.url,
      AUTH_FAILED_PASSWORDS_PER_ADDRESS_PER_HOUR: "2",
    });
    const strictApi = (method: string, path: string, options?: Parameters<typeof call>[3]) =>
      call(`${strict.url}/vendor/v1`, method, path, options);
    try {
      const input = application();
      expect((await strictApi("POST", "/applications", { body: input })).status).toBe(201);
      expect((await strictApi("POST", "/applications", { body: input })).status).toBe(409);
      expect(
        (await strictApi("POST", "/auth/login", { body: { email: input.email, password: "not it at all" } })).status,
      ).toBe(401);
      const stopped = await strictApi("POST", "/applications", { body: input });
      expect(stopped).toMatchObject({ status: 429, body: { type: "/problems/too-many-attempts" } });
      expect(Number(stopped.headers.get("retry-after"))).toBeGreaterThan(0);
      const login = await strictApi("POST", "/auth/login", { body: { email: input.email, password: input.password } });
      expect(login.status).toBe(429);
    } finally {
      await strict.stop();
    }
  });

  it("names invalid fields of an application (400)", async () => {
    const invalid = await api("POST", "/applications", {
      body: {
        email: "x",
        password: "short",
        publicContact: {},
        representatives: [],
        beneficialOwners: [{ firstName: "A", lastName: "B", birthDate: "1980-01-01", sharePercent: 10 }],
      },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining([
        "email",
        "password",
        "legalName",
        "registrationNumber",
        "vatNumber",
        "registeredAddress",
        "publicContact.email",
        "representatives",
        "beneficialOwners.0.sharePercent",
      ]),
    );
  });
});

describe("API keys", () => {
  let token: string;
  beforeAll(async () => {
    token = (await api("POST", "/applications", { body: application() })).body.tokens.accessToken;
  });

  it("shows the secret once, lists keys without it, authenticates with it and stops at revocation", async () => {
    const created = await api("POST", "/api-keys", { token, body: { name: "CI deploys" } });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^mkt_live_[0-9a-f]{32}_[0-9a-f]{64}$/);
    expect(created.body.key.startsWith(`${created.body.prefix}_`)).toBe(true);

    const listed = await api("GET", "/api-keys", { token: created.body.key });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      {
        id: created.body.id,
        name: "CI deploys",
        prefix: created.body.prefix,
        createdAt: expect.any(String),
        lastUsedAt: expect.any(String),
        revokedAt: null,
      },
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key.slice(-64));
    const [row] = await stack.gateway.database.query<{ secret_hash: string }>(
      `SELECT secret_hash FROM api_key WHERE id = $1`,
      [created.body.id],
    );
    expect(row!.secret_hash).not.toContain(created.body.key.slice(-64));

    expect((await api("DELETE", `/api-keys/${created.body.id}`, { token })).status).toBe(204);
    const refused = await api("GET", "/api-keys", { token: created.body.key });
    expect(refused.status).toBe(401);
    expect(refused.body.items).toBeUndefined();
    expect((await api("GET", "/api-keys", { token })).body.items[0].revokedAt).toEqual(expect.any(String));
  });

  it("updates lastUsedAt at most once a minute", async () => {
    const created = (await api("POST", "/api-keys", { token, body: { name: "throttled" } })).body;
    const lastUsed = async () =>
      ((await api("GET", "/api-keys", { token })).body.items as Json[]).find((k) => k.id === created.id).lastUsedAt;
    await api("GET", "/api-keys", { token: created.key });
    const first = await lastUsed();
    stack.clock.advanceBy(30_000);
    await api("GET", "/api-keys", { token: created.key });
    expect(await lastUsed()).toBe(first);
    stack.clock.advanceBy(31_000);
    await api("GET", "/api-keys", { token: created.key });
    expect(new Date(await lastUsed()).getTime()).toBeGreaterThan(new Date(first).getTime());
  });

  it("does not let an API key create keys", async () => {
    const created = (await api("POST", "/api-keys", { token, body: { name: "automation" } })).body;
    const refused = await api("POST", "/api-keys", { token: created.key, body: { name: "copy" } });
    expect(refused).toMatchObject({ status: 403 });
    expect(refused.body.key).toBeUndefined();
  });

  it("rotates refresh tokens and logs out like buyers do", async () => {
    const input = application();
    const applied = (await api("POST", "/applications", { body: input })).body;
    const renewed = await api("POST", "/auth/refresh", { body: { refreshToken: applied.tokens.refreshToken } });
    expect(renewed.status).toBe(200);
    expect((await api("POST", "/auth/refresh", { body: { refreshToken: applied.tokens.refreshToken } })).status).toBe(
      401,
    );
    expect((await api("POST", "/auth/refresh", { body: { refreshToken: renewed.body.refreshToken } })).status).toBe(
      401,
    );
    const login = (await api("POST", "/auth/login", { body: { email: input.email, password: input.password } })).body;
    expect((await api("POST", "/auth/logout", { body: { refreshToken: login.refreshToken } })).status).toBe(204);
    expect((await api("POST", "/auth/refresh", { body: { refreshToken: login.refreshToken } })).status).toBe(401);
  });
});
