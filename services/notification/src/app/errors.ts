import { ConflictError, NotFoundError } from "@mkt/service-kit";

// The notification service's errors a caller can cause: typed values the kit maps to
// problem+json in one place.

export const webhookEndpointNotFound = (endpointId: string) => new NotFoundError("Webhook endpoint", endpointId);

export const idempotencyKeyReused = () =>
  new ConflictError(
    "idempotency-key-reused",
    "This Idempotency-Key was already used to register a webhook endpoint with another body: use a new key for a new endpoint.",
  );
