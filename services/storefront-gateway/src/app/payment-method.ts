import { GetRenewalCard, ReplaceRenewalCard, type RenewalCard } from "@mkt/contracts";
import { serviceIdempotencyKey } from "@mkt/gateway-kit";
import { getBuyer } from "./buyers.js";
import type { StorefrontDeps } from "./deps.js";

/** The card the buyer's renewals are charged on; the payment service's 404 passes through. */
export function getMyPaymentMethod(deps: StorefrontDeps, buyerId: string): Promise<RenewalCard> {
  return deps.payment.call(GetRenewalCard, { params: { buyerId } });
}

/**
 * The buyer replaces its renewal card. The payment service creates the processor customer when
 * the buyer has none, with the email and name of the buyer's profile (read here, never from the
 * request); its problems (422 card-declined, 409, 503) pass through unchanged.
 */
export async function replaceMyPaymentMethod(
  deps: StorefrontDeps,
  buyerId: string,
  paymentMethod: string,
  idempotencyKey: string | undefined,
): Promise<RenewalCard> {
  const buyer = await getBuyer(deps, buyerId);
  return deps.payment.call(ReplaceRenewalCard, {
    params: { buyerId },
    body: { paymentMethod, email: buyer.email, name: buyer.legalName ?? buyer.name ?? buyer.email },
    idempotencyKey: serviceIdempotencyKey(idempotencyKey),
  });
}
