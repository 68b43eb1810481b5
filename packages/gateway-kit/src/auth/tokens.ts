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
const ISSUER = "mkt";
const ROLES: readonly Role[] = ["buyer", "vendor", "operator"];

/**
 * Short-lived access tokens: JWT HS256 signed with the gateway's secret, `aud` = the gateway, so
 * a token issued by one gateway is refused by the others. Times come from the injectable clock.
 */
export function createAccessTokens(options: {
  secret: string;
  audience: string;
  clock: Clock;
  ttlSeconds?: number;
}): AccessTokens {
  const key = new TextEncoder().encode(options.secret);
  const ttl = options.ttlSeconds ?? ACCESS_TOKEN_TTL_SECONDS;
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
        return {
          sub: payload.sub,
          role,
          ...(typeof payload.vendorId === "string" ? { vendorId: payload.vendorId } : {}),
        };
      } catch (error) {
        if (error instanceof joseErrors.JOSEError || error instanceof TypeError) return undefined;
        throw error;
      }
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
