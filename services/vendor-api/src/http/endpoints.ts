import { z } from "zod";
import {
  CreatedWebhookEndpoint,
  Email,
  LoginInput,
  Page,
  PageQuery,
  PublicContact,
  RefreshInput,
  Timestamp,
  TokenPair,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointInput,
  defineEndpoint,
} from "@mkt/contracts";
import { NotificationSummary } from "@mkt/contracts";
import type { SecurityScheme } from "@mkt/service-kit";

// WIRE FORMAT: the vendor API (docs: /vendor/v1/docs). Renaming a field breaks vendors' integrations.

export const BASE_PATH = "/vendor/v1";

export const securitySchemes: Record<string, SecurityScheme> = {
  vendorToken: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "Access token from `POST /auth/login` (15 minutes)." },
  vendorApiKey: { type: "http", scheme: "bearer", bearerFormat: "mkt_live API key", description: "An API key from `POST /api-keys`, sent as `Authorization: Bearer mkt_live_…`." },
};

export const ApplicationInput = z
  .object({
    email: Email.meta({ description: "The vendor user's sign-in email." }),
    password: z.string().min(12, "must be at least 12 characters").max(256),
    legalName: z.string().trim().min(1).max(200),
    publicContact: PublicContact,
  })
  .meta({ id: "VendorApplicationInput" });

export const ApplicationResult = z
  .object({ vendorId: z.string(), userId: z.string(), email: z.string(), tokens: TokenPair })
  .meta({ id: "VendorApplicationResult" });

export const ApiKeySummary = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().meta({ description: "The key's public part, `mkt_live_<id>`; the secret is never shown again." }),
    createdAt: Timestamp,
    lastUsedAt: Timestamp.nullable().meta({ description: "Updated at most once a minute." }),
    revokedAt: Timestamp.nullable(),
  })
  .meta({ id: "ApiKey" });
export type ApiKeySummary = z.input<typeof ApiKeySummary>;

export const CreatedApiKey = z
  .object({ id: z.string(), name: z.string(), prefix: z.string(), createdAt: Timestamp, key: z.string().meta({ description: "The whole key: shown this once only." }) })
  .meta({ id: "CreatedApiKey" });

export const Apply = defineEndpoint({
  method: "post",
  path: "/applications",
  summary: "Apply to sell: creates the vendor user and the KYC application (retry with the same email and password to finish a half-done one)",
  tags: ["applications"],
  body: ApplicationInput,
  response: { status: 201, schema: ApplicationResult },
  errors: [409, 502, 504],
});

export const Login = defineEndpoint({ method: "post", path: "/auth/login", summary: "Sign in as a vendor user", tags: ["auth"], body: LoginInput, response: { status: 200, schema: TokenPair }, errors: [401, 409, 429] });
export const Refresh = defineEndpoint({ method: "post", path: "/auth/refresh", summary: "Exchange a refresh token for a new pair (each works once)", tags: ["auth"], body: RefreshInput, response: { status: 200, schema: TokenPair }, errors: [401] });
export const Logout = defineEndpoint({ method: "post", path: "/auth/logout", summary: "Sign out: the session's refresh tokens stop working", tags: ["auth"], body: RefreshInput, response: { status: 204 } });

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

export const CreateWebhook = defineEndpoint({
  method: "post",
  path: "/webhooks",
  summary: "Register a webhook endpoint for some event types; its signing secret (`whsec_…`) is returned once",
  description:
    "Deliveries are POSTs of `{ id, type, version, occurredAt, data }` signed in the `Marketplace-Signature` header " +
    "(`t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<raw body>\">`), retried on growing delays; dedupe on `Marketplace-Event-Id`.",
  tags: ["webhooks"],
  body: WebhookEndpointInput,
  response: { status: 201, schema: CreatedWebhookEndpoint },
  auth: ["vendorToken", "vendorApiKey"],
  errors: [502, 504],
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
  summary: "A webhook endpoint's deliveries, newest first, each with its attempts (time, HTTP status or error, duration)",
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

export const vendorApiEndpoints = [
  Apply,
  Login,
  Refresh,
  Logout,
  CreateApiKey,
  ListApiKeys,
  RevokeApiKey,
  CreateWebhook,
  ListWebhooks,
  DeleteWebhook,
  ListWebhookDeliveriesOfVendor,
  ListMyNotifications,
] as const;
