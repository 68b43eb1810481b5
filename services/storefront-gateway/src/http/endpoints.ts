import { z } from "zod";
import {
  Address,
  Cart,
  CartQuantity,
  CartRefreshChange,
  Email,
  Money,
  OrderDetails,
  OrderDocumentKind,
  OrderState,
  OrderSummary,
  PaymentStatus,
  RenewalCard,
  SimulatedCardInput,
  SimulatedPaymentMethod,
  Id,
  IanaTimeZone,
  LoginInput,
  NotificationSummary,
  Page,
  PageQuery,
  ProductSummary,
  PublicProduct,
  RefreshInput,
  SearchProductsQuery,
  ListSubscriptionsQuery,
  SubscriptionDetails,
  SubscriptionSummary,
  Timestamp,
  TokenPair,
  defineEndpoint,
} from "@mkt/contracts";
import { storefrontDisputeEndpoints } from "./dispute-endpoints.js";
import type { SecurityScheme } from "@mkt/gateway-kit";

// WIRE FORMAT: the storefront's public API (docs: /api/v1/docs). Renaming a field breaks clients.

export const BASE_PATH = "/api/v1";

export const securitySchemes: Record<string, SecurityScheme> = {
  buyerToken: {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "Access token from `POST /auth/login`, `/auth/signup` or `/auth/refresh` (15 minutes).",
  },
};

const Locale = z.enum(["fr", "en"]);
const Password = z.string().min(12, "must be at least 12 characters").max(256);
const LegalName = z.string().trim().min(1).max(200);
const RegistrationNumber = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .meta({ description: "Company registration number, e.g. a SIREN." });
const VatNumber = z.string().trim().min(1).max(32);
const PersonName = z.string().trim().min(1).max(200);
const TimeZone = IanaTimeZone.meta({
  description:
    "The IANA zone the buyer's subscriptions are anchored and renewed in (due at 00:00 there); Europe/Paris when not given.",
});
const BillingAddress = Address.meta({
  description:
    "Billing address: it decides the VAT (a buyer without one is treated as in France) and appears on purchase orders and invoices.",
});

export const SignupInput = z
  .discriminatedUnion("kind", [
    z.object({
      kind: z.literal("company"),
      email: Email,
      password: Password,
      locale: Locale,
      legalName: LegalName,
      registrationNumber: RegistrationNumber,
      vatNumber: VatNumber.optional(),
      address: BillingAddress.optional(),
      timeZone: TimeZone.optional(),
    }),
    z.object({
      kind: z.literal("individual"),
      email: Email,
      password: Password,
      locale: Locale,
      name: PersonName,
      address: BillingAddress.optional(),
      timeZone: TimeZone.optional(),
    }),
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
    address: Address.nullable().meta({ description: "The billing address; null when none was given." }),
    timeZone: z.string().meta({
      description: "The IANA zone its subscriptions' dates are computed in: the one it gave, else Europe/Paris.",
    }),
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
    address: BillingAddress.nullable()
      .optional()
      .meta({ description: "The whole billing address (it replaces the previous one); null removes it." }),
    timeZone: TimeZone.nullable()
      .optional()
      .meta({ description: "For subscriptions bought from now on; null goes back to Europe/Paris." }),
  })
  .meta({
    id: "ProfileChanges",
    description:
      "Company fields apply to company buyers, `name` to individuals, `locale`, `address` and `timeZone` to both.",
  });

