import { z } from "zod";
import { defineEndpoint } from "./define-endpoint.js";
import { Id, Money, Timestamp } from "../common/primitives.js";
import { BillingCycle } from "../common/catalog-taxonomy.js";
import { VatTreatment } from "../common/order-terms.js";

// cart's internal API (not public): storefront-gateway reads and changes the buyer's cart and pays
// it (POST /checkouts, then polls GET /checkouts/:checkoutId until it is no longer pending). The
// buyer id always comes from the caller's credential, never from the buyer's request body.
// WIRE FORMAT between services: change it with every side. Problem types a caller may switch on:
//   404 /problems/not-found               unknown item, checkout, or (POST /items) a plan the cart has never seen
//   409 /problems/plan-not-buyable        POST /items: the plan is superseded or retired, or its product is
//                                         not published
//   409 /problems/quantity-limit          POST /items: the line would hold more than 100
//   409 /problems/currency-mismatch       POST /items: the plan's currency is not the cart's (all prices are EUR today)
//   409 /problems/checkout-in-progress    the cart is locked by a pending checkout (or another key is paying it)
//   409 /problems/cart-empty              checkout of an empty cart
//   409 /problems/cart-lines-unavailable  checkout: errors[] has one `items.<itemId>` entry per line that
//                                         cannot be bought
//   409 /problems/buyer-unknown           checkout: the cart has not (yet) received the buyer's profile
//   409 /problems/idempotency-key-reused  checkout, add item: the key was used with another body

/** A line holds 1 to 100 of a plan. */
export const CART_MAX_QUANTITY = 100;
export const CartQuantity = z
  .number()
  .int()
  .min(1, "at least 1")
  .max(CART_MAX_QUANTITY, `at most ${CART_MAX_QUANTITY}`)
  .meta({ description: `How many of the plan, 1 to ${CART_MAX_QUANTITY}.` });

/** Why a line cannot be bought as it is. */
export const CART_UNAVAILABLE_REASONS = ["product-not-published", "plan-superseded", "plan-retired"] as const;
export const CartUnavailableReason = z.enum(CART_UNAVAILABLE_REASONS).meta({ id: "CartUnavailableReason" });
export type CartUnavailableReason = z.infer<typeof CartUnavailableReason>;

export const CartLineAvailability = z
  .object({
    status: z.enum(["available", "unavailable"]),
    /** null when available. */
    reason: CartUnavailableReason.nullable(),
    /** Worded for the buyer (English); null when available. */
    message: z.string().nullable(),
    /** When the plan was superseded: the plan that replaced it (POST /refresh moves the line to it); else null. */
    replacementPlanId: Id.nullable(),
  })
  .meta({ id: "CartLineAvailability" });
export type CartLineAvailability = z.infer<typeof CartLineAvailability>;

export const CartVendor = z.object({ id: Id, legalName: z.string() }).meta({ id: "CartVendor" });

/** One line: a plan at the price snapshotted from the catalog, times a quantity. */
export const CartLine = z
  .object({
    /** The item id used by PATCH/DELETE /items/:itemId; it becomes the order line's `lineId`. */
    id: Id,
    productId: Id,
    productName: z.string(),
    planId: Id,
    planName: z.string(),
    billingCycle: BillingCycle,
    commitmentMonths: z.number().int().min(0),
    trialDays: z.number().int().min(0),
    vendor: CartVendor,
    unitPrice: Money,
    quantity: z.number().int().min(1),
    /** unitPrice × quantity, before tax: each period's price (with a trial, charged from its end on). */
    amount: Money,
    availability: CartLineAvailability,
    addedAt: Timestamp,
  })
  .meta({ id: "CartLine" });
export type CartLine = z.infer<typeof CartLine>;

/** Totals as the buyer sees them (the vendor's 3% fee is not the buyer's business). */
export const CartTotals = z
  .object({
    /** Before tax. */
    subtotal: Money,
    vat: Money,
    /** With tax: what the card is charged. */
    total: Money,
  })
  .meta({ id: "CartTotals" });
