import type { Request } from "express";
import type { TokenPair } from "@mkt/contracts";
import type { BackofficeDeps } from "./deps.js";
import { claimsOf } from "./operator-claims.js";

/** An operator signs in with email and password (the identity counts failures per address and account). */
export async function signIn(
  deps: Pick<BackofficeDeps, "db" | "identity">,
  credentials: { email: string; password: string },
  req: Request,
): Promise<TokenPair> {
  const { db, identity } = deps;
  const operator = await identity.login(
    db,
    { ...credentials, req },
    async (email) => (await db.client.operator.findUnique({ where: { email } })) ?? undefined,
  );
  return identity.startSession(db, claimsOf(operator));
}
