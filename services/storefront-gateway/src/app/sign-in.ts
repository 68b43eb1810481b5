import type { Request } from "express";
import type { TokenPair } from "@mkt/contracts";
import { claimsOf } from "./buyers.js";
import type { StorefrontDeps } from "./deps.js";

/** A buyer signs in with email and password (the identity counts failures per address and account). */
export async function signIn(
  deps: Pick<StorefrontDeps, "db" | "identity">,
  credentials: { email: string; password: string },
  req: Request,
): Promise<TokenPair> {
  const { db, identity } = deps;
  const buyer = await identity.login(
    db,
    { ...credentials, req },
    async (email) => (await db.client.buyer.findUnique({ where: { email } })) ?? undefined,
  );
  return identity.startSession(db, claimsOf(buyer));
}