export type CartTotals = z.infer<typeof CartTotals>;

/** One vendor's available lines: what becomes one order at checkout, with its VAT. */
export const CartVendorGroup = z
  .object({
    vendor: CartVendor,
    itemIds: z.array(Id),
    vatTreatment: VatTreatment,
    totals: CartTotals,
  })
  .meta({ id: "CartVendorGroup" });

/**
 * A buyer's cart (a buyer without one has an empty cart). `vendors` and `totals` count only the
 * lines that can be bought now; unavailable lines are listed with their reason until removed or
 * refreshed. VAT follows the buyer's profile as the cart knows it (France at 20% until it does).
 * A line with a free trial is listed at its price but not counted: checkout charges nothing for it
 * (the card is kept), and its subscription charges the first period at the trial's end.
 */
export const Cart = z
  .object({
    buyerId: Id,
    currency: z.string(),
    lines: z.array(CartLine),
    vendors: z.array(CartVendorGroup),
    totals: CartTotals,
    /** The checkout that locks the cart (pending or action-required); null when the cart can change. */
    pendingCheckoutId: Id.nullable(),
  })
  .meta({ id: "Cart" });
export type Cart = z.infer<typeof Cart>;

/** What POST /refresh did to one line. */
export const CartRefreshChange = z
  .object({
    itemId: Id,
    /**
     * `removed`: the line left the cart; `replaced`: it now holds the plan that superseded its plan, at that plan's
     * price.
     */
    change: z.enum(["removed", "replaced"]),
    reason: CartUnavailableReason,
    previousPlanId: Id,
    /** The plan the line holds now (`replaced`), else null. */
    planId: Id.nullable(),
    previousUnitPrice: Money,
    unitPrice: Money.nullable(),
    /** `replaced` into a line that already held the new plan: the quantities merged into that line (capped at 100). */
    mergedIntoItemId: Id.nullable(),
  })
  .meta({ id: "CartRefreshChange" });

export const CHECKOUT_STATUSES = ["pending", "action-required", "completed", "declined"] as const;
export const CheckoutStatus = z.enum(CHECKOUT_STATUSES).meta({ id: "CheckoutStatus" });
export type CheckoutStatus = z.infer<typeof CheckoutStatus>;

/** A checkout: the cart frozen and paid, one order per vendor. */
export const Checkout = z
  .object({
    id: Id,
    buyerId: Id,
    /**
     * `pending`: payment is authorizing; `action-required`: the buyer must authenticate at
     * `redirectUrl`; `completed`: the orders exist (the lines left the cart); `declined`: nothing
     * was charged and the cart is unlocked as it was.
     */
    status: CheckoutStatus,
    /** The orders of this checkout, one per vendor (ids assigned at submission; they exist once `completed`). */
    orderIds: z.array(Id),
    /** Where the buyer authenticates when `action-required`; else null. */
    redirectUrl: z.string().nullable(),
    decline: z
      .object({
        reason: z.enum([
          "card-declined",
          "insufficient-funds",
          "authentication-failed",
          "expired-card",
          "processing-error",
        ]),
        /** Worded for the buyer. */
        message: z.string(),
      })
      .nullable(),
    totals: CartTotals,
    submittedAt: Timestamp,
    /** When it became completed or declined; null while it is not. */
    settledAt: Timestamp.nullable(),
  })
  .meta({ id: "Checkout" });
export type Checkout = z.infer<typeof Checkout>;

const CartParams = z.object({ buyerId: Id });
const ItemParams = CartParams.extend({ itemId: Id });

export const GetCart = defineEndpoint({
  method: "get",
  path: "/carts/:buyerId",
  summary: "The buyer's cart: lines with their availability, one group per vendor with its VAT, totals",
  tags: ["cart"],
  params: CartParams,
  response: { status: 200, schema: Cart },
});

