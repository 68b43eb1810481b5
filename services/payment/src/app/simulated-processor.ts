import { NotFoundError } from "@mkt/service-kit";
import { SimulatedProcessorError, type SimulatedProcessor } from "../processor/simulated.js";
import type { PaymentDeps } from "./deps.js";
import { authenticationExpired, CardNotAccepted } from "./errors.js";
import { authenticationFinished } from "./record.js";

// The simulated processor's own surface (Stripe's test cards and its 3-D Secure page), which only
// exists when PAYMENT_PROCESSOR is simulated.

function simulatedOnly(deps: Pick<PaymentDeps, "simulated">): SimulatedProcessor {
  if (!deps.simulated) throw new NotFoundError("The simulated processor (PAYMENT_PROCESSOR is not simulated)");
  return deps.simulated;
}

/** A payment method id for a Stripe test card number. */
export async function tokenizeSimulatedCard(
  deps: Pick<PaymentDeps, "simulated">,
  card: Parameters<SimulatedProcessor["tokenize"]>[0],
) {
  try {
    return await simulatedOnly(deps).tokenize(card);
  } catch (error) {
    if (error instanceof SimulatedProcessorError) throw new CardNotAccepted(error.message);
    throw error;
  }
}

/** A 3-D Secure authentication as its page shows it. */
export async function readSimulatedAuthentication(deps: Pick<PaymentDeps, "simulated">, intentId: string) {
  const found = await simulatedOnly(deps).authentication(intentId);
  if (!found) throw new NotFoundError("Authentication", intentId);
  return found;
}

/** The buyer approves or fails the 3-D Secure challenge; the checkout then goes on (or is declined). */
export async function completeSimulatedAuthentication(
  deps: PaymentDeps,
  intentId: string,
  outcome: "approve" | "fail",
) {
  const simulated = simulatedOnly(deps);
  if (!(await simulated.authentication(intentId))) throw new NotFoundError("Authentication", intentId);
  const result = await simulated.completeAuthentication(intentId, outcome);
  if (result.status === "expired") throw authenticationExpired();
  await authenticationFinished(deps, intentId);
  return result;
}
