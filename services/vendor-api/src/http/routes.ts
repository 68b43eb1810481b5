import express, { type Request, type Router } from "express";
import { mountEndpoint } from "@mkt/service-kit";
import { authOf, authenticate, buildOpenApiDocument, serveApiDocs, serviceIdempotencyKey } from "@mkt/gateway-kit";
import { inviteUser, listUsers, updateUser } from "../app/users.js";
import { createApiKey, listApiKeys, revokeApiKey } from "../app/api-keys.js";
import { applyAsVendor } from "../app/apply.js";
import { refreshSession } from "../app/refresh-session.js";
import { signIn } from "../app/sign-in.js";
import { verifyCredential } from "../app/verify-credential.js";
import type { VendorApiDeps } from "../app/deps.js";
import {
  GetVendorBalance,
  ListVendorLedger,
  AcceptOrder,
  DeliverOrder,
  DownloadOrderDocument,
  GetOrder,
  ListOrders,
  ListSubscriptions,
  RefuseOrder,
  AddPlan,
  CreateProduct,
  DeleteKycDocument,
  DownloadKycDocument,
  GetVendorKyc,
  GetVendorProduct,
  ListNotifications,
  ListVendorProducts,
  PublishProduct,
  RetirePlan,
  SetBankAccount,
  SubmitVendorApplication,
  UnpublishProduct,
  UpdatePlan,
  UpdateProduct,
  UpdateVendorApplication,
  UploadKycDocument,
  notificationRecipient,
} from "@mkt/contracts";
import { mountDisputeRoutes } from "./dispute-routes.js";
import { createWebhook, deleteWebhook, listWebhookDeliveries, listWebhooks } from "../app/webhooks.js";
import { subscriptionEndpoints } from "./subscription-endpoints.js";
import { subscriptionRoutes } from "./subscription-routes.js";
import {
  GetMyBalance,
  ListMyLedger,
  AcceptMyOrder,
  DeliverMyOrder,
  DownloadMyOrderDocument,
  GetMyOrder,
  ListMyOrders,
  ListMySubscriptions,
  RefuseMyOrder,
  AddMyPlan,
  Apply,
  BASE_PATH,
  CreateMyProduct,
  DeleteMyKycDocument,
  DownloadMyKycDocument,
  GetMyKyc,
  GetMyProduct,
  ListMyNotifications,
  ListMyProducts,
  PublishMyProduct,
  RetireMyPlan,
  SetMyBankAccount,
  SubmitMyApplication,
  UnpublishMyProduct,
  UpdateMyApplication,
  UpdateMyPlan,
  UpdateMyProduct,
  UploadMyKycDocument,
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
  ListUsers,
  InviteUser,
  UpdateUser,
  securitySchemes,
  vendorApiEndpoints,
} from "./endpoints.js";

/** Every route of the vendor API: those of endpoints.ts and the subscription routes'. */
export const publicEndpoints = [...vendorApiEndpoints, ...subscriptionEndpoints] as const;

export const openApiDocument = () =>
  buildOpenApiDocument({
    title: "Marketplace vendor API",
    version: "1.0.0",
    description:
      "Vendors: applications and KYC, sign-in, API keys, listings, orders (validate within 48 hours, deliver, documents) and signed event webhooks (money to come).",
    serverUrl: BASE_PATH,
    endpoints: publicEndpoints,
    securitySchemes,
  });

