import type { Router } from "express";
import {
  AddCartItem,
  ChangeCartItem,
  CheckoutCart,
  GetCart,
  GetCheckout,
  RefreshCart,
  RemoveCartItem,
} from "@mkt/contracts";
import { mountEndpoints } from "@mkt/service-kit";
import type { CartDeps } from "../app/deps.js";
import { getCart } from "../app/read-cart.js";
import { addItem, changeItemQuantity, removeItem } from "../app/manage-items.js";
import { refreshCart } from "../app/refresh-cart.js";
import { getCheckout, submitCheckout } from "../app/checkout.js";

/** The cart's internal API, called by storefront-gateway (contracts: packages/contracts/src/http/cart.ts). */
export function cartRoutes(router: Router, deps: CartDeps): void {
  const db = deps.db.client;
  mountEndpoints(router, [
    [GetCart, async ({ params }) => getCart(db, params.buyerId)],
    [AddCartItem, async ({ params, body, idempotencyKey }) => addItem(deps, params.buyerId, body, idempotencyKey)],
    [
      ChangeCartItem,
      async ({ params, body }) => changeItemQuantity(deps, params.buyerId, params.itemId, body.quantity),
    ],
    [RemoveCartItem, async ({ params }) => removeItem(deps, params.buyerId, params.itemId)],
    [RefreshCart, async ({ params }) => refreshCart(deps, params.buyerId)],
    [
      CheckoutCart,
      async ({ params, body, idempotencyKey }) => submitCheckout(deps, params.buyerId, body, idempotencyKey),
    ],
    [GetCheckout, async ({ params, query }) => getCheckout(deps, params.buyerId, params.checkoutId, query.waitMs)],
  ]);
}
