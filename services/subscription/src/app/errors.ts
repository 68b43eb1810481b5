import { ConflictError, NotFoundError } from "@mkt/service-kit";
import type { Decision, StartRefusal } from "../domain/subscription-state.js";

// The subscription service's domain errors: typed values the kit maps to problem+json in one
// place. A domain refusal (a value) becomes one of these at the use case's edge.

/** Also what another buyer's subscription answers: its existence is not theirs to know. */
export const subscriptionNotFound = (subscriptionId: string) => new NotFoundError("Subscription", subscriptionId);

/**
 * 409 for a command the subscription's state does not allow; `subscriptionState` says where it
 * stands and `possibleFrom` (a YYYY-MM-DD date) when a later cancellation would take effect.
 */
export function commandRefused(subscriptionId: string, decision: Extract<Decision, { kind: "refused" }>) {
  const slug = decision.reason === "wrong-state" ? "subscription-state-conflict" : decision.reason;
  return new ConflictError(slug, `Subscription ${subscriptionId}: ${decision.detail}`, {
    subscriptionState: decision.state,
    ...(decision.possibleFrom ? { possibleFrom: decision.possibleFrom } : {}),
  });
}

/** 409 for a second free trial of the same solution by the same buyer. */
export const trialAlreadyUsed = (refusal: StartRefusal) => new ConflictError(refusal.reason, refusal.detail);
