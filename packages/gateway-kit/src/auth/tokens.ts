import { SignJWT, jwtVerify, errors as joseErrors } from "jose";
import type { Clock } from "@mkt/service-kit";

/** Who a token speaks for. WIRE FORMAT: these claims are read by every gateway; renaming one logs everybody out. */
export type Role = "buyer" | "vendor" | "operator";

export interface AccessClaims {
  /** The account id (buyer, vendor user or operator). */
  sub: string;
  role: Role;
  /** The vendor a vendor user acts for. */
  vendorId?: string;
}

export interface IssuedAccessToken {
  token: string;
  expiresAt: Date;
  expiresInSeconds: number;
}

export interface AccessTokens {
  issue(claims: AccessClaims): Promise<IssuedAccessToken>;
  /** The claims of a valid token for this audience, or undefined (bad signature, expired, other audience, malformed). */
  verify(token: string): Promise<AccessClaims | undefined>;
}

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
/** Verified tokens kept per gateway process: ~0.5 kB each, so at most a few MB. */
export const VERIFIED_TOKENS_KEPT = 10_000;
const ISSUER = "mkt";
const ROLES: readonly Role[] = ["buyer", "vendor", "operator"];

/**
 * Short-lived access tokens: JWT HS256 signed with the gateway's secret, `aud` = the gateway, so
 * a token issued by one gateway is refused by the others. Times come from the injectable clock.
 *
 * A verified token is remembered (its exact string → its claims) until its `exp`, in a bounded
 * LRU: a client sends the same token on every call for 15 minutes, and checking its signature
 * again each time was 7–11% of a gateway's CPU. Nothing else can change a valid token's answer:
 * the secret and audience are fixed for the process, and access tokens are not revoked (sign-out
 * revokes the refresh token; a deactivated vendor user is checked in the database per request,
 * after this).
 */
export function createAccessTokens(options: {
  secret: string;
  audience: string;
  clock: Clock;
  ttlSeconds?: number;
  /** How many verified tokens to remember; 0 verifies every time. */
  verifiedTokensKept?: number;
}): AccessTokens {
  const key = new TextEncoder().encode(options.secret);
  const ttl = options.ttlSeconds ?? ACCESS_TOKEN_TTL_SECONDS;
  const verified = createVerifiedTokenCache(options.verifiedTokensKept ?? VERIFIED_TOKENS_KEPT);
  return {
    async issue(claims) {
      const now = Math.floor(options.clock.now().getTime() / 1000);
      const token = await new SignJWT({ role: claims.role, ...(claims.vendorId ? { vendorId: claims.vendorId } : {}) })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setSubject(claims.sub)
        .setIssuer(ISSUER)
        .setAudience(options.audience)
        .setIssuedAt(now)
        .setExpirationTime(now + ttl)
        .sign(key);
      return { token, expiresAt: new Date((now + ttl) * 1000), expiresInSeconds: ttl };
    },
    async verify(token) {
      const nowSeconds = Math.floor(options.clock.now().getTime() / 1000);
      const remembered = verified.get(token, nowSeconds);
      if (remembered) return { ...remembered };
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ["HS256"],
          issuer: ISSUER,
          audience: options.audience,
          currentDate: options.clock.now(),
          requiredClaims: ["sub", "exp", "iat"],
          clockTolerance: 0,
        });
        const role = payload.role as Role;
        if (typeof payload.sub !== "string" || !ROLES.includes(role)) return undefined;
        if (payload.vendorId !== undefined && typeof payload.vendorId !== "string") return undefined;
        const claims: AccessClaims = {
          sub: payload.sub,
          role,
          ...(typeof payload.vendorId === "string" ? { vendorId: payload.vendorId } : {}),
        };
        verified.remember(token, Object.freeze(claims), payload.exp!);
        return { ...claims };
      } catch (error) {
        if (error instanceof joseErrors.JOSEError || error instanceof TypeError) return undefined;
        throw error;
      }
    },
  };
}

/**
 * The claims of tokens already verified, until their `exp` (epoch seconds): valid while
 * `now < exp`, the rule jose applies with no clock tolerance. Least recently used first out of
 * a Map (insertion order), so a flood of distinct valid tokens costs at most `capacity` entries.
 */
export function createVerifiedTokenCache(capacity: number) {
  const entries = new Map<string, { claims: Readonly<AccessClaims>; exp: number }>();
  return {
    get(token: string, nowSeconds: number): Readonly<AccessClaims> | undefined {
      const entry = entries.get(token);
      if (!entry) return undefined;
      entries.delete(token);
      if (nowSeconds >= entry.exp) return undefined;
      entries.set(token, entry);
      return entry.claims;
    },
    remember(token: string, claims: Readonly<AccessClaims>, exp: number): void {
      if (capacity <= 0) return;
      entries.delete(token);
      entries.set(token, { claims, exp });
      if (entries.size > capacity) entries.delete(entries.keys().next().value!);
    },
    get size() {
      return entries.size;
    },
  };
}

/** A fixed secret so a developer machine works out of the box; refused in production (see resolveTokenSecret). */
export const DEVELOPMENT_TOKEN_SECRET = "development-only-token-secret-do-not-use-in-production";

/**
 * The signing secret from `AUTH_TOKEN_SECRET`: required with NODE_ENV=production (the gateway
 * refuses to start without it), otherwise a fixed development default, with a warning.
 */
export function resolveTokenSecret(
  config: { NODE_ENV: string; AUTH_TOKEN_SECRET?: string },
  log?: { warn(message: string): void },
): string {
  if (config.AUTH_TOKEN_SECRET) return config.AUTH_TOKEN_SECRET;
  if (config.NODE_ENV === "production")
    throw new Error("AUTH_TOKEN_SECRET is required when NODE_ENV=production (at least 32 characters)");
  log?.warn("AUTH_TOKEN_SECRET is not set: using the development default secret (never do this in production)");
  return DEVELOPMENT_TOKEN_SECRET;
}
