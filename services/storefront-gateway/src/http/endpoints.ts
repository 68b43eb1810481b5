import { z } from "zod";
import {
  Email,
  Id,
  LoginInput,
  NotificationSummary,
  Page,
  PageQuery,
  ProductSummary,
  PublicProduct,
  RefreshInput,
  SearchProductsQuery,
  Timestamp,
  TokenPair,
  defineEndpoint,
} from "@mkt/contracts";
import type { SecurityScheme } from "@mkt/service-kit";

// WIRE FORMAT: the storefront's public API (docs: /api/v1/docs). Renaming a field breaks clients.

export const BASE_PATH = "/api/v1";

export const securitySchemes: Record<string, SecurityScheme> = {
  buyerToken: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "Access token from `POST /auth/login`, `/auth/signup` or `/auth/refresh` (15 minutes)." },
};

const Locale = z.enum(["fr", "en"]);
const Password = z.string().min(12, "must be at least 12 characters").max(256);
const LegalName = z.string().trim().min(1).max(200);
const RegistrationNumber = z.string().trim().min(1).max(64).meta({ description: "Company registration number, e.g. a SIREN." });
const VatNumber = z.string().trim().min(1).max(32);
const PersonName = z.string().trim().min(1).max(200);

export const SignupInput = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("company"), email: Email, password: Password, locale: Locale, legalName: LegalName, registrationNumber: RegistrationNumber, vatNumber: VatNumber.optional() }),
    z.object({ kind: z.literal("individual"), email: Email, password: Password, locale: Locale, name: PersonName }),
  ])
  .meta({ id: "SignupInput" });

export const BuyerProfile = z
  .object({
    id: z.string(),
    email: z.string(),
    kind: z.enum(["company", "individual"]),
    locale: Locale,
    legalName: z.string().nullable(),
    registrationNumber: z.string().nullable(),
    vatNumber: z.string().nullable(),
    name: z.string().nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: "BuyerProfile" });
export type BuyerProfile = z.input<typeof BuyerProfile>;

export const ProfileChanges = z
  .strictObject({
    locale: Locale.optional(),
    legalName: LegalName.optional(),
    registrationNumber: RegistrationNumber.optional(),
    vatNumber: VatNumber.nullable().optional().meta({ description: "null removes it." }),
    name: PersonName.optional(),
  })
  .meta({ id: "ProfileChanges", description: "Company fields apply to company buyers, `name` to individuals." });

export const Signup = defineEndpoint({
  method: "post",
  path: "/auth/signup",
  summary: "Create a buyer account (company or individual) and sign in",
  tags: ["auth"],
  body: SignupInput,
  response: { status: 201, schema: z.object({ buyer: BuyerProfile, tokens: TokenPair }) },
  errors: [409],
});

export const Login = defineEndpoint({
  method: "post",
  path: "/auth/login",
  summary: "Sign in with email and password",
  tags: ["auth"],
  body: LoginInput,
  response: { status: 200, schema: TokenPair },
  errors: [401, 429],
});

export const Refresh = defineEndpoint({
  method: "post",
  path: "/auth/refresh",
  summary: "Exchange a refresh token for a new token pair (each refresh token works once)",
  tags: ["auth"],
  body: RefreshInput,
  response: { status: 200, schema: TokenPair },
  errors: [401],
});

export const Logout = defineEndpoint({
  method: "post",
  path: "/auth/logout",
  summary: "Sign out: the refresh token and every token of its session stop working",
  tags: ["auth"],
  body: RefreshInput,
  response: { status: 204 },
});

export const GetMe = defineEndpoint({
  method: "get",
  path: "/me",
  summary: "The signed-in buyer's profile",
  tags: ["profile"],
  response: { status: 200, schema: BuyerProfile },
  auth: "buyerToken",
});

export const UpdateMe = defineEndpoint({
  method: "patch",
  path: "/me",
  summary: "Change the signed-in buyer's profile",
  tags: ["profile"],
  body: ProfileChanges,
  response: { status: 200, schema: BuyerProfile },
  auth: "buyerToken",
});

export const ListMyNotifications = defineEndpoint({
  method: "get",
  path: "/notifications",
  summary: "The signed-in buyer's own notifications (emails sent to it), newest first, each with its status",
  tags: ["notifications"],
  query: PageQuery,
  response: { status: 200, schema: Page(NotificationSummary) },
  auth: "buyerToken",
  errors: [502, 504],
});

// The catalog, public: no token needed (a buyer's token is accepted and ignored).

export const SearchProducts = defineEndpoint({
  method: "get",
  path: "/products",
  summary: "Search the published solutions: words, category, label, vendor, billing cycle, price range, free trial; a page at a time",
  description: "Answers may be cached for a short while (`Cache-Control`): a listing just published or changed can take up to a minute to show.",
  tags: ["catalog"],
  query: SearchProductsQuery,
  response: { status: 200, schema: Page(ProductSummary) },
  errors: [502, 504],
});

export const GetProduct = defineEndpoint({
  method: "get",
  path: "/products/:id",
  summary: "A published solution: its description, the plans that can be bought and the vendor's contact",
  tags: ["catalog"],
  params: z.object({ id: Id }),
  response: { status: 200, schema: PublicProduct },
  errors: [404, 502, 504],
});

export const storefrontEndpoints = [Signup, Login, Refresh, Logout, GetMe, UpdateMe, ListMyNotifications, SearchProducts, GetProduct] as const;