export const Signup = defineEndpoint({
  method: "post",
  path: "/auth/signup",
  summary: "Create a buyer account (company or individual) and sign in",
  tags: ["auth"],
  body: SignupInput,
  response: { status: 201, schema: z.object({ buyer: BuyerProfile, tokens: TokenPair }) },
  errors: [409, 429],
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
  summary:
    "Search the published solutions: words, category, label, vendor, billing cycle, price range, free trial; a page at a time",
  description:
    "Answers may be cached for a short while (`Cache-Control`): a listing just published or changed can take up to a minute to show.",
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

// The cart: always the caller's own (the buyer id comes from the token). The cart service answers;
// its problems pass through unchanged (409 plan-not-buyable, quantity-limit, checkout-in-progress…).

const ItemParams = z.object({ id: Id.meta({ description: "The line's id (`lines[].id`)." }) });

export const GetMyCart = defineEndpoint({
  method: "get",
  path: "/cart",
  summary: "The signed-in buyer's cart: lines with their availability, one group per vendor with its VAT, totals",
  tags: ["cart"],
  response: { status: 200, schema: Cart },
  auth: "buyerToken",
  errors: [502, 504],
});

export const AddToMyCart = defineEndpoint({
  method: "post",
  path: "/cart/items",
  summary: "Add a plan to the cart (a plan already there gets the quantity added)",
  description:
    "404 when the plan is unknown; 409 `plan-not-buyable` (superseded, retired, or its solution not published), `quantity-limit` (over 100), `checkout-in-progress` (the cart is being paid). " +
    "Takes an optional `Idempotency-Key` (kept 24 h): a retry with the same key adds nothing again and answers the cart; the key with another body: 409 `idempotency-key-reused`.",
  tags: ["cart"],
  body: z.object({ planId: Id, quantity: CartQuantity.default(1) }),
  response: { status: 201, schema: Cart },
  auth: "buyerToken",
  errors: [404, 409, 502, 504],
  idempotencyKey: "optional",
});

export const ChangeMyCartItem = defineEndpoint({
  method: "patch",
  path: "/cart/items/:id",
  summary: "Change a line's quantity",
  tags: ["cart"],
  params: ItemParams,
  body: z.object({ quantity: CartQuantity }),
  response: { status: 200, schema: Cart },
  auth: "buyerToken",
  errors: [404, 409, 502, 504],
});

export const RemoveMyCartItem = defineEndpoint({
  method: "delete",
  path: "/cart/items/:id",
  summary: "Remove a line",
  tags: ["cart"],
  params: ItemParams,
  response: { status: 200, schema: Cart },
  auth: "buyerToken",
  errors: [404, 409, 502, 504],
});

export const RefreshMyCart = defineEndpoint({
  method: "post",
  path: "/cart/refresh",
  summary:
    "Drop the lines that cannot be bought and move lines of a superseded plan to the plan that replaced it, at its price",
  tags: ["cart"],
  response: {
    status: 200,
    schema: z.object({ cart: Cart, changes: z.array(CartRefreshChange) }).meta({ id: "RefreshedCart" }),
  },
  auth: "buyerToken",
  errors: [409, 502, 504],
});

/**
 * What a checkout answers: `completed` with the orders created (one per vendor, 201, or 200 from
 * GET), or still going (202): `pending` (poll `GET /checkouts/{id}`, the `Location`) or
 * `action-required` (send the buyer to `redirectUrl` to authenticate, then poll). A declined card
 * is a 402 problem `/problems/payment-declined` (`reason`, `detail` worded for the buyer).
 */
export const CheckoutResult = z
  .discriminatedUnion("status", [
    z.object({ checkoutId: Id, status: z.literal("completed"), orders: z.array(OrderSummary) }),
    z.object({
      checkoutId: Id,
      status: z.literal("action-required"),
      redirectUrl: z
        .string()
        .meta({ description: "Where the buyer authenticates (3-D Secure); poll GET /checkouts/{id} afterwards." }),
    }),
    z.object({ checkoutId: Id, status: z.literal("pending") }),
  ])
  .meta({ id: "CheckoutResult" });
export type CheckoutResult = z.input<typeof CheckoutResult>;

/** A checkout still going: the card is answering, or the buyer must authenticate. */
const STILL_GOING =
  "Still going: `pending` (poll `GET /checkouts/{id}`, given in `Location`) or `action-required` (authenticate at `redirectUrl`, then poll).";

export const PayMyCart = defineEndpoint({
  method: "post",
  path: "/checkout",
  summary: "Pay the cart by card: the orders created (one per vendor), or what the card needs next",
  description:
    "Takes an `Idempotency-Key`: the same key answers the same checkout. Waits a few seconds for the payment: " +
    "**201** `completed` with the orders; **202** `action-required` (authenticate at `redirectUrl`) or `pending` " +
    "(still authorizing: poll the `Location`, `GET /checkouts/{id}`); **402** `/problems/payment-declined` " +
    "(nothing is charged, the cart is as it was; `reason` is `card-declined`, `insufficient-funds`, `authentication-failed`, " +
    "`expired-card` or `processing-error`). 409 `cart-empty`, `cart-lines-unavailable` (one `errors[]` entry per line, " +
    "`items.<itemId>`; `POST /cart/refresh` fixes them), `checkout-in-progress` (another key is paying the cart), " +
    "`buyer-unknown` (the profile has not reached the cart yet: retry in a moment), `idempotency-key-reused`. " +
    "422 `renewal-card-required`: every plan renews by itself, so the card is kept for its renewals.",
  tags: ["checkout"],
  body: z.object({
    paymentMethod: z.string().min(1).max(255).meta({
      description:
        "A card token `pm_…` (Stripe.js, or `POST /payment-methods/test-cards` in development); never a card number.",
    }),
    saveForRenewals: z.boolean().default(true).meta({
      description:
        "Keep the card for the automatic renewals of these purchases: every plan renews, so `false` is refused (422 `renewal-card-required`).",
    }),
  }),
  idempotencyKey: true,
  response: {
    status: 201,
    schema: CheckoutResult,
    description: "Completed: the orders exist.",
    alsoStatuses: [{ status: 202, description: STILL_GOING }],
  },
  auth: "buyerToken",
  errors: [402, 409, 422, 502, 504],
});

export const GetMyCheckout = defineEndpoint({
  method: "get",
  path: "/checkouts/:id",
  summary: "Where a checkout stands: completed with its orders (200), still going (202), or declined (402)",
  tags: ["checkout"],
  params: z.object({ id: Id }),
  response: {
    status: 200,
    schema: CheckoutResult,
    description: "Completed: the orders exist.",
    alsoStatuses: [{ status: 202, description: STILL_GOING }],
  },
  auth: "buyerToken",
  errors: [402, 404, 502, 504],
});

/**
 * The payment of a purchase as its buyer sees it (the vendor's fee and the processor's ids are not the buyer's
 * business).
 */
export const PurchasePayment = z
  .object({
    status: PaymentStatus,
    amount: Money,
    capturedAmount: Money,
    releasedAmount: Money,
    refundedAmount: Money,
    authorizedAt: Timestamp.nullable(),
    capturedAt: Timestamp.nullable(),
    releasedAt: Timestamp.nullable(),
  })
  .meta({ id: "PurchasePayment" });

/** What one period of a subscription costs the buyer (the vendor's 3% fee is the vendor's business). */
const BuyerPeriodTotals = z
  .object({ subtotal: Money, vat: Money, total: Money })
  .meta({ description: "One period: before tax, VAT, and what the card is charged." });

/** A subscription as its buyer sees it in a list and in a purchase's details. */
export const MySubscription = SubscriptionSummary.omit({ periodTotals: true })
  .extend({ periodTotals: BuyerPeriodTotals })
  .meta({ id: "MySubscription" });
export type MySubscription = z.input<typeof MySubscription>;

/**
 * A subscription in full as its buyer sees it: its terms, next due date and amount, and its periods (payment history).
 */
export const MySubscriptionDetails = SubscriptionDetails.omit({ periodTotals: true })
  .extend({ periodTotals: BuyerPeriodTotals })
  .meta({ id: "MySubscriptionDetails" });
export type MySubscriptionDetails = z.input<typeof MySubscriptionDetails>;

/**
 * "My purchases > More details": the order, its timeline, the vendor's contact, its documents, its payment and its
 * subscriptions.
 */
export const PurchaseDetails = OrderDetails.omit({ totals: true, paymentId: true })
  .extend({
    totals: z
      .object({ subtotal: Money, vat: Money, total: Money })
      .meta({ description: "Before tax, VAT, and what the card is charged." }),
    payment: PurchasePayment.nullable().meta({
      description: "null when the payment service could not tell right now.",
    }),
    subscriptions: z
      .array(MySubscription)
      .nullable()
      .meta({
        description:
          "The subscriptions the order started once the vendor accepted it (one per plan line; empty before); " +
          "null when the subscription service could not tell right now.",
      }),
  })
  .meta({ id: "PurchaseDetails" });
export type PurchaseDetails = z.input<typeof PurchaseDetails>;

const PurchaseParams = z.object({ orderId: Id });

export const ListMyPurchases = defineEndpoint({
  method: "get",
  path: "/purchases",
  summary: "My purchases: the signed-in buyer's orders, newest first, a page at a time",
  tags: ["purchases"],
  query: PageQuery.extend({ state: OrderState.optional() }),
  response: { status: 200, schema: Page(OrderSummary) },
  auth: "buyerToken",
  errors: [502, 504],
});

export const GetMyPurchase = defineEndpoint({
  method: "get",
  path: "/purchases/:orderId",
  summary:
    "More details: lines, totals, VAT, the vendor's contact, state, deadlines, timeline, documents, delivery, payment",
  tags: ["purchases"],
  params: PurchaseParams,
  response: { status: 200, schema: PurchaseDetails },
  auth: "buyerToken",
  errors: [404, 502, 504],
});

export const DownloadMyPurchaseDocument = defineEndpoint({
  method: "get",
  path: "/purchases/:orderId/documents/:kind",
  summary: "A purchase's purchase order or invoice (PDF); the invoice exists once delivered",
  tags: ["purchases"],
  params: PurchaseParams.extend({ kind: OrderDocumentKind }),
  response: { status: 200, file: { contentTypes: ["application/pdf"] } },
  auth: "buyerToken",
  errors: [404, 502, 504],
});

export const CancelMyPurchase = defineEndpoint({
  method: "post",
  path: "/purchases/:orderId/cancel",
  summary: "Cancel an order its vendor left unanswered past 48 hours: full refund (the card authorization is released)",
  description:
    "409 before the 48 hours have passed (the problem says when it becomes possible) or once the vendor answered.",
  tags: ["purchases"],
  params: PurchaseParams,
  response: { status: 200, schema: PurchaseDetails },
  auth: "buyerToken",
  errors: [404, 409, 502, 504],
});

export const WithdrawMyPurchase = defineEndpoint({
  method: "post",
  path: "/purchases/:orderId/withdraw",
  summary:
    "Withdraw from a purchase within the legal period (7 days for a company, 14 for an individual): full refund, its subscriptions end",
  description:
    "Counted in calendar days from the order's date in the buyer's time zone (the order's day is day 0; the last day " +
    "until midnight, the buyer's time), the kind of buyer at order time counting. Before the vendor accepts, the card " +
    "authorization is released; after, the buyer is refunded in full. The order's subscriptions end at once; the " +
    "vendor is told. Withdrawing again answers the same. 409 `withdrawal-period-ended` (with `lastDay`, the day the " +
    "period ended) after it; 409 `order-state-conflict` for a refused or cancelled order (nothing to withdraw).",
  tags: ["purchases"],
  params: PurchaseParams,
  response: { status: 200, schema: PurchaseDetails },
  auth: "buyerToken",
  errors: [404, 409, 502, 504],
});

export const ListMySubscriptions = defineEndpoint({
  method: "get",
  path: "/subscriptions",
  summary: "My subscriptions: one per plan line of each accepted purchase, newest first, a page at a time",
  description: "Each shows its state, its next due date and amount, and what one period costs.",
  tags: ["subscriptions"],
  query: ListSubscriptionsQuery.pick({ limit: true, cursor: true, state: true, productId: true }),
  response: { status: 200, schema: Page(MySubscription) },
  auth: "buyerToken",
  errors: [502, 504],
});

export const GetMySubscription = defineEndpoint({
  method: "get",
  path: "/subscriptions/:id",
  summary: "One of my subscriptions: its terms, state, next due date and amount, and its periods (payment history)",
  tags: ["subscriptions"],
  params: z.object({ id: Id.meta({ description: "The subscription id." }) }),
  response: { status: 200, schema: MySubscriptionDetails },
  auth: "buyerToken",
  errors: [404, 502, 504],
});

export const CreateTestCard = defineEndpoint({
  method: "post",
  path: "/payment-methods/test-cards",
  summary: "Development only: turn a Stripe test card number into a `pm_…` token for POST /checkout",
  description:
    "Answered only while the payment service runs its simulated processor (404 otherwise, and never in production). " +
    "4242424242424242 succeeds, 4000000000000002 is declined, 4000000000009995 has insufficient funds, 4000002500003155 asks for 3-D Secure.",
  tags: ["checkout"],
  body: SimulatedCardInput,
  response: { status: 201, schema: SimulatedPaymentMethod },
  auth: "buyerToken",
  errors: [404, 422, 502, 504],
});

export const GetMyPaymentMethod = defineEndpoint({
  method: "get",
  path: "/account/payment-method",
  summary: "The card my subscriptions' renewals are charged on (the one I saved last); 404 when I have none",
  tags: ["account"],
  response: { status: 200, schema: RenewalCard },
  auth: "buyerToken",
  errors: [404, 502, 504],
});

export const ReplaceMyPaymentMethod = defineEndpoint({
  method: "put",
  path: "/account/payment-method",
  summary: "Replace the card my renewals are charged on: the next renewal of every subscription charges it",
  description:
    "Putting the card is the consent to charge it for renewals. Takes an `Idempotency-Key`: the same key answers the " +
    "same card (another card with it: 409 `idempotency-key-reused`). **422** `/problems/card-declined` when the card " +
    "cannot be kept (`reason`: `card-declined`, `insufficient-funds`, `expired-card`, `processing-error` for an " +
    "unknown token); **503** `processor-unavailable`: retry with the same key.",
  tags: ["account"],
  body: z.object({
    paymentMethod: z.string().trim().min(1).max(255).meta({
      description:
        "A card token `pm_…` (Stripe.js, or `POST /payment-methods/test-cards` in development); never a card number.",
    }),
  }),
  idempotencyKey: "optional",
  response: { status: 200, schema: RenewalCard },
  auth: "buyerToken",
  errors: [409, 422, 502, 503, 504],
});

export const storefrontEndpoints = [
  Signup,
  Login,
  Refresh,
  Logout,
  GetMe,
  UpdateMe,
  ListMyNotifications,
  SearchProducts,
  GetProduct,
  GetMyCart,
  AddToMyCart,
  ChangeMyCartItem,
  RemoveMyCartItem,
  RefreshMyCart,
  PayMyCart,
  GetMyCheckout,
  ListMyPurchases,
  GetMyPurchase,
  DownloadMyPurchaseDocument,
  CancelMyPurchase,
  ListMySubscriptions,
  GetMySubscription,
  GetMyPaymentMethod,
  ReplaceMyPaymentMethod,
  CreateTestCard,
  WithdrawMyPurchase,
  ...storefrontDisputeEndpoints,
] as const;
