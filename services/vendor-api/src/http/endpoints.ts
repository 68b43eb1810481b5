import { z } from "zod";
import {
  AddPlan,
  CreateProduct,
  CreatedWebhookEndpoint,
  Email,
  Id,
  KYC_DOCUMENT_MAX_BYTES,
  KYC_DOCUMENT_MEDIA_TYPES,
  KycDocument,
  ListVendorProducts,
  LoginInput,
  Page,
  PageQuery,
  VendorBalance,
  VendorLedgerLine,
  RefreshInput,
  SetBankAccount,
  Timestamp,
  TokenPair,
  UpdatePlan,
  UpdateProduct,
  UpdateVendorApplication,
  UploadKycDocument,
  VendorApplicationInput,
  VendorKyc,
  VendorProduct,
  VendorUserRole,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointInput,
  defineEndpoint,
} from "@mkt/contracts";
import {
  DeliverOrder,
  ListOrdersQuery,
  NotificationSummary,
  OrderDetails,
  OrderDocumentKind,
  OrderSummary,
  RefuseOrder,
  ListSubscriptionsQuery,
  SubscriptionSummary,
} from "@mkt/contracts";
import type { SecurityScheme } from "@mkt/gateway-kit";
import { vendorDisputeEndpoints } from "./dispute-endpoints.js";

// WIRE FORMAT: the vendor API (docs: /vendor/v1/docs). Renaming a field breaks vendors' integrations.

export const BASE_PATH = "/vendor/v1";

export const securitySchemes: Record<string, SecurityScheme> = {
  vendorToken: {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "Access token from `POST /auth/login` (15 minutes).",
  },
  vendorApiKey: {
    type: "http",
    scheme: "bearer",
    bearerFormat: "mkt_live API key",
    description: "An API key from `POST /api-keys`, sent as `Authorization: Bearer mkt_live_…`.",
  },
};

/**
 * The vendor user's credentials and the company's whole application (vendor-kyc's
 * VendorApplicationInput, reused as it is). Its own component name: `VendorApplicationInput` is
 * the application alone (`PATCH /kyc/application` takes part of it).
 */
export const ApplicationInput = z
  .object({
    email: Email.meta({ description: "The vendor user's sign-in email." }),
    password: z.string().min(12, "must be at least 12 characters").max(256),
    ...VendorApplicationInput.shape,
  })
  .meta({ id: "VendorSignupApplication" });

export const ApplicationResult = z
  .object({ vendorId: z.string(), userId: z.string(), email: z.string(), tokens: TokenPair })
  .meta({ id: "VendorApplicationResult" });

export const ApiKeySummary = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z
      .string()
      .meta({ description: "The key's public part, `mkt_live_<id>`; the secret is never shown again." }),
    createdAt: Timestamp,
    lastUsedAt: Timestamp.nullable().meta({ description: "Updated at most once a minute." }),
    revokedAt: Timestamp.nullable(),
  })
  .meta({ id: "ApiKey" });
export type ApiKeySummary = z.input<typeof ApiKeySummary>;

export const CreatedApiKey = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    createdAt: Timestamp,
    key: z.string().meta({ description: "The whole key: shown this once only." }),
  })
  .meta({ id: "CreatedApiKey" });

export const Apply = defineEndpoint({
  method: "post",
  path: "/applications",
  summary:
    "Apply to sell: creates the vendor user and the KYC application; an existing email is always a 409 (sign in: the sign-in finishes a half-done application)",
  description:
    "The application starts as a draft: upload the documents (`POST /kyc/documents`), set the bank account (`PUT /bank-account`) " +
    "and submit it (`POST /kyc/submit`). The vendor user can sign in, manage its KYC and draft listings before the approval.",
  tags: ["applications"],
  body: ApplicationInput,
  response: { status: 201, schema: ApplicationResult },
  errors: [409, 429, 502, 504],
});

