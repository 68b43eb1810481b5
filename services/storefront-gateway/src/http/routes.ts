import express, { type Request, type Router } from "express";
import { answerStatus, mountEndpoint } from "@mkt/service-kit";
import { authOf, authenticate, buildOpenApiDocument, serveApiDocs, serviceIdempotencyKey } from "@mkt/gateway-kit";
import { getBuyer, presentBuyer, signUp, updateProfile } from "../app/buyers.js";
import { refreshSession } from "../app/refresh-session.js";
import { signIn } from "../app/sign-in.js";
import { mountDisputeRoutes } from "./dispute-routes.js";
import type { StorefrontDeps } from "../app/deps.js";
import {
  AddCartItem,
  ChangeCartItem,
  DownloadOrderDocument,
  GetCart,
  GetPublishedProduct,
  ListNotifications,
  ListOrders,
  RefreshCart,
  RemoveCartItem,
  SearchProducts as SearchCatalog,
  TokenizeSimulatedCard,
  notificationRecipient,
} from "@mkt/contracts";
import { payCart, readCheckout } from "../app/checkout.js";
import { cancelPurchase, getPurchase, withdrawPurchase } from "../app/purchases.js";
import { getMySubscription, listMySubscriptions } from "../app/subscriptions.js";
import { getMyPaymentMethod, replaceMyPaymentMethod } from "../app/payment-method.js";
import { subscriptionActionEndpoints } from "./subscription-endpoints.js";
import { subscriptionActionRoutes } from "./subscription-routes.js";
import {
  AddToMyCart,
  BASE_PATH,
  CancelMyPurchase,
  GetMySubscription,
  GetMyPaymentMethod,
  ListMySubscriptions,
  ChangeMyCartItem,
  CreateTestCard,
  DownloadMyPurchaseDocument,
  GetMe,
  GetMyCart,
  GetMyCheckout,
  GetMyPurchase,
  GetProduct,
  ListMyNotifications,
  ListMyPurchases,
  Login,
  Logout,
  PayMyCart,
  Refresh,
  RefreshMyCart,
  RemoveMyCartItem,
  ReplaceMyPaymentMethod,
  SearchProducts,
  Signup,
  UpdateMe,
  WithdrawMyPurchase,
  securitySchemes,
  storefrontEndpoints,
  type CheckoutResult,
} from "./endpoints.js";

/**
 * Catalog answers are the same for everybody: browsers and shared caches may keep them briefly.
 * Short, because a publication, an unlisting or a new label should show within a minute.
 */
export const CATALOG_CACHE_CONTROL = "public, max-age=30, stale-while-revalidate=30";

/** Every route of the public API: those of endpoints.ts and the subscription actions'. */
export const publicEndpoints = [...storefrontEndpoints, ...subscriptionActionEndpoints] as const;

export const openApiDocument = () =>
  buildOpenApiDocument({
    title: "Marketplace storefront API",
    version: "1.0.0",
    description:
      "Buyers: the public catalog, accounts, profiles, the cart, checkout, their purchases and documents, their subscriptions and the card their renewals are charged on, and their notification history.",
    serverUrl: BASE_PATH,
    endpoints: publicEndpoints,
    securitySchemes,
  });

/** A checkout's answer: its status code (201/200 completed, 202 still going) and, while pending, where to poll. */
function answerCheckout(req: Request, result: CheckoutResult): CheckoutResult {
  if (result.status !== "completed") {
    answerStatus(req, 202);
    req.res?.set("Location", `${BASE_PATH}/checkouts/${encodeURIComponent(result.checkoutId)}`);
  }
  return result;
}

