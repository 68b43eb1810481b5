import { randomBytes } from "node:crypto";
import type { Clock } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import {
  CardRefused,
  type AuthorizationOutcome,
  type AuthorizeRequest,
  type CardDetails,
  type CustomerRequest,
  type OffSessionChargeOutcome,
  type OffSessionChargeRequest,
  type PaymentProcessor,
} from "./port.js";
import {
  declineOf,
  offSessionFailureOf,
  TEST_PAYMENT_METHODS,
  testCardNumber,
  type CardBehaviour,
  type TestCard,
} from "./test-cards.js";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** A request the simulated processor refuses, as Stripe answers 400/404 (not a decline). */
export class SimulatedProcessorError extends Error {
  constructor(
    readonly code: "resource_missing" | "payment_intent_unexpected_state" | "amount_too_large" | "card_not_accepted",
    message: string,
  ) {
    super(message);
    this.name = "SimulatedProcessorError";
  }
}

/** Where a simulated 3-D Secure authentication stands; `expired` = released before the buyer answered. */
export type AuthenticationStatus = "pending" | "succeeded" | "failed" | "expired";

const id = (prefix: string) => `${prefix}_sim_${randomBytes(12).toString("hex")}`;

/**
 * A processor that behaves like Stripe test mode with Stripe's test cards, its state in the
 * payment database (sim_* tables) so that it survives restarts. Every keyed call stores its first
 * answer and answers it again for the same key.
 */
export class SimulatedProcessor implements PaymentProcessor {
  readonly name = "simulated" as const;

  constructor(
    private readonly client: Db,
    private readonly clock: Clock,
    /** Base URL of this payment service as the buyer's browser reaches it, for the authentication page. */
    private readonly publicUrl: string,
  ) {}

  /** The authentication page of an intent that requires 3-D Secure. */
  authenticationUrl(intentId: string): string {
    return `${this.publicUrl.replace(/\/$/, "")}/simulated/authentications/${intentId}/page`;
  }

  /** Tokenizes a Stripe test card number; refuses any other number. Keeps brand, last 4 and expiry only. */
  async tokenize(card: { number: string; expMonth: number; expYear: number }): Promise<{ id: string } & CardDetails> {
    const known = testCardNumber(card.number);
    if (!known)
      throw new SimulatedProcessorError(
        "card_not_accepted",
        "The simulated processor accepts Stripe's test card numbers only.",
      );
    const now = this.clock.now();
    const expired =
      card.expYear < now.getUTCFullYear() ||
      (card.expYear === now.getUTCFullYear() && card.expMonth < now.getUTCMonth() + 1);
    const behaviour: CardBehaviour = expired ? "expired_card" : known.behaviour;
    const created = await this.client.simPaymentMethod.create({
      data: {
        id: id("pm"),
        brand: known.brand,
        last4: known.last4,
        expMonth: card.expMonth,
        expYear: card.expYear,
        behaviour,
        createdAt: now,
      },
    });
    return {
      id: created.id,
      brand: created.brand,
      last4: created.last4,
      expMonth: created.expMonth,
      expYear: created.expYear,
    };
  }

  async authorize(request: AuthorizeRequest): Promise<AuthorizationOutcome> {
    return this.once(request.idempotencyKey, "authorize", async (tx) => {
      const method = await this.paymentMethod(tx, request.paymentMethod);
      const now = this.clock.now();
      const intentId = id("pi");
      if (!method) {
        return {
          kind: "declined",
          processorPaymentId: null,
          reason: "processing-error",
          processorCode: "resource_missing",
        } satisfies AuthorizationOutcome;
      }
      const decline = declineOf(method.behaviour);
      const status = decline
        ? "declined"
        : method.behaviour === "authentication_required"
          ? "requires_action"
          : "requires_capture";
      await tx.simIntent.create({
        data: {
          id: intentId,
          amount: request.amount,
          currency: request.currency,
          paymentMethod: request.paymentMethod,
          customer: request.customer,
          status,
          declineCode: decline?.code ?? null,
          metadata: request.metadata,
          createdAt: now,
          updatedAt: now,
        },
      });
      if (decline)
        return {
          kind: "declined",
          processorPaymentId: intentId,
          reason: decline.reason,
          processorCode: decline.code,
        } satisfies AuthorizationOutcome;
      if (status === "requires_action")
        return {
          kind: "requires_action",
          processorPaymentId: intentId,
          redirectUrl: this.authenticationUrl(intentId),
        } satisfies AuthorizationOutcome;
      return { kind: "authorized", processorPaymentId: intentId, card: method.card } satisfies AuthorizationOutcome;
    });
  }

