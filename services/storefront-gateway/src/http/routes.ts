import express, { type Router } from "express";
import { authOf, authenticate, buildOpenApiDocument, mountEndpoint, serveApiDocs } from "@mkt/service-kit";
import { claimsOf, getBuyer, presentBuyer, signUp, updateProfile } from "../app/buyers.js";
import type { StorefrontDeps } from "../app/deps.js";
import { GetPublishedProduct, notificationRecipient, ListNotifications, SearchProducts as SearchCatalog } from "@mkt/contracts";
import { BASE_PATH, GetMe, GetProduct, ListMyNotifications, Login, Logout, Refresh, SearchProducts, Signup, UpdateMe, securitySchemes, storefrontEndpoints } from "./endpoints.js";

/**
 * Catalog answers are the same for everybody: browsers and shared caches may keep them briefly.
 * Short, because a publication, an unlisting or a new label should show within a minute.
 */
export const CATALOG_CACHE_CONTROL = "public, max-age=30, stale-while-revalidate=30";

export const openApiDocument = () =>
  buildOpenApiDocument({
    title: "Marketplace storefront API",
    version: "1.0.0",
    description: "Buyers: the public catalog, accounts, profiles and notification history (cart, checkout and purchases to come).",
    serverUrl: BASE_PATH,
    endpoints: storefrontEndpoints,
    securitySchemes,
  });

/** The public buyer API under /api/v1: sign-up and sign-in are open, everything else needs a buyer token. */
export function storefrontRoutes(router: Router, deps: StorefrontDeps): void {
  serveApiDocs(router, { document: openApiDocument() });
  const { db, identity } = deps;

  const open = express.Router();
  mountEndpoint(open, Signup, async ({ body }) => signUp(deps, body));
  mountEndpoint(open, Login, async ({ body, req }) => {
    const buyer = await identity.login(db, { ...body, req }, async (email) => (await db.client.buyer.findUnique({ where: { email } })) ?? undefined);
    return identity.startSession(db, claimsOf(buyer));
  });
  mountEndpoint(open, Refresh, async ({ body }) =>
    identity.refresh(db, body.refreshToken, async (id) => ((await db.client.buyer.findUnique({ where: { id } })) ? claimsOf({ id }) : undefined)),
  );
  mountEndpoint(open, Logout, async ({ body }) => identity.logout(db, body.refreshToken));
  // The public catalog: the catalog service answers; its problems (404) pass through unchanged.
  mountEndpoint(open, SearchProducts, async ({ query, req }) => {
    const { freeTrial, ...filters } = query;
    const page = await deps.catalog.call(SearchCatalog, { query: { ...filters, ...(freeTrial === undefined ? {} : { freeTrial: freeTrial ? "true" : "false" }) } });
    req.res?.set("Cache-Control", CATALOG_CACHE_CONTROL);
    return page;
  });
  mountEndpoint(open, GetProduct, async ({ params, req }) => {
    const product = await deps.catalog.call(GetPublishedProduct, { params: { productId: params.id } });
    req.res?.set("Cache-Control", CATALOG_CACHE_CONTROL);
    return product;
  });
  router.use(BASE_PATH, open);

  const buyer = express.Router();
  buyer.use(authenticate({ roles: ["buyer"], verify: (credential) => identity.verifyAccessToken(credential) }));
  // Always the caller's own profile: the id comes from the token, never from the request.
  mountEndpoint(buyer, GetMe, async ({ req }) => presentBuyer(await getBuyer(deps, authOf(req).subject)));
  mountEndpoint(buyer, UpdateMe, async ({ body, req }) => presentBuyer(await updateProfile(deps, authOf(req).subject, body)));
  mountEndpoint(buyer, ListMyNotifications, async ({ query, req }) =>
    deps.notification.call(ListNotifications, { query: { ...query, recipient: notificationRecipient.buyer(authOf(req).subject) } }),
  );
  router.use(BASE_PATH, buyer);
}