/** The public buyer API under /api/v1: sign-up and sign-in are open, everything else needs a buyer token. */
export function storefrontRoutes(router: Router, deps: StorefrontDeps): void {
  serveApiDocs(router, { document: openApiDocument() });
  const { db, identity } = deps;

  const open = express.Router();
  // Counted per client address before anything is created (the identity's sign-up limit).
  mountEndpoint(open, Signup, async ({ body, req }) => {
    await identity.countSignUp(db, req);
    return signUp(deps, body);
  });
  mountEndpoint(open, Login, async ({ body, req }) => signIn(deps, body, req));
  mountEndpoint(open, Refresh, async ({ body }) => refreshSession(deps, body.refreshToken));
  mountEndpoint(open, Logout, async ({ body }) => identity.logout(db, body.refreshToken));
  // The public catalog: the catalog service answers; its problems (404) pass through unchanged.
  mountEndpoint(open, SearchProducts, async ({ query, req }) => {
    const { freeTrial, ...filters } = query;
    const page = await deps.catalog.call(SearchCatalog, {
      query: { ...filters, ...(freeTrial === undefined ? {} : { freeTrial: freeTrial ? "true" : "false" }) },
    });
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
  // Only the API's own routes ask for a token: an unknown path is a 404, whoever asks.
  buyer.use(
    authenticate({
      roles: ["buyer"],
      endpoints: publicEndpoints,
      verify: (credential) => identity.verifyAccessToken(credential),
    }),
  );
  // Always the caller's own profile: the id comes from the token, never from the request.
  mountEndpoint(buyer, GetMe, async ({ req }) => presentBuyer(await getBuyer(deps, authOf(req).subject)));
  mountEndpoint(buyer, UpdateMe, async ({ body, req }) =>
    presentBuyer(await updateProfile(deps, authOf(req).subject, body)),
  );
  mountEndpoint(buyer, ListMyNotifications, async ({ query, req }) =>
    deps.notification.call(ListNotifications, {
      query: { ...query, recipient: notificationRecipient.buyer(authOf(req).subject) },
    }),
  );

  // The cart, checkout and purchases: the buyer id always comes from the token, never from the
  // request; the cart and order services scope by it, so another buyer's checkout or order is a
  // 404 from there. Their problems (404, 409 with errors[]) pass through unchanged.
  const buyerIdOf = (req: Parameters<typeof authOf>[0]) => authOf(req).subject;
  mountEndpoint(buyer, GetMyCart, async ({ req }) => deps.cart.call(GetCart, { params: { buyerId: buyerIdOf(req) } }));
  mountEndpoint(buyer, AddToMyCart, async ({ body, idempotencyKey, req }) =>
    deps.cart.call(AddCartItem, {
      params: { buyerId: buyerIdOf(req) },
      body,
      idempotencyKey: serviceIdempotencyKey(idempotencyKey),
    }),
  );
  mountEndpoint(buyer, ChangeMyCartItem, async ({ params, body, req }) =>
    deps.cart.call(ChangeCartItem, { params: { buyerId: buyerIdOf(req), itemId: params.id }, body }),
  );
  mountEndpoint(buyer, RemoveMyCartItem, async ({ params, req }) =>
    deps.cart.call(RemoveCartItem, { params: { buyerId: buyerIdOf(req), itemId: params.id } }),
  );
  mountEndpoint(buyer, RefreshMyCart, async ({ req }) =>
    deps.cart.call(RefreshCart, { params: { buyerId: buyerIdOf(req) } }),
  );
  mountEndpoint(buyer, PayMyCart, async ({ body, idempotencyKey, req }) => {
    // The buyer hanging up stops the waiting, not the checkout (the same key finds it again).
    const gone = new AbortController();
    req.res?.on("close", () => gone.abort());
    return answerCheckout(req, await payCart(deps, buyerIdOf(req), { ...body, idempotencyKey }, gone.signal));
  });
  mountEndpoint(buyer, GetMyCheckout, async ({ params, req }) =>
    answerCheckout(req, await readCheckout(deps, buyerIdOf(req), params.id)),
  );
  mountEndpoint(buyer, ListMyPurchases, async ({ query, req }) =>
    deps.order.call(ListOrders, { query: { ...query, buyerId: buyerIdOf(req) } }),
  );
  mountEndpoint(buyer, GetMyPurchase, async ({ params, req }) => getPurchase(deps, buyerIdOf(req), params.orderId));
  mountEndpoint(buyer, DownloadMyPurchaseDocument, async ({ params, req }) =>
    deps.order.call(DownloadOrderDocument, {
      params: { orderId: params.orderId, kind: params.kind },
      query: { buyerId: buyerIdOf(req) },
    }),
  );
  mountEndpoint(buyer, CancelMyPurchase, async ({ params, req }) =>
    cancelPurchase(deps, buyerIdOf(req), params.orderId),
  );
  mountEndpoint(buyer, WithdrawMyPurchase, async ({ params, req }) =>
    withdrawPurchase(deps, buyerIdOf(req), params.orderId),
  );
  mountEndpoint(buyer, ListMySubscriptions, async ({ query, req }) => listMySubscriptions(deps, buyerIdOf(req), query));
  mountEndpoint(buyer, GetMySubscription, async ({ params, req }) =>
    getMySubscription(deps, buyerIdOf(req), params.id),
  );
  // The card the buyer's renewals are charged on: the buyer id from the token, as everywhere.
  mountEndpoint(buyer, GetMyPaymentMethod, async ({ req }) => getMyPaymentMethod(deps, buyerIdOf(req)));
  mountEndpoint(buyer, ReplaceMyPaymentMethod, async ({ body, idempotencyKey, req }) =>
    replaceMyPaymentMethod(deps, buyerIdOf(req), body.paymentMethod, idempotencyKey),
  );
  // Stopping renewal, paying an open period, a renewal's invoice (subscription-routes.ts).
  subscriptionActionRoutes(buyer, deps);
  // The simulated processor's test cards: never offered in production; elsewhere the payment
  // service answers (404 when it runs a real processor).
  if (!deps.production)
    mountEndpoint(buyer, CreateTestCard, async ({ body }) => deps.payment.call(TokenizeSimulatedCard, { body }));
  mountDisputeRoutes(buyer, deps);
  router.use(BASE_PATH, buyer);
}
