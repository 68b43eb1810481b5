import express, { type Router } from "express";
import { ApproveVendor } from "@mkt/contracts";
import { authenticate, buildOpenApiDocument, mountEndpoint, serveApiDocs, type AccessClaims, type GatewayIdentity, type ServiceClient, type ServiceDeps } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { ApproveKyc, BASE_PATH, Login, Logout, Refresh, backofficeEndpoints, securitySchemes } from "./endpoints.js";

export type BackofficeDeps = Pick<ServiceDeps<Db, Record<never, never>>, "db" | "clock"> & { identity: GatewayIdentity; vendorKyc: ServiceClient };

export const openApiDocument = () =>
  buildOpenApiDocument({
    title: "Marketplace back-office API",
    version: "1.0.0",
    description: "Operators: sign-in and KYC review (labels, disputes, payouts to come).",
    serverUrl: BASE_PATH,
    endpoints: backofficeEndpoints,
    securitySchemes,
  });

const claimsOf = (operator: { id: string }): AccessClaims => ({ sub: operator.id, role: "operator" });

/** The operators' API under /ops/v1: signing in is open, everything else needs an operator token. */
export function backofficeRoutes(router: Router, deps: BackofficeDeps): void {
  serveApiDocs(router, { document: openApiDocument() });
  const { db, identity } = deps;

  const open = express.Router();
  mountEndpoint(open, Login, async ({ body, req }) => {
    const operator = await identity.login(db, { ...body, req }, async (email) => (await db.client.operator.findUnique({ where: { email } })) ?? undefined);
    return identity.startSession(db, claimsOf(operator));
  });
  mountEndpoint(open, Refresh, async ({ body }) =>
    identity.refresh(db, body.refreshToken, async (id) => ((await db.client.operator.findUnique({ where: { id } })) ? claimsOf({ id }) : undefined)),
  );
  mountEndpoint(open, Logout, async ({ body }) => identity.logout(db, body.refreshToken));
  router.use(BASE_PATH, open);

  const operators = express.Router();
  operators.use(authenticate({ roles: ["operator"], verify: (credential) => identity.verifyAccessToken(credential) }));
  // vendor-kyc decides (404 unknown vendor, 409 not reviewable); its problems pass through as they are.
  mountEndpoint(operators, ApproveKyc, async ({ params }) => deps.vendorKyc.call(ApproveVendor, { params: { vendorId: params.vendorId } }));
  router.use(BASE_PATH, operators);
}