export const AddCartItem = defineEndpoint({
  method: "post",
  path: "/carts/:buyerId/items",
  summary: "Add a plan to the cart (a plan already there gets the quantity added)",
  description:
    "The same Idempotency-Key (per buyer, kept 24 h) adds nothing again and answers the cart; with another body: 409 `idempotency-key-reused`.",
  tags: ["cart"],
  params: CartParams,
  body: z.object({ planId: Id, quantity: CartQuantity.default(1) }),
  response: { status: 201, schema: Cart },
  errors: [404, 409],
  // Optional for the seed and tests; the storefront gateway always sends one (the buyer's or a fresh one).
  idempotencyKey: "optional",
});

export const ChangeCartItem = defineEndpoint({
  method: "patch",
  path: "/carts/:buyerId/items/:itemId",
  summary: "Change a line's quantity",
  tags: ["cart"],
  params: ItemParams,
  body: z.object({ quantity: CartQuantity }),
  response: { status: 200, schema: Cart },
  errors: [404, 409],
});

export const RemoveCartItem = defineEndpoint({
  method: "delete",
  path: "/carts/:buyerId/items/:itemId",
  summary: "Remove a line",
  tags: ["cart"],
  params: ItemParams,
  response: { status: 200, schema: Cart },
  errors: [404, 409],
});

export const RefreshCart = defineEndpoint({
  method: "post",
  path: "/carts/:buyerId/refresh",
  summary:
    "Drop the lines that cannot be bought and move lines of a superseded plan to the plan that replaced it, at its price",
  tags: ["cart"],
  params: CartParams,
  response: { status: 200, schema: z.object({ cart: Cart, changes: z.array(CartRefreshChange) }) },
  errors: [409],
});

export const CheckoutCart = defineEndpoint({
  method: "post",
  path: "/carts/:buyerId/checkouts",
  summary: "Pay the cart: one draft order per vendor, authorized on the card; answers the checkout to poll",
  description:
    "The same Idempotency-Key answers the same checkout (whatever its status now). Every line must be " +
    "buyable (else 409 cart-lines-unavailable naming each line, and the newer plan when superseded). " +
    "The cart is locked until the checkout is completed (its lines leave) or declined (it unlocks as it was).",
  tags: ["checkout"],
  params: CartParams,
  body: z.object({
    /** A processor payment-method token (`pm_…`); never a card number. */
    paymentMethod: z.string().min(1).max(255),
    /**
     * The buyer consents to keep the card for automatic renewals: every plan renews, so `false` is a 422
     * `renewal-card-required`.
     */
    saveForRenewals: z.boolean().default(true),
  }),
  idempotencyKey: true,
  response: { status: 202, schema: Checkout },
  errors: [409, 422],
});

/** The longest a GetCheckout may hold its answer: well under the callers' 10 s HTTP timeout. */
export const CHECKOUT_WAIT_MAX_MS = 5_000;

export const GetCheckout = defineEndpoint({
  method: "get",
  path: "/carts/:buyerId/checkouts/:checkoutId",
  summary: "A checkout's status; with waitMs, answered as soon as it is no longer pending (or when the wait is over)",
  tags: ["checkout"],
  params: CartParams.extend({ checkoutId: Id }),
  query: z.object({
    waitMs: z.coerce
      .number()
      .int()
      .min(0)
      .max(CHECKOUT_WAIT_MAX_MS)
      .default(0)
      .meta({
        description: `How long to hold the answer while the checkout is pending, 0 to ${CHECKOUT_WAIT_MAX_MS} ms.`,
      }),
  }),
  response: { status: 200, schema: Checkout },
  errors: [404],
});

/** Every endpoint of cart's internal API. */
export const cartEndpoints = [
  GetCart,
  AddCartItem,
  ChangeCartItem,
  RemoveCartItem,
  RefreshCart,
  CheckoutCart,
  GetCheckout,
] as const;
