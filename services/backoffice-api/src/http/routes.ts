import type { BackofficeDeps } from "../app/deps.js";
import express, { type Router } from "express";
import {
  GetOrder,
  ListOrders,
  ApproveVendor,
  DownloadKycDocument,
  GetVendorKyc,
  GrantLabel,
  ListKycReviews,
  RejectVendor,
  RequestVendorInformation,
  RevokeLabel,
  UnlistProduct,
  VerifyBankAccount,
} from "@mkt/contracts";
import { mountEndpoint } from "@mkt/service-kit";
import { authOf, authenticate, buildOpenApiDocument, serveApiDocs } from "@mkt/gateway-kit";
import { mountDisputeRoutes } from "./dispute-routes.js";
import { refreshSession } from "../app/refresh-session.js";
import { signIn } from "../app/sign-in.js";
import { subscriptionEndpoints } from "./subscription-endpoints.js";
import { subscriptionRoutes } from "./subscription-routes.js";
import {
  ApproveKyc,
  BASE_PATH,
  DownloadReviewDocument,
  GetAnyOrder,
  ListAllOrders,
  GetReview,
  GrantOpenTrustedCloud,
  ListReviews,
  Login,
  Logout,
  Refresh,
  RejectKyc,
  RequestKycInformation,
  RevokeOpenTrustedCloud,
  Unlist,
  VerifyKycBankAccount,
  backofficeEndpoints,
  securitySchemes,
} from "./endpoints.js";

/** Every route of the back office: those of endpoints.ts and the subscription routes'. */
export const publicEndpoints = [...backofficeEndpoints, ...subscriptionEndpoints] as const;

export const openApiDocument = () =>
  buildOpenApiDocument({
    title: "Marketplace back-office API",
    version: "1.0.0",
    description:
      "Operators: sign-in, KYC review, listings (labels, unlisting) and orders (overdue ones first); disputes and payouts to come.",
    serverUrl: BASE_PATH,
    endpoints: publicEndpoints,
    securitySchemes,
  });

/** The operators' API under /ops/v1: signing in is open, everything else needs an operator token. */
export function backofficeRoutes(router: Router, deps: BackofficeDeps): void {
  serveApiDocs(router, { document: openApiDocument() });
  const { db, identity, vendorKyc, catalog } = deps;

  const open = express.Router();
  mountEndpoint(open, Login, async ({ body, req }) => signIn(deps, body, req));
  mountEndpoint(open, Refresh, async ({ body }) => refreshSession(deps, body.refreshToken));
  mountEndpoint(open, Logout, async ({ body }) => identity.logout(db, body.refreshToken));
  router.use(BASE_PATH, open);

  const operators = express.Router();
  // Only the API's own routes ask for a token: an unknown path is a 404, whoever asks.
  operators.use(
    authenticate({
      roles: ["operator"],
      endpoints: publicEndpoints,
      verify: (credential) => identity.verifyAccessToken(credential),
    }),
  );
  // The acting operator is the token's subject, recorded by the services in their history.
  const operatorIdOf = (req: express.Request) => authOf(req).subject;

  // vendor-kyc decides (404 unknown vendor, 409 not reviewable...); its problems pass through as they are.
  mountEndpoint(operators, ListReviews, async ({ query }) => vendorKyc.call(ListKycReviews, { query }));
  mountEndpoint(operators, GetReview, async ({ params }) => vendorKyc.call(GetVendorKyc, { params }));
  mountEndpoint(operators, DownloadReviewDocument, async ({ params }) =>
    vendorKyc.call(DownloadKycDocument, { params }),
  );
  mountEndpoint(operators, ApproveKyc, async ({ params, body, req }) =>
    vendorKyc.call(ApproveVendor, {
      params,
      body: { operatorId: operatorIdOf(req), ...(body?.note ? { note: body.note } : {}) },
    }),
  );
  mountEndpoint(operators, RejectKyc, async ({ params, body, req }) =>
    vendorKyc.call(RejectVendor, { params, body: { operatorId: operatorIdOf(req), reason: body.reason } }),
  );
  mountEndpoint(operators, RequestKycInformation, async ({ params, body, req }) =>
    vendorKyc.call(RequestVendorInformation, {
      params,
      body: { operatorId: operatorIdOf(req), message: body.message },
    }),
  );
  mountEndpoint(operators, VerifyKycBankAccount, async ({ params, req }) =>
    vendorKyc.call(VerifyBankAccount, { params, body: { operatorId: operatorIdOf(req) } }),
  );

  // The catalog owns listings: 404 unknown product, 409 already unlisted.
  const label = "open-trusted-cloud" as const;
  mountEndpoint(operators, GrantOpenTrustedCloud, async ({ params, req }) =>
    catalog.call(GrantLabel, { params: { productId: params.id, label }, body: { operatorId: operatorIdOf(req) } }),
  );
  mountEndpoint(operators, RevokeOpenTrustedCloud, async ({ params, req }) =>
    catalog.call(RevokeLabel, { params: { productId: params.id, label }, query: { operatorId: operatorIdOf(req) } }),
  );
  mountEndpoint(operators, Unlist, async ({ params, body, req }) =>
    catalog.call(UnlistProduct, {
      params: { productId: params.id },
      body: { operatorId: operatorIdOf(req), reason: body.reason },
    }),
  );

  // The order service: every order (operators send neither a buyer nor a vendor scope).
  mountEndpoint(operators, ListAllOrders, async ({ query }) => {
    const { vendor, buyer, overdue, ...rest } = query;
    return deps.order.call(ListOrders, {
      query: {
        ...rest,
        ...(overdue === undefined ? {} : { overdue: overdue ? "true" : "false" }),
        ...(vendor ? { vendorId: vendor } : {}),
        ...(buyer ? { buyerId: buyer } : {}),
      },
    });
  });
  mountEndpoint(operators, GetAnyOrder, async ({ params }) =>
    deps.order.call(GetOrder, { params: { orderId: params.id } }),
  );
  // Every subscription, read only (subscription-routes.ts).
  subscriptionRoutes(operators, deps);
  mountDisputeRoutes(operators, deps);
  router.use(BASE_PATH, operators);
}