/** The vendor API under /vendor/v1: applying and signing in are open; the rest needs a vendor token or API key. */
export function vendorApiRoutes(router: Router, deps: VendorApiDeps): void {
  serveApiDocs(router, { document: openApiDocument() });
  const { db, identity } = deps;

  const open = express.Router();
  mountEndpoint(open, Apply, async ({ body, req }) => applyAsVendor(deps, body, req));
  mountEndpoint(open, Login, async ({ body, req }) => signIn(deps, body, req));
  mountEndpoint(open, Refresh, async ({ body }) => refreshSession(deps, body.refreshToken));
  mountEndpoint(open, Logout, async ({ body }) => identity.logout(db, body.refreshToken));
  router.use(BASE_PATH, open);

  const vendor = express.Router();
  vendor.use(
    authenticate({
      roles: ["vendor"],
      endpoints: publicEndpoints,
      verify: (credential) => verifyCredential(deps, credential),
    }),
  );
  mountEndpoint(vendor, CreateApiKey, async ({ body, req }) => createApiKey(deps, authOf(req), body.name));
  mountEndpoint(vendor, ListApiKeys, async ({ req }) => listApiKeys(deps, authOf(req).vendorId!));
  mountEndpoint(vendor, RevokeApiKey, async ({ params, req }) => revokeApiKey(deps, authOf(req).vendorId!, params.id));
  // Users: anyone of the vendor lists them; owners and admins (signed in, not by API key) manage them.
  mountEndpoint(vendor, ListUsers, async ({ req }) => listUsers(deps, authOf(req).vendorId!));
  mountEndpoint(vendor, InviteUser, async ({ body, req }) => inviteUser(deps, authOf(req), body));
  mountEndpoint(vendor, UpdateUser, async ({ params, body, req }) => updateUser(deps, authOf(req), params.id, body));
  mountEndpoint(vendor, CreateWebhook, async ({ body, idempotencyKey, req }) =>
    createWebhook(deps, authOf(req).vendorId!, body, serviceIdempotencyKey(idempotencyKey)),
  );
  mountEndpoint(vendor, ListWebhooks, async ({ req }) => listWebhooks(deps, authOf(req).vendorId!));
  mountEndpoint(vendor, DeleteWebhook, async ({ params, req }) =>
    deleteWebhook(deps, authOf(req).vendorId!, params.id),
  );
  mountEndpoint(vendor, ListWebhookDeliveriesOfVendor, async ({ params, query, req }) =>
    listWebhookDeliveries(deps, authOf(req).vendorId!, params.id, query),
  );
  // Always the caller's own history: the recipient comes from its credential, never from the request.
  mountEndpoint(vendor, ListMyNotifications, async ({ query, req }) =>
    deps.notification.call(ListNotifications, {
      query: { ...query, recipient: notificationRecipient.vendor(authOf(req).vendorId!) },
    }),
  );

  // KYC and listings: the vendor id always comes from the credential (token or API key), never
  // from the request; vendor-kyc and the catalog scope by it, so another vendor's document or
  // listing is a 404 from there. Their problems (409, 413, 415, 422 with errors[]) pass through.
  const vendorIdOf = (req: Request) => authOf(req).vendorId!;
  mountEndpoint(vendor, GetMyKyc, async ({ req }) =>
    deps.vendorKyc.call(GetVendorKyc, { params: { vendorId: vendorIdOf(req) } }),
  );
  mountEndpoint(vendor, UpdateMyApplication, async ({ body, req }) =>
    deps.vendorKyc.call(UpdateVendorApplication, { params: { vendorId: vendorIdOf(req) }, body }),
  );
  mountEndpoint(vendor, UploadMyKycDocument, async ({ body, file, req }) =>
    deps.vendorKyc.call(UploadKycDocument, { params: { vendorId: vendorIdOf(req) }, body, file }),
  );
  mountEndpoint(vendor, DownloadMyKycDocument, async ({ params, req }) =>
    deps.vendorKyc.call(DownloadKycDocument, { params: { vendorId: vendorIdOf(req), documentId: params.id } }),
  );
  mountEndpoint(vendor, DeleteMyKycDocument, async ({ params, req }) => {
    await deps.vendorKyc.call(DeleteKycDocument, { params: { vendorId: vendorIdOf(req), documentId: params.id } });
  });
  mountEndpoint(vendor, SubmitMyApplication, async ({ req }) =>
    deps.vendorKyc.call(SubmitVendorApplication, { params: { vendorId: vendorIdOf(req) } }),
  );
  mountEndpoint(vendor, SetMyBankAccount, async ({ body, req }) =>
    deps.vendorKyc.call(SetBankAccount, { params: { vendorId: vendorIdOf(req) }, body }),
  );

  const listing = (req: Request, productId: string) => ({ vendorId: vendorIdOf(req), productId });
  mountEndpoint(vendor, CreateMyProduct, async ({ body, idempotencyKey, req }) =>
    deps.catalog.call(CreateProduct, {
      params: { vendorId: vendorIdOf(req) },
      body,
      idempotencyKey: serviceIdempotencyKey(idempotencyKey),
    }),
  );
  mountEndpoint(vendor, ListMyProducts, async ({ query, req }) =>
    deps.catalog.call(ListVendorProducts, { params: { vendorId: vendorIdOf(req) }, query }),
  );
  mountEndpoint(vendor, GetMyProduct, async ({ params, req }) =>
    deps.catalog.call(GetVendorProduct, { params: listing(req, params.id) }),
  );
  mountEndpoint(vendor, UpdateMyProduct, async ({ params, body, req }) =>
    deps.catalog.call(UpdateProduct, { params: listing(req, params.id), body }),
  );
  mountEndpoint(vendor, AddMyPlan, async ({ params, body, idempotencyKey, req }) =>
    deps.catalog.call(AddPlan, {
      params: listing(req, params.id),
      body,
      idempotencyKey: serviceIdempotencyKey(idempotencyKey),
    }),
  );
  mountEndpoint(vendor, UpdateMyPlan, async ({ params, body, req }) =>
    deps.catalog.call(UpdatePlan, { params: { ...listing(req, params.id), planId: params.planId }, body }),
  );
  mountEndpoint(vendor, RetireMyPlan, async ({ params, req }) =>
    deps.catalog.call(RetirePlan, { params: { ...listing(req, params.id), planId: params.planId } }),
  );
  mountEndpoint(vendor, PublishMyProduct, async ({ params, req }) =>
    deps.catalog.call(PublishProduct, { params: listing(req, params.id) }),
  );
  mountEndpoint(vendor, UnpublishMyProduct, async ({ params, req }) =>
    deps.catalog.call(UnpublishProduct, { params: listing(req, params.id) }),
  );

  // Orders: the order service scopes every call by the vendor id of the credential, so another
  // vendor's order is a 404; its 409s (already answered, not accepted yet) pass through.
  mountEndpoint(vendor, ListMyOrders, async ({ query, req }) =>
    deps.order.call(ListOrders, {
      query: {
        ...query,
        overdue: query.overdue === undefined ? undefined : query.overdue ? "true" : "false",
        vendorId: vendorIdOf(req),
      },
    }),
  );
  mountEndpoint(vendor, GetMyOrder, async ({ params, req }) =>
    deps.order.call(GetOrder, { params: { orderId: params.id }, query: { vendorId: vendorIdOf(req) } }),
  );
  mountEndpoint(vendor, AcceptMyOrder, async ({ params, req }) =>
    deps.order.call(AcceptOrder, { params: { orderId: params.id }, body: { vendorId: vendorIdOf(req) } }),
  );
  mountEndpoint(vendor, RefuseMyOrder, async ({ params, body, req }) =>
    deps.order.call(RefuseOrder, { params: { orderId: params.id }, body: { ...body, vendorId: vendorIdOf(req) } }),
  );
  mountEndpoint(vendor, DeliverMyOrder, async ({ params, body, req }) =>
    deps.order.call(DeliverOrder, { params: { orderId: params.id }, body: { ...body, vendorId: vendorIdOf(req) } }),
  );
  mountEndpoint(vendor, DownloadMyOrderDocument, async ({ params, req }) =>
    deps.order.call(DownloadOrderDocument, {
      params: { orderId: params.id, kind: params.kind },
      query: { vendorId: vendorIdOf(req) },
    }),
  );

  // Subscriptions: the subscription service scopes the list by the vendor id of the credential.
  mountEndpoint(vendor, ListMySubscriptions, async ({ query, req }) =>
    deps.subscription.call(ListSubscriptions, { query: { ...query, vendorId: vendorIdOf(req) } }),
  );
  // One of them in full, and its renewals' invoices (subscription-routes.ts).
  subscriptionRoutes(vendor, deps);

  // Money: the payout service's ledger, scoped by the vendor id of the credential.
  mountEndpoint(vendor, GetMyBalance, async ({ req }) =>
    deps.payout.call(GetVendorBalance, { params: { vendorId: vendorIdOf(req) } }),
  );
  mountEndpoint(vendor, ListMyLedger, async ({ query, req }) =>
    deps.payout.call(ListVendorLedger, { params: { vendorId: vendorIdOf(req) }, query }),
  );
  mountDisputeRoutes(vendor, deps);
  router.use(BASE_PATH, vendor);
}
