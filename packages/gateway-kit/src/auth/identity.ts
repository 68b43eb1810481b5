import type { Request } from "express";
import { z } from "zod";
import type { TokenPair } from "@mkt/contracts";
import { DomainError, type Clock, type Database, type PrismaLike, type SqlClient } from "@mkt/service-kit";
import type { AuthContext } from "./middleware.js";
import { decoyPasswordHash, verifyPassword } from "./password.js";
import { SIGN_IN_LIMITS, TooManyAttempts, createLoginThrottle, createSessionStore, throttleKeys } from "./sessions.js";
import { createAccessTokens, resolveTokenSecret, type AccessClaims } from "./tokens.js";

/** The settings every gateway adds: the signing secret of its access tokens, the per-address limits. */
export const authSettings = {
  /** HS256 secret, at least 32 characters; required with NODE_ENV=production. */
  AUTH_TOKEN_SECRET: z.string().min(32, "at least 32 characters").optional(),
  /** Accounts (or vendor applications) one client address may create per hour. */
  AUTH_SIGNUPS_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).default(SIGN_IN_LIMITS.signUp.limit),
  /** Wrong passwords one client address may send per hour, across every account (credential stuffing). */
  AUTH_FAILED_PASSWORDS_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).default(SIGN_IN_LIMITS.address.limit),
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

/**
 * The client's address: Express's `req.ip`, which believes X-Forwarded-For only from the proxies
 * of the `TRUST_PROXY` setting; without one, the socket's peer.
 */
export function clientIp(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? "unknown";
}

/**
 * A gateway's sign-in machinery: access tokens for its audience, refresh-token families and login
 * throttling in its own database. The gateway supplies how to find an account and what its token
 * claims are; everything else is the same for buyers, vendor users and operators.
 */
export function createGatewayIdentity(options: {
  config: {
    NODE_ENV: string;
    AUTH_TOKEN_SECRET?: string;
    AUTH_SIGNUPS_PER_ADDRESS_PER_HOUR?: number;
    AUTH_FAILED_PASSWORDS_PER_ADDRESS_PER_HOUR?: number;
  };
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
  const throttle = createLoginThrottle({
    clock: options.clock,
    limits: {
      ...SIGN_IN_LIMITS,
      address: {
        ...SIGN_IN_LIMITS.address,
        limit: options.config.AUTH_FAILED_PASSWORDS_PER_ADDRESS_PER_HOUR ?? SIGN_IN_LIMITS.address.limit,
      },
      signUp: {
        ...SIGN_IN_LIMITS.signUp,
        limit: options.config.AUTH_SIGNUPS_PER_ADDRESS_PER_HOUR ?? SIGN_IN_LIMITS.signUp.limit,
      },
    },
  });

  const answerRetryAfter = (req: Request) => (error: unknown) => {
    if (error instanceof TooManyAttempts) req.res?.set("Retry-After", String(error.retryAfterSeconds));
    throw error;
  };

  /**
   * One password attempt under the throttle (SignInLimits): the account, or undefined when the
   * email is unknown or the password wrong. Every attempt counts as a failure until proven
   * otherwise, recorded under a per-account advisory lock together with the check: parallel
   * guesses cannot all pass the check before any failure is recorded, so the limits are exact. The
   * lock is not held while hashing. An unknown email costs a hash verification too, so timing
   * does not reveal which accounts exist.
   */
  async function attemptPassword<C extends PrismaLike, A extends PasswordAccount>(
    db: Database<C>,
    input: { email: string; password: string; req: Request },
    find: (email: string) => Promise<A | undefined>,
  ): Promise<A | undefined> {
    const email = input.email.toLowerCase();
    const address = clientIp(input.req);
    const provisional = await db
      .transaction(async (tx) => {
        const sql = tx as unknown as SqlClient;
        await sql.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))`, throttleKeys.account(email));
        await throttle.checkPassword(sql, email, address);
        return throttle.recordFailure(sql, email, address);
      })
      .catch(answerRetryAfter(input.req));
    const account = await find(email);
    const matches = await verifyPassword(input.password, account?.passwordHash ?? (await decoyPasswordHash()));
    if (!account || !matches) return undefined;
    await throttle.forget(db.client, provisional);
    await throttle.clearPair(db.client, email, address);
    return account;
  }

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
     * Checks the password under the throttle (see `attemptPassword`): the account, or 401
     * InvalidCredentials whatever was wrong; a 429 with `Retry-After` while the attempt must wait.
     */
    async login<C extends PrismaLike, A extends PasswordAccount>(
      db: Database<C>,
      input: { email: string; password: string; req: Request },
      find: (email: string) => Promise<A | undefined>,
    ): Promise<A> {
      const account = await attemptPassword(db, input, find);
      if (!account) throw new InvalidCredentials();
      return account;
    },

    /**
     * A password check outside the login (e.g. an application repeated with an existing email):
     * the same throttle and the same counts as `login`, so it is no oracle beside it. True when
     * the password is the account's.
     */
    async checkPassword<C extends PrismaLike, A extends PasswordAccount>(
      db: Database<C>,
      input: { email: string; password: string; req: Request },
      account: A,
    ): Promise<boolean> {
      return (await attemptPassword(db, input, async () => account)) !== undefined;
    },

    /**
     * A sign-up refused because the email has an account (no password is checked, so there is no
     * oracle): counted as a failed attempt of the client's address across accounts, like a wrong
     * password at the login; a 429 with `Retry-After` once the address is over its limit.
     */
    async countExistingAccountAttempt<C extends PrismaLike>(db: Database<C>, req: Request): Promise<void> {
      const address = clientIp(req);
      await db
        .transaction(async (tx) => {
          const sql = tx as unknown as SqlClient;
          await sql.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))`, throttleKeys.address(address));
          await throttle.countAddressFailure(sql, address);
        })
        .catch(answerRetryAfter(req));
    },

    /** Counts a sign-up (a new account) from the client's address: a 429 with `Retry-After` once over its hourly limit. */
    async countSignUp<C extends PrismaLike>(db: Database<C>, req: Request): Promise<void> {
      const address = clientIp(req);
      await db
        .transaction(async (tx) => {
          const sql = tx as unknown as SqlClient;
          await sql.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))`, throttleKeys.signUp(address));
          await throttle.countSignUp(sql, address);
        })
        .catch(answerRetryAfter(req));
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

/** What a gateway's composition has at hand: its parsed settings (with `authSettings`), its logger, its clock. */
export interface GatewayPlatform {
  config: Parameters<typeof createGatewayIdentity>[0]["config"];
  log: { warn(message: string): void };
  clock: Clock;
}

/**
 * A gateway's identity built from its platform, the one way its `compose` writes it: the token
 * secret and per-address limits from its settings, warnings to its logger, time from its clock.
 * The audience is the gateway's name, so its tokens are refused by the other gateways.
 */
export function gatewayIdentity(platform: GatewayPlatform, audience: string): GatewayIdentity {
  const { config, log, clock } = platform;
  return createGatewayIdentity({ config, log: { warn: (message) => log.warn(message) }, clock, audience });
}
