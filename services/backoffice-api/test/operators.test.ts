import { uniqueBusNamespace, deleteBusNamespace, startServiceForTest, OPERATOR, call } from "@mkt/testing";
import { backofficeApiService } from "../src/bootstrap.js";
import { DEVELOPMENT_OPERATOR } from "../src/app/first-operator.js";
import { migrationsDir, startBackofficeStack, submittedVendor, type BackofficeStack } from "./support/backoffice.js";

let stack: BackofficeStack;
beforeAll(async () => {
  stack = await startBackofficeStack("backoffice-operators");
});
afterAll(() => stack?.stop());

const api = (method: string, path: string, options?: Parameters<typeof call>[3]) =>
  call(stack.url, method, path, options);
const login = async () => (await api("POST", "/auth/login", { body: OPERATOR })).body;

describe("operators", () => {
  it("creates the first operator from the settings, who can sign in", async () => {
    const rows = await stack.gateway.database.query(`SELECT email FROM operator`);
    expect(rows).toEqual([{ email: OPERATOR.email }]);
    expect((await api("POST", "/auth/login", { body: OPERATOR })).status).toBe(200);
    expect((await api("POST", "/auth/login", { body: { ...OPERATOR, password: "not the password" } })).status).toBe(
      401,
    );
  });

  it("approves a vendor's KYC through vendor-kyc, with no body as before, which announces vendor.approved", async () => {
    const vendorId = await submittedVendor(stack);
    const approved = await api("POST", `/kyc/reviews/${vendorId}/approve`, { token: (await login()).accessToken });
    expect(approved).toMatchObject({
      status: 200,
      body: { id: vendorId, status: "approved", decidedAt: expect.any(String) },
    });
    const [operator] = await stack.gateway.database.query<{ id: string }>(`SELECT id FROM operator`);
    expect(approved.body.history).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: "approved", actor: { kind: "operator", id: operator!.id } }),
      ]),
    );
    const events = await stack.vendorKyc.database.query(
      `SELECT type FROM outbox_event WHERE payload->'data'->>'vendorId' = $1 AND type = 'vendor.approved'`,
      [vendorId],
    );
    expect(events).toHaveLength(1);
  });

  it("passes vendor-kyc's problems through: 409 for a second approval, 404 for an unknown vendor", async () => {
    const token = (await login()).accessToken;
    const vendorId = await submittedVendor(stack);
    await api("POST", `/kyc/reviews/${vendorId}/approve`, { token });
    const again = await api("POST", `/kyc/reviews/${vendorId}/approve`, { token });
    expect(again).toMatchObject({ status: 409, body: { type: expect.stringMatching(/^\/problems\//) } });
    const direct = await call(stack.vendorKyc.service.url, "POST", `/vendors/${vendorId}/approve`, {
      body: { operatorId: "0193b1a2-7c4e-7d2a-9f10-3c4d5e6f7a8b" },
    });
    expect({ ...again.body, instance: undefined }).toEqual({ ...direct.body, instance: undefined });
    expect((await api("POST", `/kyc/reviews/0193b1a2-7c4e-7d2a-9f10-3c4d5e6f7a8b/approve`, { token })).status).toBe(
      404,
    );
  });

  it("rotates refresh tokens and logs out", async () => {
    const tokens = await login();
    const renewed = await api("POST", "/auth/refresh", { body: { refreshToken: tokens.refreshToken } });
    expect(renewed.status).toBe(200);
    expect((await api("POST", "/auth/logout", { body: { refreshToken: renewed.body.refreshToken } })).status).toBe(204);
    expect((await api("POST", "/auth/refresh", { body: { refreshToken: renewed.body.refreshToken } })).status).toBe(
      401,
    );
  });
});

describe("the first operator's settings", () => {
  const startWith = async (env: Record<string, string>) => {
    const namespace = uniqueBusNamespace("backoffice-first-operator");
    try {
      const started = await startServiceForTest(backofficeApiService, { namespace, migrationsDir, env });
      return started;
    } finally {
      await deleteBusNamespace(namespace);
    }
  };

  it("refuses to start with a weak operator password", async () => {
    await expect(startWith({ OPERATOR_EMAIL: "ops@example.org", OPERATOR_PASSWORD: "short" })).rejects.toThrow(
      /OPERATOR_PASSWORD must be at least 12 characters/,
    );
  });

  it("refuses to start in production without AUTH_TOKEN_SECRET", async () => {
    await expect(
      startWith({ NODE_ENV: "production", OPERATOR_EMAIL: "ops@example.org", OPERATOR_PASSWORD: OPERATOR.password }),
    ).rejects.toThrow(/AUTH_TOKEN_SECRET is required/);
  });

  it("creates the development operator when none is configured outside production", async () => {
    const started = await startWith({});
    try {
      const rows = await started.database.query(`SELECT email FROM operator`);
      expect(rows).toEqual([{ email: DEVELOPMENT_OPERATOR.email }]);
    } finally {
      await started.stop();
    }
  });
});
