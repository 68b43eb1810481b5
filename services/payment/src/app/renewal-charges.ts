import { randomUUID } from "node:crypto";
import type { RenewalCharge as RenewalChargeView, RenewalChargeInput } from "@mkt/contracts";
import { createOnce, requestFingerprint, ValidationError } from "@mkt/service-kit";
import type { RenewalCharge } from "../generated/prisma/client.js";
import { idempotencyKeys } from "../domain/keys.js";
import { ProcessorUnavailable, type OffSessionChargeOutcome } from "../processor/port.js";
import type { PaymentDeps } from "./deps.js";
import { ProcessorUnavailableProblem, renewalChargeKeyReused } from "./errors.js";
import { findRenewalCard } from "./renewal-card.js";
import { lockRenewalsOf, refundInFull, withdrawalOf } from "./refund-withdrawn-renewals.js";

/** A buyer without a saved card: the period cannot be charged (no processor call). */
const NO_SAVED_CARD = "no-saved-card";
/** The buyer withdrew from the order that started the subscription: nothing more is charged. WIRE NAME. */
export const SUBSCRIPTION_WITHDRAWN = "subscription-withdrawn";

/**
 * Charges the buyer's most recently saved card off-session for one subscription period, called
 * by the subscription service's renewal worker with the period's charge key as Idempotency-Key.
 * A decline is an answer (status `failed`), recorded like a success.
 *
 * No period is charged twice: a row for the key answers the first charge (409 with another
 * request); the processor is called with the same key, so a call repeated after a crash that hit
 * between the processor's answer and our insert gets the processor's first answer back (one
 * PaymentIntent), and of concurrent calls with one key the unique index lets one row in while the
 * others read it. Processor unavailable: 503 and nothing recorded; the retry with the key
 * finishes it. No event: the subscription service publishes subscription.renewed with the money
 * facts once it has recorded this answer.
 */
export async function chargeRenewal(
  deps: PaymentDeps,
  input: RenewalChargeInput,
  idempotencyKey: string,
): Promise<RenewalChargeView> {
  if (input.fee.currency !== input.amount.currency)
    throw new ValidationError([
      { path: "fee.currency", message: `must be the amount's currency (${input.amount.currency})` },
    ]);
  const fingerprint = requestFingerprint("ChargeRenewal", input);
  const row = await createOnce(
    () => replayOf(deps, idempotencyKey, fingerprint),
    () => charge(deps, input, idempotencyKey, fingerprint),
  );
  return renewalChargeView(row);
}

async function replayOf(
  deps: Pick<PaymentDeps, "db">,
  idempotencyKey: string,
  fingerprint: string,
): Promise<RenewalCharge | undefined> {
  const previous = await deps.db.client.renewalCharge.findUnique({ where: { idempotencyKey } });
  if (!previous) return undefined;
  if (previous.requestHash !== fingerprint) throw renewalChargeKeyReused(previous.id);
  return previous;
}

async function charge(
  deps: PaymentDeps,
  input: RenewalChargeInput,
  idempotencyKey: string,
  fingerprint: string,
): Promise<RenewalCharge> {
  // Withdrawn already: answered as a failed attempt the subscription records (its period is no
  // longer due), and kept under the key so that a retry gets the same answer.
  const withdrawn = await withdrawalOf(deps.db.client, input.subscriptionId);
  const card = withdrawn ? null : await findRenewalCard(deps, input.buyerId);
  let outcome: OffSessionChargeOutcome | undefined;
  if (card) {
    try {
      outcome = await deps.processor.chargeOffSession({
        amount: input.amount.amount,
        currency: input.amount.currency,
        customer: card.customerId,
        paymentMethod: card.paymentMethodId,
        description: input.description,
        idempotencyKey: idempotencyKeys.renewalCharge(idempotencyKey),
        metadata: {
          subscriptionId: input.subscriptionId,
          periodNumber: String(input.periodNumber),
          buyerId: input.buyerId,
          vendorId: input.vendorId,
        },
      });
    } catch (error) {
      if (error instanceof ProcessorUnavailable) throw new ProcessorUnavailableProblem();
      throw error;
    }
  }
  const now = deps.clock.now();
  const charged = outcome?.kind === "succeeded" ? outcome.card : null;
  const failureReason = withdrawn
    ? SUBSCRIPTION_WITHDRAWN
    : outcome === undefined
      ? NO_SAVED_CARD
      : outcome.kind === "failed"
        ? outcome.reason
        : null;
  return deps.db.transaction(async (tx) => {
    // Under the subscription's lock, as its withdrawal is recorded: a withdrawal heard while the
    // processor was charging is seen here, and what it took is refunded at once (withdrawal.3a).
    await lockRenewalsOf(tx, input.subscriptionId);
    const recorded = await tx.renewalCharge.create({
      data: {
        id: randomUUID(),
        idempotencyKey,
        requestHash: fingerprint,
        subscriptionId: input.subscriptionId,
        periodNumber: input.periodNumber,
        buyerId: input.buyerId,
        vendorId: input.vendorId,
        amount: input.amount.amount,
        currency: input.amount.currency,
        fee: input.fee.amount,
        status: outcome?.kind === "succeeded" ? "succeeded" : "failed",
        failureReason,
        declineCode: outcome?.kind === "failed" ? outcome.code : null,
        paymentMethodId: card?.paymentMethodId ?? null,
        cardBrand: charged?.brand ?? card?.brand ?? null,
        cardLast4: charged?.last4 ?? card?.last4 ?? null,
        processor: deps.processor.name,
        processorPaymentId: outcome?.processorPaymentId ?? null,
        chargedAt: now,
        createdAt: now,
      },
    });
    const withdrawal = recorded.status === "succeeded" ? await withdrawalOf(tx, input.subscriptionId) : null;
    if (withdrawal) await refundInFull(tx, deps, [recorded], withdrawal.orderId);
    return recorded;
  });
}

function renewalChargeView(c: RenewalCharge): RenewalChargeView {
  const money = (amount: number) => ({ amount, currency: c.currency });
  return {
    chargeId: c.id,
    subscriptionId: c.subscriptionId,
    periodNumber: c.periodNumber,
    buyerId: c.buyerId,
    vendorId: c.vendorId,
    status: c.status as RenewalChargeView["status"],
    amount: money(c.amount),
    fee: money(c.fee),
    failureReason: c.failureReason,
    declineCode: c.declineCode,
    card: c.cardBrand && c.cardLast4 ? { brand: c.cardBrand, last4: c.cardLast4 } : null,
    processor: c.processor as RenewalChargeView["processor"],
    processorPaymentId: c.processorPaymentId,
    chargedAt: c.chargedAt.toISOString(),
  };
}
