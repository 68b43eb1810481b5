import { z } from "zod";
import {
  ApproveVendor,
  Id,
  KYC_DOCUMENT_MEDIA_TYPES,
  KycReviewSummary,
  ListKycReviews,
  ListOrdersQuery,
  LoginInput,
  OrderDetails,
  OrderSummary,
  Page,
  RefreshInput,
  RejectVendor,
  RequestVendorInformation,
  TokenPair,
  UnlistProduct,
  VendorKyc,
  VendorProduct,
  defineEndpoint,
} from "@mkt/contracts";
import type { SecurityScheme } from "@mkt/gateway-kit";
import { backofficeDisputeEndpoints } from "./dispute-endpoints.js";

// WIRE FORMAT: the back-office API (docs: /ops/v1/docs). The acting operator is always the one
// of the token: no body or parameter names an operator.

export const BASE_PATH = "/ops/v1";

export const securitySchemes: Record<string, SecurityScheme> = {
  operatorToken: {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "Operator access token from `POST /auth/login` (15 minutes).",
  },
};

export const Login = defineEndpoint({
  method: "post",
  path: "/auth/login",
  summary: "Sign in as an operator",
  tags: ["auth"],
  body: LoginInput,
  response: { status: 200, schema: TokenPair },
  errors: [401, 429],
});
export const Refresh = defineEndpoint({
  method: "post",
  path: "/auth/refresh",
  summary: "Exchange a refresh token for a new pair (each works once)",
  tags: ["auth"],
  body: RefreshInput,
  response: { status: 200, schema: TokenPair },
  errors: [401],
});
export const Logout = defineEndpoint({
  method: "post",
  path: "/auth/logout",
  summary: "Sign out: the session's refresh tokens stop working",
  tags: ["auth"],
  body: RefreshInput,
  response: { status: 204 },
});

const VendorParams = z.object({ vendorId: z.uuid() });
const operator = "operatorToken";

export const ListReviews = defineEndpoint({
  method: "get",
  path: "/kyc/reviews",
  summary: "Vendor applications, oldest submission first; by default those waiting for a decision",
  tags: ["kyc"],
  query: ListKycReviews.query,
  response: { status: 200, schema: Page(KycReviewSummary) },
  auth: operator,
  errors: [403, 502, 504],
});

export const GetReview = defineEndpoint({
  method: "get",
  path: "/kyc/reviews/:vendorId",
  summary: "A vendor's whole KYC file: application, documents, bank account, checks, status and history",
  tags: ["kyc"],
  params: VendorParams,
  response: { status: 200, schema: VendorKyc },
  auth: operator,
  errors: [403, 404, 502, 504],
});

export const DownloadReviewDocument = defineEndpoint({
  method: "get",
  path: "/kyc/reviews/:vendorId/documents/:documentId",
  summary: "Download one of a vendor's KYC documents for review",
  tags: ["kyc"],
  params: VendorParams.extend({ documentId: z.uuid() }),
  response: { status: 200, file: { contentTypes: KYC_DOCUMENT_MEDIA_TYPES } },
  auth: operator,
  errors: [403, 404, 502, 504],
});

export const ApproveKyc = defineEndpoint({
  method: "post",
  path: "/kyc/reviews/:vendorId/approve",
  summary: "Approve a vendor's KYC (its bank account with it): the vendor may publish listings and receive payouts",
  description: "The body is optional: an internal `note` kept in the history.",
  tags: ["kyc"],
  params: VendorParams,
  body: ApproveVendor.body.omit({ operatorId: true }).optional(),
  response: { status: 200, schema: VendorKyc },
  auth: operator,
  errors: [403, 404, 409, 502, 504],
});

export const RejectKyc = defineEndpoint({
  method: "post",
  path: "/kyc/reviews/:vendorId/reject",
  summary: "Reject a submitted application, with the reason the applicant is told",
  tags: ["kyc"],
  params: VendorParams,
  body: RejectVendor.body.omit({ operatorId: true }),
  response: { status: 200, schema: VendorKyc },
  auth: operator,
  errors: [403, 404, 409, 502, 504],
});

