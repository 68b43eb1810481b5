import { findUnstorableText } from "./common/text.js";
import type { EventDefinition } from "./define-event.js";
import { EventEnvelope } from "./envelope.js";
import { toFieldIssues, type FieldIssue } from "./common/issues.js";
import { VendorApprovedV1 } from "./events/vendor/vendor-approved.v1.js";
import { VendorApplicationSubmittedV1 } from "./events/vendor/vendor-application-submitted.v1.js";
import { BuyerRegisteredV1 } from "./events/buyer/buyer-registered.v1.js";
import { BuyerProfileUpdatedV1 } from "./events/buyer/buyer-profile-updated.v1.js";
import { VendorRejectedV1 } from "./events/vendor/vendor-rejected.v1.js";
import { VendorInformationRequestedV1 } from "./events/vendor/vendor-information-requested.v1.js";
import { VendorContactUpdatedV1 } from "./events/vendor/vendor-contact-updated.v1.js";
import { VendorBankDetailsChangedV1 } from "./events/vendor/vendor-bank-details-changed.v1.js";
import { VendorBankDetailsVerifiedV1 } from "./events/vendor/vendor-bank-details-verified.v1.js";
import { VendorUserRegisteredV1, VendorUserUpdatedV1 } from "./events/vendor/vendor-user.v1.js";
import { CatalogProductUpdatedV1 } from "./events/catalog/product-updated.v1.js";
import { CartCheckoutSubmittedV1 } from "./events/cart/checkout-submitted.v1.js";
import { PaymentCheckoutAuthorizedV1 } from "./events/payment/checkout-authorized.v1.js";
import { PaymentCheckoutDeclinedV1 } from "./events/payment/checkout-declined.v1.js";
import { PaymentCheckoutActionRequiredV1 } from "./events/payment/checkout-action-required.v1.js";
import { PaymentCapturedV1, PaymentRefundedV1, PaymentReleasedV1 } from "./events/payment/payment-settled.v1.js";
import {
  OrderAcceptedV1,
  OrderCancelledV1,
  OrderCheckoutCompletedV1,
  OrderCheckoutFailedV1,
  OrderDeliveredV1,
  OrderOverdueV1,
  OrderRefusedV1,
  OrderTransmittedV1,
  OrderValidationReminderV1,
} from "./events/order/order-events.v1.js";
import { OrderWithdrawnV1 } from "./events/order/withdrawn.v1.js";
import {
  SubscriptionCancellationScheduledV1,
  SubscriptionCancellationUndoneV1,
  SubscriptionEndedV1,
  SubscriptionReactivatedV1,
  SubscriptionReminderDueV1,
  SubscriptionRenewalFailedV1,
  SubscriptionRenewedV1,
  SubscriptionStartedV1,
  SubscriptionSuspendedV1,
} from "./events/subscription/subscription-events.v1.js";
import {
  DisputeAnsweredV1,
  DisputeMessageAddedV1,
  DisputeOpenedV1,
  DisputeResolvedV1,
} from "./events/dispute/dispute-events.v1.js";

export interface EventRegistry {
  readonly definitions: readonly EventDefinition[];
  /** The definition for one type and version, or undefined when none was declared. */
  find(type: string, version: number): EventDefinition | undefined;
  has(definition: EventDefinition): boolean;
  /** Every publishing context, each owning one stream. */
  contexts(): string[];
}

export function createEventRegistry(definitions: readonly EventDefinition[]): EventRegistry {
  const byKey = new Map<string, EventDefinition>();
  for (const definition of definitions) {
    const key = `${definition.type}.v${definition.version}`;
    if (byKey.has(key)) throw new Error(`event ${key} is declared twice`);
    byKey.set(key, definition);
  }
  const all = [...byKey.values()];
  return {
    definitions: all,
    find: (type, version) => byKey.get(`${type}.v${version}`),
    has: (definition) => byKey.get(`${definition.type}.v${definition.version}`) === definition,
    contexts: () => [...new Set(all.map((d) => d.context))].sort(),
  };
}

/**
 * Every event the marketplace may publish. An event missing here cannot be published (the outbox
 * refuses it) nor consumed (the consumer dead-letters it).
 */
export const events = createEventRegistry([
  VendorApprovedV1,
  VendorApplicationSubmittedV1,
  BuyerRegisteredV1,
  BuyerProfileUpdatedV1,
  VendorRejectedV1,
  VendorInformationRequestedV1,
  VendorContactUpdatedV1,
  VendorBankDetailsChangedV1,
  VendorBankDetailsVerifiedV1,
  VendorUserRegisteredV1,
  VendorUserUpdatedV1,
  CatalogProductUpdatedV1,
  CartCheckoutSubmittedV1,
  PaymentCheckoutAuthorizedV1,
  PaymentCheckoutDeclinedV1,
  PaymentCheckoutActionRequiredV1,
  PaymentCapturedV1,
  PaymentReleasedV1,
  PaymentRefundedV1,
  OrderTransmittedV1,
  OrderCheckoutCompletedV1,
  OrderCheckoutFailedV1,
  OrderValidationReminderV1,
  OrderAcceptedV1,
  OrderRefusedV1,
  OrderOverdueV1,
  OrderCancelledV1,
  OrderDeliveredV1,
  OrderWithdrawnV1,
  SubscriptionStartedV1,
  SubscriptionRenewedV1,
  SubscriptionRenewalFailedV1,
  SubscriptionSuspendedV1,
  SubscriptionReactivatedV1,
  SubscriptionCancellationScheduledV1,
  SubscriptionCancellationUndoneV1,
  SubscriptionEndedV1,
  SubscriptionReminderDueV1,
  DisputeOpenedV1,
  DisputeMessageAddedV1,
  DisputeAnsweredV1,
  DisputeResolvedV1,
]);

export type ParsedEvent =
  | { ok: true; envelope: EventEnvelope; definition: EventDefinition }
  | {
      ok: false;
      reason: "malformed-json" | "invalid-envelope" | "undeclared-event" | "invalid-data";
      issues: FieldIssue[];
    };

/** Validates raw bytes from the bus: JSON, then the envelope, then the declared data schema. */
export function parseEvent(registry: EventRegistry, raw: string): ParsedEvent {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    return { ok: false, reason: "malformed-json", issues: [{ path: "", message: (error as Error).message }] };
  }
  const envelope = EventEnvelope.safeParse(json);
  if (!envelope.success) return { ok: false, reason: "invalid-envelope", issues: toFieldIssues(envelope.error) };
  const definition = registry.find(envelope.data.type, envelope.data.version);
  if (!definition) {
    return {
      ok: false,
      reason: "undeclared-event",
      issues: [
        { path: "type", message: `${envelope.data.type} v${envelope.data.version} is not declared in the contracts` },
      ],
    };
  }
  const data = definition.data.safeParse(envelope.data.data);
  if (!data.success) return { ok: false, reason: "invalid-data", issues: toFieldIssues(data.error, ["data"]) };
  // Text no database can store never reaches a handler (the publisher refuses it too).
  const unstorable = findUnstorableText(data.data, ["data"]);
  if (unstorable.length > 0) return { ok: false, reason: "invalid-data", issues: unstorable };
  return { ok: true, envelope: { ...envelope.data, data: data.data }, definition };
}
