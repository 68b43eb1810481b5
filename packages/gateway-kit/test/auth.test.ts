import express from "express";
import type { AddressInfo } from "node:net";
import pino from "pino";
import {
  apiKeySecretMatches,
  authOf,
  authenticate,
  createAccessTokens,
  decideRefresh,
  generateApiKey,
  hashPassword,
  parseApiKey,
  passwordWeakness,
  resolveTokenSecret,
  shouldTouchLastUsed,
  throttleWaitMs,
  verifyPassword,
} from "../src/index.js";
import { ControllableClock, createHttpApp } from "@mkt/service-kit";

const minutes = (n: number) => n * 60 * 1000;

describe("password hashing", () => {
  it("stores a self-describing scrypt hash that verifies the password and nothing else", async () => {
    const stored = await hashPassword("correct horse battery staple");
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    await expect(verifyPassword("correct horse battery staple", stored)).resolves.toBe(true);
    await expect(verifyPassword("correct horse battery stapler", stored)).resolves.toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same password here")).not.toBe(await hashPassword("same password here"));
  });

  it("says no to a malformed hash instead of throwing", async () => {
    await expect(verifyPassword("x", "bcrypt$whatever")).resolves.toBe(false);
    await expect(verifyPassword("x", "scrypt$abc$8$1$AA$AA")).resolves.toBe(false);
  });

  it("refuses short passwords", () => {
    expect(passwordWeakness("short")).toMatch(/at least 12/);
    expect(passwordWeakness("aaaaaaaaaaaaaaa")).toMatch(/repeat/);
    expect(passwordWeakness("a long enough passphrase")).toBeUndefined();
  });
});

describe("access tokens", () => {
  const clock = new ControllableClock({ start: new Date("2026-11-24T10:00:00Z"), frozen: true });
  const tokens = createAccessTokens({ secret: "s".repeat(32), audience: "storefront-gateway", clock });

  it("carries the subject, role and vendor for 15 minutes", async () => {
    const issued = await tokens.issue({ sub: "v-user", role: "vendor", vendorId: "v-1" });
    expect(issued.expiresInSeconds).toBe(900);
    await expect(tokens.verify(issued.token)).resolves.toEqual({ sub: "v-user", role: "vendor", vendorId: "v-1" });
    const later = new ControllableClock({ start: new Date(clock.now().getTime() + minutes(15)), frozen: true });
    await expect(
      createAccessTokens({ secret: "s".repeat(32), audience: "storefront-gateway", clock: later }).verify(issued.token),
    ).resolves.toBeUndefined();
  });

  it("refuses a token for another audience, signed with another secret, or tampered with", async () => {
    const { token } = await tokens.issue({ sub: "b-1", role: "buyer" });
    await expect(
      createAccessTokens({ secret: "s".repeat(32), audience: "vendor-api", clock }).verify(token),
    ).resolves.toBeUndefined();
    await expect(
      createAccessTokens({ secret: "t".repeat(32), audience: "storefront-gateway", clock }).verify(token),
    ).resolves.toBeUndefined();
    const [header, payload, signature] = token.split(".");
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), role: "operator" }),
    ).toString("base64url");
    await expect(tokens.verify(`${header}.${forged}.${signature}`)).resolves.toBeUndefined();
    await expect(tokens.verify("not-a-jwt")).resolves.toBeUndefined();
  });

  it("needs a secret in production and falls back to a development one elsewhere", () => {
    expect(() => resolveTokenSecret({ NODE_ENV: "production" })).toThrow(/AUTH_TOKEN_SECRET is required/);
    const warn = jest.fn();
    expect(resolveTokenSecret({ NODE_ENV: "development" }, { warn })).toMatch(/development/);
    expect(warn).toHaveBeenCalled();
    expect(resolveTokenSecret({ NODE_ENV: "production", AUTH_TOKEN_SECRET: "x".repeat(32) })).toBe("x".repeat(32));
  });
});