  /**
   * A renewal: the saved card charged with nobody there, captured at once (status `succeeded`,
   * captured = amount, so the refund path works on it as on a captured authorization), or a
   * declined intent. A card that asks for 3-D Secure fails `authentication-required`.
   */
  async chargeOffSession(request: OffSessionChargeRequest): Promise<OffSessionChargeOutcome> {
    return this.once(request.idempotencyKey, "charge-off-session", async (tx) => {
      const method = await this.paymentMethod(tx, request.paymentMethod);
      if (!method)
        return {
          kind: "failed",
          processorPaymentId: null,
          reason: "processing-error",
          code: "resource_missing",
        } satisfies OffSessionChargeOutcome;
      const now = this.clock.now();
      const intentId = id("pi");
      const failure = offSessionFailureOf(method.behaviour);
      await tx.simIntent.create({
        data: {
          id: intentId,
          amount: request.amount,
          currency: request.currency,
          paymentMethod: request.paymentMethod,
          customer: request.customer,
          status: failure ? "declined" : "succeeded",
          declineCode: failure?.code ?? null,
          capturedAmount: failure ? 0 : request.amount,
          metadata: { ...request.metadata, description: request.description, offSession: "true" },
          createdAt: now,
          updatedAt: now,
        },
      });
      if (failure)
        return {
          kind: "failed",
          processorPaymentId: intentId,
          reason: failure.reason,
          code: failure.code,
        } satisfies OffSessionChargeOutcome;
      return { kind: "succeeded", processorPaymentId: intentId, card: method.card } satisfies OffSessionChargeOutcome;
    });
  }

