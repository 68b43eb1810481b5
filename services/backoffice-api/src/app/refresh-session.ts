import type { TokenPair } from "@mkt/contracts";
import type { BackofficeDeps } from "./deps.js";
import { claimsOf } from "./operator-claims.js";

/** A new token pair for a refresh token, as long as its operator still exists. */
export function refreshSession(
  deps: Pick<BackofficeDeps, "db" | "identity">,
  refreshToken: string,
): Promise<TokenPair> {
  const { db, identity } = deps;
  return identity.refresh(db, refreshToken, async (id) =>
    (await db.client.operator.findUnique({ where: { id } })) ? claimsOf({ id }) : undefined,
  );
}
