import { CART_MAX_QUANTITY, type CartUnavailableReason, type FieldIssue } from "@mkt/contracts";
import { ConflictError, DomainError, NotFoundError } from "@mkt/service-kit";

// The cart's domain errors: typed values the kit maps to problem+json in one place. The slugs
// are listed in packages/contracts/src/http/cart.ts (callers switch on them).

export const planUnknown = (planId: string) =>
  new DomainError({
    slug: "not-found",
    status: 404,
    title: "Not found",
    detail: `Plan ${planId} is not on the marketplace (or not yet known to the cart).`,
  });
export const itemNotFound = (itemId: string) => new NotFoundError("Cart item", itemId);
export const checkoutNotFound = (checkoutId: string) => new NotFoundError("Checkout", checkoutId);

export const planNotBuyable = (
  planId: string,
  reason: CartUnavailableReason,
  message: string,
  replacementPlanId: string | null,
) =>
  new ConflictError("plan-not-buyable", `Plan ${planId} cannot be bought: ${message}`, { reason, replacementPlanId });

export const quantityLimit = (itemId: string, quantity: number) =>
  new ConflictError(
    "quantity-limit",
    `A line holds at most ${CART_MAX_QUANTITY}; with this addition line ${itemId} would hold ${quantity}.`,
    {
      itemId,
      maxQuantity: CART_MAX_QUANTITY,
    },
  );

export const currencyMismatch = (cartCurrency: string, planCurrency: string) =>
  new ConflictError(
    "currency-mismatch",
    `The cart is in ${cartCurrency}; a plan priced in ${planCurrency} cannot join it.`,
  );

export const checkoutInProgress = (checkoutId: string) =>
  new ConflictError(
    "checkout-in-progress",
    `Checkout ${checkoutId} is paying this cart: it cannot change until that checkout is completed or declined.`,
    { checkoutId },
  );

export const cartEmpty = () => new ConflictError("cart-empty", "The cart is empty: add a plan before paying.");

export const cartLinesUnavailable = (errors: FieldIssue[]) =>
  new DomainError({
    slug: "cart-lines-unavailable",
    status: 409,
    title: "Conflict with the current state",
    detail: `${errors.length === 1 ? "A line" : `${errors.length} lines`} of the cart cannot be bought as it is: remove ${errors.length === 1 ? "it" : "them"}, or refresh the cart (POST /refresh) to move lines of a replaced plan to their new version.`,
    errors,
  });

/** 422: every plan renews by itself (monthly or yearly), so paying for one keeps the card for its renewals. */
export const renewalCardRequired = () =>
  new DomainError({
    slug: "renewal-card-required",
    status: 422,
    title: "The card must be kept for renewals",
    detail:
      "Every plan on the marketplace renews automatically on its anniversary, charged to the card used now: pay with `saveForRenewals: true` (stopping renewal stays possible until 24 hours before each due date).",
  });

export const buyerUnknown = (buyerId: string) =>
  new ConflictError(
    "buyer-unknown",
    `The cart has no profile for buyer ${buyerId} yet (it arrives with buyer.registered / buyer.profile-updated): VAT and documents need it. Try again in a moment.`,
  );

export const idempotencyKeyReused = (checkoutId: string) =>
  new ConflictError(
    "idempotency-key-reused",
    `This Idempotency-Key was used for checkout ${checkoutId} with another request body: use a new key for a new checkout.`,
    {
      checkoutId,
    },
  );

export const idempotencyKeyReusedForAdd = () =>
  new ConflictError(
    "idempotency-key-reused",
    "This Idempotency-Key was already used to add another plan or quantity to the cart: use a new key for a new add.",
  );
