import type { TokenPair } from "@mkt/contracts";
import { claimsOf } from "./buyers.js";
import type { StorefrontDeps } from "./deps.js";

/** A new token pair for a refresh token, as long as its buyer still exists. */
export function refreshSession(
  deps: Pick<StorefrontDeps, "db" | "identity">,
  refreshToken: string,
): Promise<TokenPair> {
  const { db, identity } = deps;
  return identity.refresh(db, refreshToken, async (id) =>
    (await db.client.buyer.findUnique({ where: { id } })) ? claimsOf({ id }) : undefined,
  );
}
