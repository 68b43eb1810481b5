import express from "express";
import type { AddressInfo } from "node:net";
import pino from "pino";
import {
  apiKeySecretMatches,
  authOf,
  authenticate,
  createAccessTokens,
  createVerifiedTokenCache,
  decideRefresh,
  generateApiKey,
  hashPassword,
  parseApiKey,
  passwordWeakness,
  resolveTokenSecret,
  shouldTouchLastUsed,
  passwordAttemptWait,
  windowWaitMs,
  verifyPassword,
} from "../src/index.js";
import { ControllableClock, createHttpApp, trustProxySetting } from "@mkt/service-kit";

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

  it("keeps answering a verified token from memory until its expiry, and not a second past it", async () => {
    const moving = new ControllableClock({ start: new Date("2026-11-24T10:00:00Z"), frozen: true });
    const remembering = createAccessTokens({ secret: "s".repeat(32), audience: "storefront-gateway", clock: moving });
    const { token } = await remembering.issue({ sub: "b-1", role: "buyer" });
    await expect(remembering.verify(token)).resolves.toEqual({ sub: "b-1", role: "buyer" });
    moving.advanceBy(minutes(15) - 1000);
    await expect(remembering.verify(token)).resolves.toEqual({ sub: "b-1", role: "buyer" });
    moving.advanceBy(1000);
    await expect(remembering.verify(token)).resolves.toBeUndefined();
    // Refused from memory as jose refuses it: still refused on the next call.
    await expect(remembering.verify(token)).resolves.toBeUndefined();
  });

  it("hands each caller its own copy of remembered claims", async () => {
    const { token } = await tokens.issue({ sub: "v-user", role: "vendor", vendorId: "v-1" });
    const first = await tokens.verify(token);
    first!.vendorId = "v-2";
    await expect(tokens.verify(token)).resolves.toEqual({ sub: "v-user", role: "vendor", vendorId: "v-1" });
  });

  it("remembers a bounded number of tokens, the least recently used leaving first", () => {
    const cache = createVerifiedTokenCache(2);
    const claims = (sub: string) => ({ sub, role: "buyer" as const });
    cache.remember("a", claims("a"), 100);
    cache.remember("b", claims("b"), 100);
    expect(cache.get("a", 50)).toEqual(claims("a")); // a is now the most recently used
    cache.remember("c", claims("c"), 100);
    expect(cache.size).toBe(2);
    expect(cache.get("b", 50)).toBeUndefined();
    expect(cache.get("a", 50)).toEqual(claims("a"));
    expect(cache.get("c", 50)).toEqual(claims("c"));
    expect(cache.get("c", 100)).toBeUndefined();
    expect(cache.size).toBe(1);
    const none = createVerifiedTokenCache(0);
    none.remember("a", claims("a"), 100);
    expect(none.get("a", 50)).toBeUndefined();
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

describe("sign-in throttling (pure rules)", () => {
  const now = new Date("2026-11-24T10:00:00Z");
  const ago = (m: number) => new Date(now.getTime() - minutes(m));
  const seconds = (n: number) => n * 1000;
  const times = (count: number, first = 1) => Array.from({ length: count }, (_, i) => ago(first + i));
  const none: Date[] = [];

  it("lets 5 failures of one account from one address pass, then makes that pair wait 30 s, doubling per failure", () => {
    expect(passwordAttemptWait({ pair: times(4, 0), account: times(4, 0), address: times(4, 0) }, now).waitMs).toBe(0);
    const five = [now, ...times(4)];
    expect(passwordAttemptWait({ pair: five, account: five, address: five }, now)).toEqual({
      waitMs: seconds(30),
      reason: "account",
    });
    const six = [now, ...times(5)];
    expect(passwordAttemptWait({ pair: six, account: six, address: six }, now).waitMs).toBe(seconds(60));
    const nine = [now, ...times(8)];
    expect(passwordAttemptWait({ pair: nine, account: nine, address: nine }, now).waitMs).toBe(seconds(480));
  });

  it("grows the pair's delay up to an hour, never a lock: the wait runs from the last failure", () => {
    const many = [now, ...times(18)];
    expect(passwordAttemptWait({ pair: many, account: many, address: none }, now).waitMs).toBe(minutes(60));
    const later = new Date(now.getTime() + minutes(60));
    expect(passwordAttemptWait({ pair: many, account: many, address: none }, later).waitMs).toBe(0);
  });

  it("does not slow the owner's first attempt from another address, even past the account's ceiling", () => {
    const attacks = times(40, 0);
    expect(passwordAttemptWait({ pair: none, account: attacks, address: none }, now).waitMs).toBe(0);
  });

  it("past 20 failures of the account, gives each pair one free failure and doubles the delays per further 20", () => {
    const oneFailure = [ago(0)];
    expect(passwordAttemptWait({ pair: oneFailure, account: times(19, 0), address: none }, now).waitMs).toBe(0);
    expect(passwordAttemptWait({ pair: oneFailure, account: times(20, 0), address: none }, now).waitMs).toBe(
      seconds(60),
    );
    expect(passwordAttemptWait({ pair: oneFailure, account: times(40, 0), address: none }, now).waitMs).toBe(
      seconds(120),
    );
  });

  it("forgets failures older than a day", () => {
    const old = times(10, 24 * 60 + 1);
    expect(passwordAttemptWait({ pair: old, account: old, address: none }, now).waitMs).toBe(0);
  });

  it("limits failed passwords from one address across accounts to 100 an hour, until the oldest leaves the window", () => {
    // One wrong password every 6 seconds, each on another account: the 100th lands at now.
    const stuffing = Array.from({ length: 100 }, (_, i) => new Date(now.getTime() - seconds(6 * i)));
    expect(passwordAttemptWait({ pair: none, account: none, address: stuffing }, now)).toEqual({
      waitMs: minutes(60) - seconds(6 * 99),
      reason: "address",
    });
    expect(passwordAttemptWait({ pair: none, account: none, address: stuffing.slice(1) }, now).waitMs).toBe(0);
  });

  it("counts a fixed window: blocked while the limit lies in it, free when the oldest counted leaves", () => {
    const policy = { limit: 5, windowMs: minutes(15) };
    expect(windowWaitMs([ago(1), ago(2), ago(3), ago(4)], now, policy)).toBe(0);
    expect(windowWaitMs([ago(1), ago(2), ago(3), ago(4), ago(10)], now, policy)).toBe(minutes(5));
    expect(windowWaitMs([ago(1), ago(2), ago(3), ago(4), ago(16)], now, policy)).toBe(0);
  });
});

describe("the TRUST_PROXY setting", () => {
  it("believes nobody by default, and takes a hop count or proxies' addresses", () => {
    expect(trustProxySetting.parse(undefined)).toBe(false);
    expect(trustProxySetting.parse("")).toBe(false);
    expect(trustProxySetting.parse("false")).toBe(false);
    expect(trustProxySetting.parse("1")).toBe(1);
    expect(trustProxySetting.parse("loopback, 10.0.0.0/8, fd00::/8, 192.0.2.7")).toEqual([
      "loopback",
      "10.0.0.0/8",
      "fd00::/8",
      "192.0.2.7",
    ]);
  });

  it("refuses true (anyone could pick their address) and anything that is not an address", () => {
    expect(trustProxySetting.safeParse("true").success).toBe(false);
    expect(trustProxySetting.safeParse("proxy.internal").success).toBe(false);
    expect(trustProxySetting.safeParse("10.0.0.0/33").success).toBe(false);
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
