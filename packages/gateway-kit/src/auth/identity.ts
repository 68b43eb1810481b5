import type { Request } from "express";
import { z } from "zod";
import type { TokenPair } from "@mkt/contracts";
import { DomainError, type Clock, type Database, type PrismaLike, type SqlClient } from "@mkt/service-kit";
import type { AuthContext } from "./middleware.js";
import { decoyPasswordHash, verifyPassword } from "./password.js";
import { TooManyAttempts, createLoginThrottle, createSessionStore } from "./sessions.js";
import { createAccessTokens, resolveTokenSecret, type AccessClaims } from "./tokens.js";

/** The settings every gateway adds: the signing secret of its access tokens. */
export const authSettings = {
  /** HS256 secret, at least 32 characters; required with NODE_ENV=production. */
  AUTH_TOKEN_SECRET: z.string().min(32, "at least 32 characters").optional(),
};

/** Bad email or password, unknown account: one answer, so nobody learns which accounts exist. */
export class InvalidCredentials extends DomainError {
  constructor() {
    super({
      slug: "invalid-credentials",
      status: 401,
      title: "Unauthorized",
      detail: "The email or password is incorrect.",
    });
  }
}

export class InvalidRefreshToken extends DomainError {
  constructor() {
    super({
      slug: "invalid-refresh-token",
      status: 401,
      title: "Unauthorized",
      detail: "The refresh token is not valid; sign in again.",
    });
  }
}

export interface PasswordAccount {
  id: string;
  passwordHash: string;
}

/** The client's address as the socket sees it (`trust proxy` is off: X-Forwarded-For is not believed). */
export function clientIp(req: Request): string {
  return req.socket.remoteAddress ?? "unknown";
}

/**
 * A gateway's sign-in machinery: access tokens for its audience, refresh-token families and login
 * throttling in its own database. The gateway supplies how to find an account and what its token
 * claims are; everything else is the same for buyers, vendor users and operators.
 */
export function createGatewayIdentity(options: {
  config: { NODE_ENV: string; AUTH_TOKEN_SECRET?: string };
  log?: { warn(message: string): void };
  clock: Clock;
  audience: string;
}) {
  const tokens = createAccessTokens({
    secret: resolveTokenSecret(options.config, options.log),
    audience: options.audience,
    clock: options.clock,
  });
  const sessions = createSessionStore({ clock: options.clock });
  const throttle = createLoginThrottle({ clock: options.clock });

  async function pairFor(refresh: { refreshToken: string; expiresAt: Date }, claims: AccessClaims): Promise<TokenPair> {
    const access = await tokens.issue(claims);
    return {
      tokenType: "Bearer",
      accessToken: access.token,
      expiresIn: access.expiresInSeconds,
      refreshToken: refresh.refreshToken,
      refreshTokenExpiresAt: refresh.expiresAt.toISOString(),
    };
  }

  return {
    tokens,
    sessions,
    throttle,

    /** A new session (signup, first login) for an account. */
    async startSession<C extends PrismaLike>(db: Database<C>, claims: AccessClaims): Promise<TokenPair> {
      return pairFor(await sessions.start(db.client, claims.sub), claims);
    },

    /**
     * Checks the password under the throttle (per email and per client IP, counted in the
     * database); a 429 with `Retry-After` once over the limit. An unknown email costs a hash
     * verification too, so timing does not reveal which accounts exist.
     */
    async login<C extends PrismaLike, A extends PasswordAccount>(
      db: Database<C>,
      input: { email: string; password: string; req: Request },
      find: (email: string) => Promise<A | undefined>,
    ): Promise<A> {
      const keys = [`email:${input.email.toLowerCase()}`, `ip:${clientIp(input.req)}`];
      // Every attempt counts as a failure until proven otherwise, recorded under a per-email
      // advisory lock together with the check: parallel guesses cannot all pass the check before
      // any failure is recorded, so the limit is exact. The lock is not held while hashing.
      const provisional = await db
        .transaction(async (tx) => {
          const sql = tx as unknown as SqlClient;
          await sql.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))`, keys[0]);
          await throttle.check(sql, keys);
          return throttle.recordFailure(sql, keys);
        })
        .catch((error: unknown) => {
          if (error instanceof TooManyAttempts) input.req.res?.set("Retry-After", String(error.retryAfterSeconds));
          throw error;
        });
      const account = await find(input.email.toLowerCase());
      const matches = await verifyPassword(input.password, account?.passwordHash ?? (await decoyPasswordHash()));
      const outcome = account && matches ? account : undefined;
      if (outcome) {
        await throttle.forget(db.client, provisional);
        await throttle.clear(db.client, [keys[0]!]);
      }
      if (!outcome) throw new InvalidCredentials();
      return outcome;
    },

    /** Rotates a refresh token; the claims are read again (an account may have changed or gone). */
    async refresh<C extends PrismaLike>(
      db: Database<C>,
      refreshToken: string,
      claimsFor: (subjectId: string) => Promise<AccessClaims | undefined>,
    ): Promise<TokenPair> {
      const rotated = await sessions.rotate(db, refreshToken);
      if (!rotated.ok) throw new InvalidRefreshToken();
      const claims = await claimsFor(rotated.subjectId);
      if (!claims) throw new InvalidRefreshToken();
      return pairFor(rotated.next, claims);
    },

    async logout<C extends PrismaLike>(db: Database<C>, refreshToken: string): Promise<void> {
      await sessions.revoke(db.client, refreshToken);
    },

    /** For `authenticate({ verify })`: an access token of this gateway's audience. */
    async verifyAccessToken(credential: string): Promise<AuthContext | undefined> {
      const claims = await tokens.verify(credential);
      return claims
        ? {
            subject: claims.sub,
            role: claims.role,
            ...(claims.vendorId ? { vendorId: claims.vendorId } : {}),
            via: "token",
          }
        : undefined;
    },
  };
}
export type GatewayIdentity = ReturnType<typeof createGatewayIdentity>;