export const RequestKycInformation = defineEndpoint({
  method: "post",
  path: "/kyc/reviews/:vendorId/request-info",
  summary:
    "Ask the applicant for more before deciding (the message is sent to it); the application opens again for changes",
  tags: ["kyc"],
  params: VendorParams,
  body: RequestVendorInformation.body.omit({ operatorId: true }),
  response: { status: 200, schema: VendorKyc },
  auth: operator,
  errors: [403, 404, 409, 502, 504],
});

export const VerifyKycBankAccount = defineEndpoint({
  method: "post",
  path: "/kyc/reviews/:vendorId/bank-account/verify",
  summary: "Re-verify an approved vendor's changed bank account: lifts the payout hold",
  tags: ["kyc"],
  params: VendorParams,
  response: { status: 200, schema: VendorKyc },
  auth: operator,
  errors: [403, 404, 409, 502, 504],
});

const ProductParams = z.object({ id: Id });

export const GrantOpenTrustedCloud = defineEndpoint({
  method: "post",
  path: "/products/:id/labels/open-trusted-cloud",
  summary: "Grant the Open Trusted Cloud label to a solution (idempotent); buyers can filter on it",
  tags: ["products"],
  params: ProductParams,
  response: { status: 200, schema: VendorProduct },
  auth: operator,
  errors: [403, 404, 502, 504],
});

export const RevokeOpenTrustedCloud = defineEndpoint({
  method: "delete",
  path: "/products/:id/labels/open-trusted-cloud",
  summary: "Revoke the Open Trusted Cloud label (idempotent)",
  tags: ["products"],
  params: ProductParams,
  response: { status: 200, schema: VendorProduct },
  auth: operator,
  errors: [403, 404, 502, 504],
});

export const Unlist = defineEndpoint({
  method: "post",
  path: "/products/:id/unlist",
  summary: "Remove a listing from the storefront, with a reason; its vendor cannot publish it again",
  tags: ["products"],
  params: ProductParams,
  body: UnlistProduct.body.omit({ operatorId: true }),
  response: { status: 200, schema: VendorProduct },
  auth: operator,
  errors: [403, 404, 409, 502, 504],
});

// Orders: every order, read only; overdue ones (past their 48 hours, unanswered) with `overdue=true`.

export const ListAllOrders = defineEndpoint({
  method: "get",
  path: "/orders",
  summary:
    "Orders of every vendor and buyer: `overdue=true` for those past their 48 hours, unanswered; a page at a time",
  description:
    "Filters: `overdue`, `state`, `vendor` (a vendor id), `buyer` (a buyer id), `deadlineBefore`; sort `newest` (default) or `validation-deadline`.",
  tags: ["orders"],
  query: ListOrdersQuery.pick({
    limit: true,
    cursor: true,
    state: true,
    overdue: true,
    deadlineBefore: true,
    sort: true,
  }).extend({
    vendor: Id.optional().meta({ description: "Only this vendor's orders." }),
    buyer: Id.optional().meta({ description: "Only this buyer's orders." }),
  }),
  response: { status: 200, schema: Page(OrderSummary) },
  auth: operator,
  errors: [502, 504],
});

export const GetAnyOrder = defineEndpoint({
  method: "get",
  path: "/orders/:id",
  summary:
    "An order in full: buyer, vendor and its contact, lines, totals, VAT, deadlines, timeline, documents, delivery",
  tags: ["orders"],
  params: z.object({ id: Id }),
  response: { status: 200, schema: OrderDetails },
  auth: operator,
  errors: [404, 502, 504],
});

export const backofficeEndpoints = [
  Login,
  Refresh,
  Logout,
  ListReviews,
  GetReview,
  DownloadReviewDocument,
  ApproveKyc,
  RejectKyc,
  RequestKycInformation,
  VerifyKycBankAccount,
  GrantOpenTrustedCloud,
  RevokeOpenTrustedCloud,
  Unlist,
  ListAllOrders,
  GetAnyOrder,
  ...backofficeDisputeEndpoints,
] as const;
