import type { Cart } from "@mkt/contracts";
import type { Db } from "../db/client.js";
import { cartView } from "../domain/cart-view.js";
import { loadCartState } from "./cart-store.js";

/** GET /carts/:buyerId: a buyer without a cart has an empty one. */
export async function getCart(db: Db, buyerId: string): Promise<Cart> {
  const cart = await db.cart.findUnique({ where: { buyerId } });
  return cartView(await loadCartState(db, buyerId, cart?.pendingCheckoutId ?? null));
}
