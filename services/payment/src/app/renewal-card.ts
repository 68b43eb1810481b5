import type { RenewalCard, ReplaceRenewalCardInput } from "@mkt/contracts";
import { NotFoundError } from "@mkt/service-kit";
import type { SavedPaymentMethod } from "../generated/prisma/client.js";
import { idempotencyKeys } from "../domain/keys.js";
import { CardRefused, ProcessorUnavailable, type CardDetails } from "../processor/port.js";
import type { PaymentDeps } from "./deps.js";
import { ProcessorUnavailableProblem, RenewalCardRefused, renewalCardKeyReused } from "./errors.js";

/**
 * The buyer replaces the card its renewals are charged on (putting it is its consent): the card
 * is kept on the buyer's processor customer (the one of an earlier saved card, else a new one)
 * and saved as the most recent card, so the next renewal charges it. Idempotent by the buyer's
 * key: processor calls carry keys derived from it, and the row records it (unique per buyer), so a
 * retry answers the card as first saved; the key with another card is a 409.
 */
export async function replaceRenewalCard(
  deps: PaymentDeps,
  buyerId: string,
  input: ReplaceRenewalCardInput,
  idempotencyKey: string,
): Promise<RenewalCard> {
  const previous = await replayOf(deps, buyerId, input.paymentMethod, idempotencyKey);
  if (previous) return renewalCardView(previous);
  const earlier = await deps.db.client.savedPaymentMethod.findFirst({
    where: { buyerId, customerId: { not: null } },
    orderBy: [{ savedAt: "desc" }, { paymentMethodId: "asc" }],
  });
  let card: CardDetails;
  let customerId: string;
  try {
    customerId =
      earlier?.customerId ??
      (await deps.processor.createCustomer(
        { buyerId, email: input.email, name: input.name },
        idempotencyKeys.renewalCardCustomer(buyerId, idempotencyKey),
      ));
    card = await deps.processor.saveForRenewals(
      customerId,
      input.paymentMethod,
      idempotencyKeys.renewalCardAttach(buyerId, idempotencyKey),
    );
  } catch (error) {
    if (error instanceof CardRefused) throw new RenewalCardRefused(error.reason);
    if (error instanceof ProcessorUnavailable) throw new ProcessorUnavailableProblem();
    throw error;
  }
  const now = deps.clock.now();
  // One statement: a concurrent call with the same key updates nothing (the row already carries
  // the key) and both answer the row as it stands; the same key with another card breaks the
  // (buyer, key) unique index and is answered as a reuse.
  try {
    await deps.db.client.$executeRaw`
      INSERT INTO saved_payment_method
        (buyer_id, payment_method_id, customer_id, brand, last4, exp_month, exp_year, consent_key, saved_at)
      VALUES (${buyerId}, ${input.paymentMethod}, ${customerId}, ${card.brand}, ${card.last4}, ${card.expMonth},
        ${card.expYear}, ${idempotencyKey}, ${now})
      ON CONFLICT (buyer_id, payment_method_id) DO UPDATE SET
        customer_id = EXCLUDED.customer_id, brand = EXCLUDED.brand, last4 = EXCLUDED.last4,
        exp_month = EXCLUDED.exp_month, exp_year = EXCLUDED.exp_year, consent_key = EXCLUDED.consent_key,
        saved_at = EXCLUDED.saved_at
      WHERE saved_payment_method.consent_key IS DISTINCT FROM EXCLUDED.consent_key`;
  } catch (error) {
    const winner = await replayOf(deps, buyerId, input.paymentMethod, idempotencyKey);
    if (!winner) throw error;
    return renewalCardView(winner);
  }
  const saved = await deps.db.client.savedPaymentMethod.findUniqueOrThrow({
    where: { buyerId_paymentMethodId: { buyerId, paymentMethodId: input.paymentMethod } },
  });
  return renewalCardView(saved);
}

/** The card a key already put, if any; the key with another card is a 409. */
async function replayOf(
  deps: Pick<PaymentDeps, "db">,
  buyerId: string,
  paymentMethod: string,
  consentKey: string,
): Promise<SavedPaymentMethod | undefined> {
  const previous = await deps.db.client.savedPaymentMethod.findUnique({
    where: { buyerId_consentKey: { buyerId, consentKey } },
  });
  if (!previous) return undefined;
  if (previous.paymentMethodId !== paymentMethod) throw renewalCardKeyReused();
  return previous;
}

/** The card the buyer's renewals are charged on: its most recently saved one (the charge and the reads agree). */
export function findRenewalCard(deps: Pick<PaymentDeps, "db">, buyerId: string): Promise<SavedPaymentMethod | null> {
  return deps.db.client.savedPaymentMethod.findFirst({
    where: { buyerId },
    orderBy: [{ savedAt: "desc" }, { paymentMethodId: "asc" }],
  });
}

/** The card the buyer's renewals are charged on, as the account page shows it; 404 when it has none. */
export async function readRenewalCard(deps: Pick<PaymentDeps, "db">, buyerId: string): Promise<RenewalCard> {
  const card = await findRenewalCard(deps, buyerId);
  if (!card) throw new NotFoundError("The renewal card of buyer", buyerId);
  return renewalCardView(card);
}

function renewalCardView(card: SavedPaymentMethod): RenewalCard {
  return {
    brand: card.brand,
    last4: card.last4,
    expMonth: card.expMonth,
    expYear: card.expYear,
    savedAt: card.savedAt.toISOString(),
  };
}