export const Login = defineEndpoint({
  method: "post",
  path: "/auth/login",
  summary: "Sign in as a vendor user",
  tags: ["auth"],
  body: LoginInput,
  response: { status: 200, schema: TokenPair },
  errors: [401, 409, 429, 502, 504],
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

export const CreateApiKey = defineEndpoint({
  method: "post",
  path: "/api-keys",
  summary: "Create a named API key; its secret is returned once",
  tags: ["api-keys"],
  body: z.object({ name: z.string().trim().min(1).max(100) }),
  response: { status: 201, schema: CreatedApiKey },
  auth: "vendorToken",
  errors: [403],
});

export const ListApiKeys = defineEndpoint({
  method: "get",
  path: "/api-keys",
  summary: "The vendor's API keys (never their secrets)",
  tags: ["api-keys"],
  response: { status: 200, schema: Page(ApiKeySummary) },
  auth: ["vendorToken", "vendorApiKey"],
});

export const RevokeApiKey = defineEndpoint({
  method: "delete",
  path: "/api-keys/:id",
  summary: "Revoke an API key: it stops working at once",
  tags: ["api-keys"],
  params: z.object({ id: z.uuid() }),
  response: { status: 204 },
  auth: ["vendorToken", "vendorApiKey"],
  errors: [404],
});

/** A person who signs in for the vendor, without its credentials. */
export const VendorUserView = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    role: VendorUserRole,
    active: z.boolean().meta({ description: "False once deactivated: it can no longer sign in." }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: "VendorUser" });
export type VendorUserView = z.input<typeof VendorUserView>;

export const ListUsers = defineEndpoint({
  method: "get",
  path: "/users",
  summary: "The vendor's users and their roles (any of its users, or an API key)",
  tags: ["users"],
  response: { status: 200, schema: Page(VendorUserView) },
  auth: ["vendorToken", "vendorApiKey"],
});

export const InviteUser = defineEndpoint({
  method: "post",
  path: "/users",
  summary: "Add a user to the vendor with a role and an initial password it signs in with (owner or admin only)",
  description:
    "Give the new user its password by your own means; it signs in with `POST /auth/login`. An admin cannot add an owner. " +
    "An email already used by any vendor user is a 409. Not with an API key.",
  tags: ["users"],
  body: z.object({
    email: Email.meta({ description: "The new user's sign-in email." }),
    name: z.string().trim().min(1).max(200),
    role: VendorUserRole,
    password: z.string().min(12, "must be at least 12 characters").max(256),
  }),
  response: { status: 201, schema: VendorUserView },
  auth: "vendorToken",
  errors: [403, 409],
});

export const UpdateUser = defineEndpoint({
  method: "patch",
  path: "/users/:id",
  summary: "Change a user's role or deactivate it (owner or admin only)",
  description:
    "An admin cannot make an owner nor change one. The vendor's last active owner can be neither demoted nor deactivated (409). " +
    "A deactivated user can no longer sign in or refresh, and its access tokens stop working. Not with an API key.",
  tags: ["users"],
  params: z.object({ id: z.uuid() }),
  body: z
    .object({ role: VendorUserRole.optional(), active: z.boolean().optional() })
    .refine((body) => body.role !== undefined || body.active !== undefined, "give a role, active or both"),
  response: { status: 200, schema: VendorUserView },
  auth: "vendorToken",
  errors: [403, 404, 409],
});

export const CreateWebhook = defineEndpoint({
  method: "post",
  path: "/webhooks",
  summary: "Register a webhook endpoint for some event types; its signing secret (`whsec_…`) is returned once",
  description:
    "Deliveries are POSTs of `{ id, type, version, occurredAt, data }` signed in the `Marketplace-Signature` header " +
    '(`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`), retried on growing delays; dedupe on `Marketplace-Event-Id`. ' +
    "Takes an optional `Idempotency-Key` (per vendor): the same key answers the same endpoint and secret without a second one; the key with another body: 409 `idempotency-key-reused`.",
  tags: ["webhooks"],
  body: WebhookEndpointInput,
  response: { status: 201, schema: CreatedWebhookEndpoint },
  auth: ["vendorToken", "vendorApiKey"],
  errors: [409, 502, 504],
  idempotencyKey: "optional",
});

export const ListWebhooks = defineEndpoint({
  method: "get",
  path: "/webhooks",
  summary: "The vendor's webhook endpoints (never their secrets)",
  tags: ["webhooks"],
  response: { status: 200, schema: Page(WebhookEndpoint) },
  auth: ["vendorToken", "vendorApiKey"],
  errors: [502, 504],
});

export const DeleteWebhook = defineEndpoint({
  method: "delete",
  path: "/webhooks/:id",
  summary: "Disable a webhook endpoint: no new delivery goes to it (its history stays)",
  tags: ["webhooks"],
  params: z.object({ id: z.uuid() }),
  response: { status: 204 },
  auth: ["vendorToken", "vendorApiKey"],
  errors: [404, 502, 504],
});

export const ListWebhookDeliveriesOfVendor = defineEndpoint({
  method: "get",
  path: "/webhooks/:id/deliveries",
  summary:
    "A webhook endpoint's deliveries, newest first, each with its attempts (time, HTTP status or error, duration)",
  tags: ["webhooks"],
  params: z.object({ id: z.uuid() }),
  query: PageQuery,
  response: { status: 200, schema: Page(WebhookDelivery) },
  auth: ["vendorToken", "vendorApiKey"],
  errors: [404, 502, 504],
});

export const ListMyNotifications = defineEndpoint({
  method: "get",
  path: "/notifications",
  summary: "The vendor's own notifications (emails sent to its contact address), newest first, each with its status",
  tags: ["notifications"],
  query: PageQuery,
  response: { status: 200, schema: Page(NotificationSummary) },
  auth: ["vendorToken", "vendorApiKey"],
  errors: [502, 504],
});

// KYC: always the caller's own vendor (the id comes from its credential, never from the request).
export const vendorAuth = ["vendorToken", "vendorApiKey"];
const DocumentParams = z.object({ id: z.uuid() });

export const GetMyKyc = defineEndpoint({
  method: "get",
  path: "/kyc",
  summary:
    "The vendor's KYC file: application, documents, bank account, checks of the last submission, status and history",
  tags: ["kyc"],
  response: { status: 200, schema: VendorKyc },
  auth: vendorAuth,
  errors: [404, 502, 504],
});

export const UpdateMyApplication = defineEndpoint({
  method: "patch",
  path: "/kyc/application",
  summary:
    "Change the application while it is a draft or information is requested (only the public contact once approved)",
  description:
    "Send a representative's or owner's `id` back to keep that person (and its ID document); a person left out is removed.",
  tags: ["kyc"],
  body: UpdateVendorApplication.body,
  response: { status: 200, schema: VendorKyc },
  auth: vendorAuth,
  errors: [404, 409, 502, 504],
});

export const UploadMyKycDocument = defineEndpoint({
  method: "post",
  path: "/kyc/documents",
  summary:
    "Upload one KYC document (multipart: `file` and `kind`, with `personId` for ID documents and `issuedOn` for a registry extract)",
  description: "PDF, PNG or JPEG, at most 10 MiB, recognised by its content (not its name): anything else is a 415.",
  tags: ["kyc"],
  upload: {
    field: "file",
    maxBytes: KYC_DOCUMENT_MAX_BYTES,
    description: "The document: PDF, PNG or JPEG, at most 10 MiB.",
  },
  body: UploadKycDocument.body,
  response: { status: 201, schema: KycDocument },
  auth: vendorAuth,
  errors: [404, 409, 413, 415, 502, 504],
});

export const DownloadMyKycDocument = defineEndpoint({
  method: "get",
  path: "/kyc/documents/:id",
  summary: "Download one of the vendor's own KYC documents",
  tags: ["kyc"],
  params: DocumentParams,
  response: { status: 200, file: { contentTypes: KYC_DOCUMENT_MEDIA_TYPES } },
  auth: vendorAuth,
  errors: [404, 502, 504],
});

export const DeleteMyKycDocument = defineEndpoint({
  method: "delete",
  path: "/kyc/documents/:id",
  summary: "Remove a document while the application can still change",
  tags: ["kyc"],
  params: DocumentParams,
  response: { status: 204 },
  auth: vendorAuth,
  errors: [404, 409, 502, 504],
});

export const SubmitMyApplication = defineEndpoint({
  method: "post",
  path: "/kyc/submit",
  summary: "Submit (or resubmit) the application for review; every automatic check must pass",
  description:
    "Answers 422 `/problems/kyc-checks-failed` with one `errors[]` entry per failed check (`path` = the check, `message` = what to fix).",
  tags: ["kyc"],
  response: { status: 200, schema: VendorKyc },
  auth: vendorAuth,
  errors: [404, 409, 422, 502, 504],
});

export const SetMyBankAccount = defineEndpoint({
  method: "put",
  path: "/bank-account",
  summary:
    "Set the professional bank account (an IBAN in the company's name); once approved, payouts wait for its re-verification",
  tags: ["kyc"],
  body: SetBankAccount.body,
  response: { status: 200, schema: VendorKyc },
  auth: vendorAuth,
  errors: [404, 409, 502, 504],
});

// Listings: the catalog scopes every call by the caller's vendorId, so another vendor's listing is a 404.
const ProductParams = z.object({ id: Id });
const PlanParams = ProductParams.extend({ planId: Id });

export const CreateMyProduct = defineEndpoint({
  method: "post",
  path: "/products",
  summary: "Create a listing (a draft), optionally with its plans",
  description:
    "Takes an optional `Idempotency-Key` (per vendor): the same key answers the same listing without a second one; the key with another body: 409 `idempotency-key-reused`.",
  tags: ["listings"],
  body: CreateProduct.body,
  response: { status: 201, schema: VendorProduct },
  auth: vendorAuth,
  errors: [409, 502, 504],
  idempotencyKey: "optional",
});

export const ListMyProducts = defineEndpoint({
  method: "get",
  path: "/products",
  summary: "The vendor's listings, newest first, in any status",
  tags: ["listings"],
  query: ListVendorProducts.query,
  response: { status: 200, schema: Page(VendorProduct) },
  auth: vendorAuth,
  errors: [502, 504],
});

export const GetMyProduct = defineEndpoint({
  method: "get",
  path: "/products/:id",
  summary: "One of the vendor's listings, with every plan version",
  tags: ["listings"],
  params: ProductParams,
  response: { status: 200, schema: VendorProduct },
  auth: vendorAuth,
  errors: [404, 502, 504],
});

export const UpdateMyProduct = defineEndpoint({
  method: "patch",
  path: "/products/:id",
  summary: "Change a listing's name, category, region, description or documentation URL",
  tags: ["listings"],
  params: ProductParams,
  body: UpdateProduct.body,
  response: { status: 200, schema: VendorProduct },
  auth: vendorAuth,
  errors: [404, 409, 502, 504],
});

export const AddMyPlan = defineEndpoint({
  method: "post",
  path: "/products/:id/plans",
  summary: "Add a plan to a listing",
  description:
    "Takes an optional `Idempotency-Key` (per vendor): the same key answers the same listing (its plan added once) without a second one; the key with another body: 409 `idempotency-key-reused`.",
  tags: ["listings"],
  params: ProductParams,
  body: AddPlan.body,
  response: { status: 201, schema: VendorProduct },
  auth: vendorAuth,
  errors: [404, 409, 502, 504],
  idempotencyKey: "optional",
});

export const UpdateMyPlan = defineEndpoint({
  method: "patch",
  path: "/products/:id/plans/:planId",
  summary: "Change a plan; once it was ever published, a change of terms makes a new version that supersedes the old",
  tags: ["listings"],
  params: PlanParams,
  body: UpdatePlan.body,
  response: { status: 200, schema: VendorProduct },
  auth: vendorAuth,
  errors: [404, 409, 502, 504],
});

export const RetireMyPlan = defineEndpoint({
  method: "delete",
  path: "/products/:id/plans/:planId",
  summary: "Stop selling a plan (existing buyers keep theirs); answers the listing",
  tags: ["listings"],
  params: PlanParams,
  response: { status: 200, schema: VendorProduct },
  auth: vendorAuth,
  errors: [404, 409, 502, 504],
});

export const PublishMyProduct = defineEndpoint({
  method: "post",
  path: "/products/:id/publish",
  summary:
    "Publish a listing on the storefront: the vendor's KYC must be approved and the listing needs an active plan (else 409)",
  tags: ["listings"],
  params: ProductParams,
  response: { status: 200, schema: VendorProduct },
  auth: vendorAuth,
  errors: [404, 409, 502, 504],
});

export const UnpublishMyProduct = defineEndpoint({
  method: "post",
  path: "/products/:id/unpublish",
  summary: "Take a listing off the storefront (existing buyers keep their subscriptions)",
  tags: ["listings"],
  params: ProductParams,
  response: { status: 200, schema: VendorProduct },
  auth: vendorAuth,
  errors: [404, 409, 502, 504],
});

// Orders: always the caller's own vendor's (the vendor id comes from the token or API key); another
// vendor's order is a 404 from the order service. Its problems (409 with the order's state) pass through.

const OrderParams = z.object({ id: Id.meta({ description: "The order id." }) });

export const ListMyOrders = defineEndpoint({
  method: "get",
  path: "/orders",
  summary: "The vendor's orders: those to validate first with `sort=validation-deadline`, a page at a time",
  description:
    "Filters: `state` (`transmitted` = awaiting your answer, `overdue`, `accepted`, `refused`, `cancelled`, `delivered`), " +
    "`overdue=true`, `deadlineBefore` (validation deadline before this instant). Sort `newest` (default) or `validation-deadline`.",
  tags: ["orders"],
  query: ListOrdersQuery.pick({
    limit: true,
    cursor: true,
    state: true,
    overdue: true,
    deadlineBefore: true,
    sort: true,
  }),
  response: { status: 200, schema: Page(OrderSummary) },
  auth: vendorAuth,
  errors: [502, 504],
});

export const ListMySubscriptions = defineEndpoint({
  method: "get",
  path: "/subscriptions",
  summary: "The vendor's subscriptions (one per plan line of an accepted order), newest first, a page at a time",
  description:
    "Filters: `state` (`trialing`, `active`, `past_due`, `suspended`, `ended`) and `productId`. Each shows the next due date " +
    "and amount, and what one period costs with the marketplace's 3% fee.",
  tags: ["subscriptions"],
  query: ListSubscriptionsQuery.pick({ limit: true, cursor: true, state: true, productId: true }),
  response: { status: 200, schema: Page(SubscriptionSummary) },
  auth: vendorAuth,
  errors: [502, 504],
});

export const GetMyOrder = defineEndpoint({
  method: "get",
  path: "/orders/:id",
  summary:
    "An order in full: the buyer, lines, totals (with the marketplace's 3% fee), VAT, deadlines, timeline, documents, delivery",
  tags: ["orders"],
  params: OrderParams,
  response: { status: 200, schema: OrderDetails },
  auth: vendorAuth,
  errors: [404, 502, 504],
});

export const AcceptMyOrder = defineEndpoint({
  method: "post",
  path: "/orders/:id/accept",
  summary:
    "Accept an order within its 48 hours (or later, while it is overdue and not cancelled): the buyer's card is charged",
  description: "409 when the order was already answered, cancelled or delivered (the problem names its state).",
  tags: ["orders"],
  params: OrderParams,
  response: { status: 200, schema: OrderDetails },
  auth: vendorAuth,
  errors: [404, 409, 502, 504],
});

export const RefuseMyOrder = defineEndpoint({
  method: "post",
  path: "/orders/:id/refuse",
  summary:
    "Refuse an order, with a reason the buyer reads: the authorization on the buyer's card is released (its full refund)",
  tags: ["orders"],
  params: OrderParams,
  body: RefuseOrder.body.pick({ reason: true }),
  response: { status: 200, schema: OrderDetails },
  auth: vendorAuth,
  errors: [404, 409, 502, 504],
});

export const DeliverMyOrder = defineEndpoint({
  method: "post",
  path: "/orders/:id/deliver",
  summary:
    "Deliver an accepted order: the buyer's access URL and instructions; the invoice is issued with your next number",
  tags: ["orders"],
  params: OrderParams,
  body: DeliverOrder.body.pick({ accessUrl: true, instructions: true }),
  response: { status: 200, schema: OrderDetails },
  auth: vendorAuth,
  errors: [404, 409, 502, 504],
});

export const DownloadMyOrderDocument = defineEndpoint({
  method: "get",
  path: "/orders/:id/documents/:kind",
  summary: "An order's purchase order or invoice (PDF); the invoice exists once delivered",
  tags: ["orders"],
  params: OrderParams.extend({ kind: OrderDocumentKind }),
  response: { status: 200, file: { contentTypes: ["application/pdf"] } },
  auth: vendorAuth,
  errors: [404, 502, 504],
});

// Money: the vendor's balances and ledger lines, read from the payout service's ledger (always the
// caller's own vendor's).

export const GetMyBalance = defineEndpoint({
  method: "get",
  path: "/balance",
  summary: "Your balances per currency: pending (21-day hold), available (the next payout), paid out",
  description:
    "Read from the marketplace's ledger. `available` is negative after a refund of money already paid out: the next payouts net it.",
  tags: ["money"],
  response: { status: 200, schema: z.object({ vendorId: Id, balances: z.array(VendorBalance) }) },
  auth: vendorAuth,
  errors: [502, 504],
});

export const ListMyLedger = defineEndpoint({
  method: "get",
  path: "/ledger",
  summary: "Your ledger lines, newest first: each charge, refund, end of hold and payout, with its fee",
  tags: ["money"],
  query: PageQuery,
  response: { status: 200, schema: Page(VendorLedgerLine) },
  auth: vendorAuth,
  errors: [400, 502, 504],
});

export const vendorApiEndpoints = [
  Apply,
  Login,
  Refresh,
  Logout,
  CreateApiKey,
  ListApiKeys,
  RevokeApiKey,
  ListUsers,
  InviteUser,
  UpdateUser,
  CreateWebhook,
  ListWebhooks,
  DeleteWebhook,
  ListWebhookDeliveriesOfVendor,
  ListMyNotifications,
  GetMyKyc,
  UpdateMyApplication,
  UploadMyKycDocument,
  DownloadMyKycDocument,
  DeleteMyKycDocument,
  SubmitMyApplication,
  SetMyBankAccount,
  CreateMyProduct,
  ListMyProducts,
  GetMyProduct,
  UpdateMyProduct,
  AddMyPlan,
  UpdateMyPlan,
  RetireMyPlan,
  PublishMyProduct,
  UnpublishMyProduct,
  ListMyOrders,
  GetMyOrder,
  AcceptMyOrder,
  RefuseMyOrder,
  DeliverMyOrder,
  DownloadMyOrderDocument,
  ListMySubscriptions,
  GetMyBalance,
  ListMyLedger,
  ...vendorDisputeEndpoints,
] as const;
