import Stripe from "stripe";
import { declineReasonFromStripe, renewalFailureFromStripe } from "../domain/outcomes.js";
import {
  CardRefused,
  ProcessorUnavailable,
  type AuthorizationOutcome,
  type AuthorizeRequest,
  type CardDetails,
  type CustomerRequest,
  type OffSessionChargeOutcome,
  type OffSessionChargeRequest,
  type PaymentProcessor,
} from "./port.js";

export interface StripeSettings {
  secretKey: string;
  /** Where Stripe sends the buyer back after 3-D Secure (required to get a redirect URL). */
  returnUrl: string;
  /** Tests only: a local server standing for api.stripe.com. */
  api?: { host: string; port: number; protocol: "http" | "https" };
}

export function createStripeClient(settings: Pick<StripeSettings, "secretKey" | "api">): Stripe {
  return new Stripe(settings.secretKey, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    ...(settings.api ? { host: settings.api.host, port: settings.api.port, protocol: settings.api.protocol } : {}),
  });
}

/** What may be shown of a card from a Stripe PaymentMethod. */
function cardOf(paymentMethod: string | Stripe.PaymentMethod | null | undefined): CardDetails | null {
  if (!paymentMethod || typeof paymentMethod === "string" || !paymentMethod.card) return null;
  const { brand, last4, exp_month, exp_year } = paymentMethod.card;
  return { brand, last4, expMonth: exp_month, expYear: exp_year };
}

/** A PaymentIntent's state, as our outcome. Pure. */
export function outcomeOfIntent(
  intent: Pick<Stripe.PaymentIntent, "id" | "status" | "next_action" | "last_payment_error" | "payment_method">,
): AuthorizationOutcome {
  switch (intent.status) {
    case "requires_capture":
    case "succeeded":
      return { kind: "authorized", processorPaymentId: intent.id, card: cardOf(intent.payment_method) };
    case "requires_action": {
      const url = intent.next_action?.redirect_to_url?.url;
      if (url) return { kind: "requires_action", processorPaymentId: intent.id, redirectUrl: url };
      return {
        kind: "declined",
        processorPaymentId: intent.id,
        reason: "processing-error",
        processorCode: `next_action:${intent.next_action?.type ?? "none"}`,
      };
    }
    case "requires_payment_method": {
      const error = intent.last_payment_error;
      return {
        kind: "declined",
        processorPaymentId: intent.id,
        reason: declineReasonFromStripe(error?.code, error?.decline_code),
        processorCode: error?.decline_code ?? error?.code ?? null,
      };
    }
    case "canceled":
      return { kind: "declined", processorPaymentId: intent.id, reason: "processing-error", processorCode: "canceled" };
    default:
      // processing, requires_confirmation: not a final answer for a confirmed card intent; ask again later.
      throw new ProcessorUnavailable(`PaymentIntent ${intent.id} is ${intent.status}`);
  }
}

/** An off-session, automatically captured PaymentIntent's state, as our outcome. Pure. */
export function offSessionOutcomeOfIntent(
  intent: Pick<Stripe.PaymentIntent, "id" | "status" | "last_payment_error" | "payment_method">,
): OffSessionChargeOutcome {
  switch (intent.status) {
    case "succeeded":
      return { kind: "succeeded", processorPaymentId: intent.id, card: cardOf(intent.payment_method) };
    case "requires_action":
      // Nobody is there to authenticate: the buyer pays the period on-session instead.
      return {
        kind: "failed",
        processorPaymentId: intent.id,
        reason: "authentication-required",
        code: "authentication_required",
      };
    case "requires_payment_method": {
      const error = intent.last_payment_error;
      return {
        kind: "failed",
        processorPaymentId: intent.id,
        reason: renewalFailureFromStripe(error?.code, error?.decline_code),
        code: error?.decline_code ?? error?.code ?? null,
      };
    }
    case "canceled":
      return { kind: "failed", processorPaymentId: intent.id, reason: "processing-error", code: "canceled" };
    default:
      // processing, requires_capture, requires_confirmation: not what a confirmed automatic-capture card
      // intent ends in; ask again later.
      throw new ProcessorUnavailable(`PaymentIntent ${intent.id} is ${intent.status}`);
  }
}

/** A card error (HTTP 402) of an off-session charge, as our failed outcome. Pure. */
export function offSessionFailureOfCardError(
  error: Pick<Stripe.errors.StripeCardError, "code" | "decline_code" | "raw">,
): OffSessionChargeOutcome {
  const intent = (error.raw as { payment_intent?: { id?: string } } | undefined)?.payment_intent;
  return {
    kind: "failed",
    processorPaymentId: intent?.id ?? null,
    reason: renewalFailureFromStripe(error.code, error.decline_code),
    code: error.decline_code ?? error.code ?? null,
  };
}

function isCardError(error: unknown): error is Stripe.errors.StripeCardError {
  return error instanceof Stripe.errors.StripeCardError;
}

/** Declines are answers; anything else (network, 5xx, rate limit, bad key) is retried later. */
function unavailable(error: unknown, what: string): never {
  if (error instanceof Stripe.errors.StripeError)
    throw new ProcessorUnavailable(`Stripe ${what}: ${error.type} ${error.code ?? ""} ${error.message}`, {
      cause: error,
    });
  throw error;
}

/** PaymentIntents with manual capture, through the official SDK, an idempotency key on every call. */
export class StripeProcessor implements PaymentProcessor {
  readonly name = "stripe" as const;
  readonly stripe: Stripe;

