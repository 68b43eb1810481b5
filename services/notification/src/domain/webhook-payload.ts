import type { EventEnvelope } from "@mkt/contracts";

/**
 * An event's data as a webhook carries it: as the contract says, except that a bank account goes
 * out as its holder's name and the last 4 characters of its IBAN. NEVER the full IBAN: the
 * bank-details events carry it for payout only, and a webhook leaves the marketplace (to a URL
 * that may log bodies, behind a secret that may leak).
 */
export function webhookData(data: unknown): unknown {
  if (typeof data !== "object" || data === null || !("bankAccount" in data)) return data;
  const { bankAccount, ...rest } = data as { bankAccount: { holderName?: unknown; ibanLast4?: unknown } | null };
  return {
    ...rest,
    bankAccount: bankAccount === null ? null : { holderName: bankAccount.holderName, ibanLast4: bankAccount.ibanLast4 },
  };
}

/**
 * The body a receiver gets: the event's envelope without internal fields, its data as
 * webhookData shapes it. WIRE SHAPE: vendors' code parses it.
 */
export function webhookBody(event: Pick<EventEnvelope, "id" | "type" | "version" | "occurredAt" | "data">) {
  return {
    id: event.id,
    type: event.type,
    version: event.version,
    occurredAt: event.occurredAt,
    data: webhookData(event.data),
  };
}
