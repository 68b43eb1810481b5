import type { AccessClaims } from "@mkt/gateway-kit";

/** What an operator's access token says: who, and that they are an operator. */
export const claimsOf = (operator: { id: string }): AccessClaims => ({ sub: operator.id, role: "operator" });
