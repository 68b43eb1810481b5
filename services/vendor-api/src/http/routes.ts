import express, { type Router } from "express";
import { ForbiddenError, authOf, authenticate, buildOpenApiDocument, mountEndpoint, parseApiKey, serveApiDocs } from "@mkt/service-kit";
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from "../app/api-keys.js";
import { ApplicationIncomplete, applyAsVendor, claimsOf } from "../app/apply.js";
import type { VendorApiDeps } from "../app/deps.js";
import { ListNotifications, notificationRecipient } from "@mkt/contracts";
import { ListMyNotifications } from "./endpoints.js";
import { createWebhook, deleteWebhook, listWebhookDeliveries, listWebhooks } from "../app/webhooks.js";
import {
  Apply,
  BASE_PATH,
  CreateApiKey,
  CreateWebhook,
  DeleteWebhook,
  ListApiKeys,
  ListWebhookDeliveriesOfVendor,
  ListWebhooks,
  Login,
  Logout,
  Refresh,
  RevokeApiKey,
  securitySchemes,
  vendorApiEndpoints,
} from "./endpoints.js";

export const openApiDocument = () =>
  buildOpenApiDocument({
    title: "Marketplace vendor API",
    version: "1.0.0",
    description: "Vendors: applications, sign-in, API keys and signed event webhooks (listings, orders and money to come).",
    serverUrl: BASE_PATH,
    endpoints: vendorApiEndpoints,
    securitySchemes,
  });

/** The vendor API under /vendor/v1: applying and signing in are open; the rest needs a vendor token or API key. */
export function vendorApiRoutes(router: Router, deps: VendorApiDeps): void {
  serveApiDocs(router, { document: openApiDocument() });
  const { db, identity } = deps;

  const open = express.Router();
  mountEndpoint(open, Apply, async ({ body }) => applyAsVendor(deps, body));
  mountEndpoint(open, Login, async ({ body, req }) => {
    const user = await identity.login(db, { ...body, req }, async (email) => (await db.client.vendorUser.findUnique({ where: { email } })) ?? undefined);
    if (!user.vendorId) throw new ApplicationIncomplete();
    return identity.startSession(db, claimsOf({ id: user.id, vendorId: user.vendorId }));
  });
  mountEndpoint(open, Refresh, async ({ body }) =>
    identity.refresh(db, body.refreshToken, async (id) => {
      const user = await db.client.vendorUser.findUnique({ where: { id } });
      return user?.vendorId ? claimsOf({ id: user.id, vendorId: user.vendorId }) : undefined;
    }),
  );
  mountEndpoint(open, Logout, async ({ body }) => identity.logout(db, body.refreshToken));
  router.use(BASE_PATH, open);

  const vendor = express.Router();
  vendor.use(
    authenticate({
      roles: ["vendor"],
      verify: async (credential) => (parseApiKey(credential) ? authenticateApiKey(deps, credential) : identity.verifyAccessToken(credential)),
    }),
  );
  mountEndpoint(vendor, CreateApiKey, async ({ body, req }) => {
    const caller = authOf(req);
    // A key cannot mint keys: a leaked key must not outlive its revocation through a copy.
    if (caller.via !== "token") throw new ForbiddenError("API keys are created by a signed-in vendor user, not with an API key.");
    return createApiKey(deps, caller, body.name);
  });
  mountEndpoint(vendor, ListApiKeys, async ({ req }) => listApiKeys(deps, authOf(req).vendorId!));
  mountEndpoint(vendor, RevokeApiKey, async ({ params, req }) => revokeApiKey(deps, authOf(req).vendorId!, params.id));
  mountEndpoint(vendor, CreateWebhook, async ({ body, req }) => createWebhook(deps, authOf(req).vendorId!, body));
  mountEndpoint(vendor, ListWebhooks, async ({ req }) => listWebhooks(deps, authOf(req).vendorId!));
  mountEndpoint(vendor, DeleteWebhook, async ({ params, req }) => deleteWebhook(deps, authOf(req).vendorId!, params.id));
  mountEndpoint(vendor, ListWebhookDeliveriesOfVendor, async ({ params, query, req }) => listWebhookDeliveries(deps, authOf(req).vendorId!, params.id, query));
  // Always the caller's own history: the recipient comes from its credential, never from the request.
  mountEndpoint(vendor, ListMyNotifications, async ({ query, req }) =>
    deps.notification.call(ListNotifications, { query: { ...query, recipient: notificationRecipient.vendor(authOf(req).vendorId!) } }),
  );
  router.use(BASE_PATH, vendor);
}