  constructor(private readonly settings: StripeSettings) {
    this.stripe = createStripeClient(settings);
  }

  async authorize(request: AuthorizeRequest): Promise<AuthorizationOutcome> {
    try {
      const intent = await this.stripe.paymentIntents.create(
        {
          amount: request.amount,
          currency: request.currency.toLowerCase(),
          payment_method: request.paymentMethod,
          capture_method: "manual",
          confirm: true,
          return_url: this.settings.returnUrl,
          ...(request.customer ? { customer: request.customer } : {}),
          ...(request.saveForFutureUse ? { setup_future_usage: "off_session" as const } : {}),
          metadata: request.metadata,
          expand: ["payment_method"],
        },
        { idempotencyKey: request.idempotencyKey },
      );
      return outcomeOfIntent(intent);
    } catch (error) {
      if (isCardError(error)) {
        const intent = (error.raw as { payment_intent?: { id?: string } } | undefined)?.payment_intent;
        return {
          kind: "declined",
          processorPaymentId: intent?.id ?? null,
          reason: declineReasonFromStripe(error.code, error.decline_code),
          processorCode: error.decline_code ?? error.code ?? null,
        };
      }
      return unavailable(error, "authorize");
    }
  }

  async confirmAuthentication(processorPaymentId: string): Promise<AuthorizationOutcome> {
    try {
      return outcomeOfIntent(
        await this.stripe.paymentIntents.retrieve(processorPaymentId, { expand: ["payment_method"] }),
      );
    } catch (error) {
      return unavailable(error, "retrieve");
    }
  }

  async capture(
    processorPaymentId: string,
    amount: number,
    idempotencyKey: string,
  ): Promise<{ capturedAmount: number }> {
    try {
      const intent = await this.stripe.paymentIntents.capture(
        processorPaymentId,
        { amount_to_capture: amount },
        { idempotencyKey },
      );
      return { capturedAmount: intent.amount_received };
    } catch (error) {
      return unavailable(error, "capture");
    }
  }

  async cancel(processorPaymentId: string, idempotencyKey: string): Promise<void> {
    try {
      await this.stripe.paymentIntents.cancel(
        processorPaymentId,
        { cancellation_reason: "abandoned" },
        { idempotencyKey },
      );
    } catch (error) {
      // Already canceled: releasing twice is releasing once.
      if (
        error instanceof Stripe.errors.StripeInvalidRequestError &&
        error.code === "payment_intent_unexpected_state" &&
        /canceled/.test(error.message)
      )
        return;
      return unavailable(error, "cancel");
    }
  }

  async refund(processorPaymentId: string, amount: number, idempotencyKey: string): Promise<{ refundId: string }> {
    try {
      const refund = await this.stripe.refunds.create(
        { payment_intent: processorPaymentId, amount },
        { idempotencyKey },
      );
      return { refundId: refund.id };
    } catch (error) {
      return unavailable(error, "refund");
    }
  }

  async chargeOffSession(request: OffSessionChargeRequest): Promise<OffSessionChargeOutcome> {
    try {
      const intent = await this.stripe.paymentIntents.create(
        {
          amount: request.amount,
          currency: request.currency.toLowerCase(),
          ...(request.customer ? { customer: request.customer } : {}),
          payment_method: request.paymentMethod,
          off_session: true,
          confirm: true,
          capture_method: "automatic",
          description: request.description,
          metadata: request.metadata,
          expand: ["payment_method"],
        },
        { idempotencyKey: request.idempotencyKey },
      );
      return offSessionOutcomeOfIntent(intent);
    } catch (error) {
      if (error instanceof ProcessorUnavailable) throw error;
      if (isCardError(error)) return offSessionFailureOfCardError(error);
      return unavailable(error, "charge off-session");
    }
  }

  async createCustomer(customer: CustomerRequest, idempotencyKey: string): Promise<string> {
    try {
      const created = await this.stripe.customers.create(
        { email: customer.email, name: customer.name, metadata: { buyerId: customer.buyerId } },
        { idempotencyKey },
      );
      return created.id;
    } catch (error) {
      return unavailable(error, "create customer");
    }
  }

  async saveForRenewals(customer: string, paymentMethod: string, idempotencyKey: string): Promise<CardDetails> {
    try {
      // The authorization carried setup_future_usage=off_session with this customer: Stripe attached
      // the card on success. Attaching again to the same customer is harmless; read what to show.
      const method = await this.stripe.paymentMethods.attach(paymentMethod, { customer }, { idempotencyKey });
      const card = cardOf(method);
      if (!card) throw new ProcessorUnavailable(`PaymentMethod ${paymentMethod} is not a card`);
      return card;
    } catch (error) {
      if (error instanceof ProcessorUnavailable) throw error;
      if (isCardError(error))
        throw new CardRefused(
          declineReasonFromStripe(error.code, error.decline_code),
          error.decline_code ?? error.code ?? null,
        );
      if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === "resource_missing")
        throw new CardRefused("processing-error", "resource_missing");
      return unavailable(error, "attach");
    }
  }

  /** A webhook's event, its signature checked against the raw body (throws when forged, tampered or too old). */
  constructEvent(rawBody: Buffer, signature: string, secret: string, receivedAtMs: number): Stripe.Event {
    // receivedAt is in milliseconds (the SDK divides it by 1000); tolerance in seconds.
    return this.stripe.webhooks.constructEvent(rawBody, signature, secret, 300, undefined, receivedAtMs);
  }
}