describe("refresh-token rotation rules", () => {
  const now = new Date("2026-11-24T10:00:00Z");
  const live = { expiresAt: new Date(now.getTime() + minutes(1)), retiredAt: null, revokedAt: null };
  it("rotates a live token, and treats a retired one presented again as theft", () => {
    expect(decideRefresh(live, now)).toBe("rotate");
    expect(decideRefresh({ ...live, retiredAt: now }, now)).toBe("reuse-detected");
  });
  it("refuses revoked and expired tokens", () => {
    expect(decideRefresh({ ...live, revokedAt: now, retiredAt: now }, now)).toBe("revoked");
    expect(decideRefresh({ ...live, expiresAt: now }, now)).toBe("expired");
  });
});

describe("login throttling", () => {
  const now = new Date("2026-11-24T10:00:00Z");
  const ago = (m: number) => new Date(now.getTime() - minutes(m));
  it("lets four failures through and blocks the fifth until the oldest leaves the 15-minute window", () => {
    expect(throttleWaitMs([ago(1), ago(2), ago(3), ago(4)], now)).toBe(0);
    expect(throttleWaitMs([ago(1), ago(2), ago(3), ago(4), ago(10)], now)).toBe(minutes(5));
    expect(throttleWaitMs([ago(1), ago(2), ago(3), ago(4), ago(16)], now)).toBe(0);
  });
});

describe("API keys", () => {
  it("are shown once as mkt_live_<id>_<secret>, found by id and checked against the stored hash", () => {
    const generated = generateApiKey(new Date());
    expect(generated.key.startsWith(`${generated.prefix}_`)).toBe(true);
    expect(generated.key).not.toContain(generated.secretHash);
    const parsed = parseApiKey(generated.key)!;
    expect(parsed.id).toBe(generated.id);
    expect(apiKeySecretMatches(parsed.secret, generated.secretHash)).toBe(true);
    expect(apiKeySecretMatches("0".repeat(64), generated.secretHash)).toBe(false);
    expect(parseApiKey("eyJhbGciOi.x.y")).toBeUndefined();
  });
  it("touch lastUsedAt at most once a minute", () => {
    const t = new Date("2026-11-24T10:00:00Z");
    expect(shouldTouchLastUsed(null, t)).toBe(true);
    expect(shouldTouchLastUsed(t, new Date(t.getTime() + 59_000))).toBe(false);
    expect(shouldTouchLastUsed(t, new Date(t.getTime() + 60_000))).toBe(true);
  });
});

describe("authenticate()", () => {
  let url: string;
  let close: () => void;
  beforeAll(async () => {
    const app = createHttpApp({
      service: "auth-test",
      log: pino({ level: "silent" }),
      bodyLimit: "1mb",
      readiness: {},
      routes: (router) => {
        const api = express.Router();
        api.use(
          authenticate({
            roles: ["buyer"],
            verify: async (credential) =>
              credential === "buyer"
                ? { subject: "b-1", role: "buyer", via: "token" }
                : credential === "vendor"
                  ? { subject: "v-1", role: "vendor", via: "token" }
                  : undefined,
          }),
        );
        api.get("/me", (req, res) => {
          res.json({ subject: authOf(req).subject });
        });
        router.use("/api", api);
      },
    });
    const server = app.listen(0);
    await new Promise((resolve) => server.once("listening", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => close());

  const get = async (authorization?: string) => {
    const response = await fetch(`${url}/api/me`, { headers: authorization ? { authorization } : {} });
    return {
      status: response.status,
      type: response.headers.get("content-type"),
      challenge: response.headers.get("www-authenticate"),
      body: (await response.json()) as Record<string, unknown>,
    };
  };

  it("lets a valid caller of an allowed role through", async () => {
    expect(await get("Bearer buyer")).toMatchObject({ status: 200, body: { subject: "b-1" } });
  });
  it("answers 401 problem+json with a challenge when the credential is missing or bad", async () => {
    for (const header of [undefined, "Bearer nope", "Basic abc"]) {
      const answer = await get(header);
      expect(answer).toMatchObject({
        status: 401,
        challenge: expect.stringContaining("Bearer"),
        body: { type: "/problems/unauthorized" },
      });
      expect(answer.type).toContain("application/problem+json");
      expect(answer.body.subject).toBeUndefined();
    }
  });
  it("answers 403 to a valid caller of another role", async () => {
    expect(await get("Bearer vendor")).toMatchObject({ status: 403, body: { type: "/problems/forbidden" } });
  });
});
