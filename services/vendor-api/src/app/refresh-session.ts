import type { TokenPair } from "@mkt/contracts";
import { claimsOf } from "./apply.js";
import type { VendorApiDeps } from "./deps.js";

/** A new token pair for a refresh token, as long as its user is still active and has a vendor. */
export function refreshSession(deps: Pick<VendorApiDeps, "db" | "identity">, refreshToken: string): Promise<TokenPair> {
  const { db, identity } = deps;
  return identity.refresh(db, refreshToken, async (id) => {
    const user = await db.client.vendorUser.findUnique({ where: { id } });
    return user?.vendorId && user.active ? claimsOf({ id: user.id, vendorId: user.vendorId }) : undefined;
  });
}