  /** The buyer's answer on the authentication page: the intent becomes capturable, or fails authentication. */
  async completeAuthentication(
    intentId: string,
    outcome: "approve" | "fail",
  ): Promise<{ status: AuthenticationStatus; amount: number; currency: string; checkoutId: string | null }> {
    return this.client.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM sim_intent WHERE id = ${intentId} FOR UPDATE`;
      if (rows.length === 0)
        throw new SimulatedProcessorError("resource_missing", `No such payment intent: ${intentId}`);
      const intent = await tx.simIntent.findUniqueOrThrow({ where: { id: intentId } });
      if (intent.status === "requires_action") {
        const failed = outcome === "fail";
        await tx.simIntent.update({
          where: { id: intentId },
          data: {
            status: failed ? "declined" : "requires_capture",
            declineCode: failed ? "payment_intent_authentication_failure" : null,
            updatedAt: this.clock.now(),
          },
        });
        return {
          status: failed ? "failed" : "succeeded",
          amount: intent.amount,
          currency: intent.currency,
          checkoutId: metadataOf(intent.metadata).checkoutId ?? null,
        };
      }
      return {
        ...this.authenticationStatus(intent.status, intent.declineCode),
        amount: intent.amount,
        currency: intent.currency,
        checkoutId: metadataOf(intent.metadata).checkoutId ?? null,
      };
    });
  }

  async authentication(
    intentId: string,
  ): Promise<
    { status: AuthenticationStatus; amount: number; currency: string; checkoutId: string | null } | undefined
  > {
    const intent = await this.client.simIntent.findUnique({ where: { id: intentId } });
    // An off-session charge never asks the buyer: it has no authentication page.
    if (!intent || metadataOf(intent.metadata).offSession === "true") return undefined;
    const method = await this.paymentMethod(this.client, intent.paymentMethod);
    if (method?.behaviour !== "authentication_required") return undefined;
    return {
      ...this.authenticationStatus(intent.status, intent.declineCode),
      amount: intent.amount,
      currency: intent.currency,
      checkoutId: metadataOf(intent.metadata).checkoutId ?? null,
    };
  }

  private authenticationStatus(status: string, declineCode: string | null): { status: AuthenticationStatus } {
    if (status === "requires_action") return { status: "pending" };
    if (declineCode === "authentication_abandoned") return { status: "expired" };
    return {
      status: status === "declined" && declineCode === "payment_intent_authentication_failure" ? "failed" : "succeeded",
    };
  }

  async confirmAuthentication(processorPaymentId: string): Promise<AuthorizationOutcome> {
    const intent = await this.client.simIntent.findUnique({ where: { id: processorPaymentId } });
    if (!intent) throw new SimulatedProcessorError("resource_missing", `No such payment intent: ${processorPaymentId}`);
    const method = await this.paymentMethod(this.client, intent.paymentMethod);
    switch (intent.status) {
      case "requires_action":
        return { kind: "requires_action", processorPaymentId, redirectUrl: this.authenticationUrl(processorPaymentId) };
      case "requires_capture":
      case "succeeded":
        return { kind: "authorized", processorPaymentId, card: method?.card ?? null };
      default: {
        const code = intent.declineCode ?? "canceled";
        const reason =
          code === "payment_intent_authentication_failure"
            ? "authentication-failed"
            : (declineOf(method?.behaviour ?? "generic_decline")?.reason ?? "card-declined");
        return { kind: "declined", processorPaymentId, reason, processorCode: code };
      }
    }
  }

  async capture(
    processorPaymentId: string,
    amount: number,
    idempotencyKey: string,
  ): Promise<{ capturedAmount: number }> {
    return this.once(idempotencyKey, "capture", async (tx) => {
      const intent = await this.lockIntent(tx, processorPaymentId);
      if (intent.status !== "requires_capture")
        throw new SimulatedProcessorError(
          "payment_intent_unexpected_state",
          `This PaymentIntent could not be captured because it has a status of ${intent.status}.`,
        );
      if (amount > intent.amount)
        throw new SimulatedProcessorError("amount_too_large", "The amount to capture exceeds the amount authorized.");
      await tx.simIntent.update({
        where: { id: intent.id },
        data: { status: "succeeded", capturedAmount: amount, updatedAt: this.clock.now() },
      });
      return { capturedAmount: amount };
    });
  }

  async cancel(processorPaymentId: string, idempotencyKey: string): Promise<void> {
    await this.once(idempotencyKey, "cancel", async (tx) => {
      const intent = await this.lockIntent(tx, processorPaymentId);
      if (intent.status === "succeeded")
        throw new SimulatedProcessorError(
          "payment_intent_unexpected_state",
          "You cannot cancel this PaymentIntent because it has a status of succeeded.",
        );
      // Canceled while the buyer had not authenticated: the authentication page answers "expired".
      const declineCode = intent.status === "requires_action" ? "authentication_abandoned" : intent.declineCode;
      await tx.simIntent.update({
        where: { id: intent.id },
        data: { status: "canceled", declineCode, updatedAt: this.clock.now() },
      });
      return { canceled: true };
    });
  }

  async refund(processorPaymentId: string, amount: number, idempotencyKey: string): Promise<{ refundId: string }> {
    return this.once(idempotencyKey, "refund", async (tx) => {
      const intent = await this.lockIntent(tx, processorPaymentId);
      if (intent.status !== "succeeded")
        throw new SimulatedProcessorError(
          "payment_intent_unexpected_state",
          "This PaymentIntent has no charge to refund.",
        );
      if (intent.refundedAmount + amount > intent.capturedAmount)
        throw new SimulatedProcessorError(
          "amount_too_large",
          "Refund amount is greater than the charge's unrefunded amount.",
        );
      await tx.simIntent.update({
        where: { id: intent.id },
        data: { refundedAmount: intent.refundedAmount + amount, updatedAt: this.clock.now() },
      });
      return { refundId: id("re") };
    });
  }

  async createCustomer(customer: CustomerRequest, idempotencyKey: string): Promise<string> {
    const created = await this.once(idempotencyKey, "create-customer", async () => ({ id: id("cus") }));
    void customer;
    return created.id;
  }

  async saveForRenewals(customer: string, paymentMethod: string, idempotencyKey: string): Promise<CardDetails> {
    return this.once(idempotencyKey, "attach", async (tx) => {
      const method = await this.paymentMethod(tx, paymentMethod);
      if (!method) throw new CardRefused("processing-error", "resource_missing");
      // As Stripe verifies a card it attaches: a declining card is refused; the customer-fail card is kept.
      const decline = method.behaviour === "charge_customer_fail" ? undefined : declineOf(method.behaviour);
      if (decline) throw new CardRefused(decline.reason, decline.code);
      if (!paymentMethod.startsWith("pm_card_"))
        await tx.simPaymentMethod.update({ where: { id: paymentMethod }, data: { customer } });
      return method.card;
    });
  }

  private async paymentMethod(tx: Tx | Db, paymentMethod: string): Promise<TestCard | undefined> {
    const named = Object.hasOwn(TEST_PAYMENT_METHODS, paymentMethod) ? TEST_PAYMENT_METHODS[paymentMethod] : undefined;
    if (named) return named;
    const stored = await tx.simPaymentMethod.findUnique({ where: { id: paymentMethod } });
    if (!stored) return undefined;
    return {
      behaviour: stored.behaviour as CardBehaviour,
      card: { brand: stored.brand, last4: stored.last4, expMonth: stored.expMonth, expYear: stored.expYear },
    };
  }

  /** The intent, its row locked for the rest of the transaction (one change at a time), in one statement. */
  private async lockIntent(tx: Tx, intentId: string) {
    const [intent] = await tx.$queryRaw<
      {
        id: string;
        status: string;
        amount: number;
        declineCode: string | null;
        capturedAmount: number;
        refundedAmount: number;
      }[]
    >`SELECT id, status, amount, decline_code AS "declineCode", captured_amount AS "capturedAmount",
        refunded_amount AS "refundedAmount"
      FROM sim_intent WHERE id = ${intentId} FOR UPDATE`;
    if (!intent) throw new SimulatedProcessorError("resource_missing", `No such payment intent: ${intentId}`);
    return intent;
  }

  /**
   * Runs `work` once per idempotency key; later calls with the key answer its first result (errors
   * are not kept, as Stripe keeps no 4xx from before the call ran). The key's row is the lock: it is
   * inserted in the work's transaction, so a second call with the key, at the same time, waits on
   * it, finds it taken, rolls its own work back and answers the first result. A call repeated later
   * fails its work or loses the insert the same way. No read before the work: a repeat is the rare case.
   */
  private async once<R>(key: string, operation: string, work: (tx: Tx) => Promise<R>): Promise<R> {
    try {
      return await this.client.$transaction(async (tx) => {
        const result = await work(tx);
        const kept = await tx.$executeRaw`
          INSERT INTO sim_request (idempotency_key, operation, result, created_at)
          VALUES (${key}, ${operation}, ${JSON.stringify(result)}::jsonb, ${this.clock.now()})
          ON CONFLICT (idempotency_key) DO NOTHING`;
        if (kept === 0) throw new AlreadyAnswered();
        return result;
      });
    } catch (error) {
      const previous = await this.client.simRequest.findUnique({ where: { idempotencyKey: key } });
      if (!previous) throw error;
      if (previous.operation !== operation)
        throw new SimulatedProcessorError(
          "payment_intent_unexpected_state",
          `Keys for idempotent requests can only be used for the same operation (${previous.operation}).`,
        );
      return previous.result as R;
    }
  }
}

/** Another call with the same idempotency key committed first: this one's work is rolled back. */
class AlreadyAnswered extends Error {}

function metadataOf(value: unknown): Record<string, string> {
  return value && typeof value === "object" ? (value as Record<string, string>) : {};
}
