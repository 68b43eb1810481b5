import { z } from "zod";

/** Opaque identifier. Ids are strings on the wire whatever the owning service stores. */
export const Id = z.string().min(1).max(128);

/** ISO 8601 timestamp in UTC, e.g. `2026-11-24T19:02:03.000Z`. */
export const Timestamp = z.iso.datetime({ offset: true });

/** ISO 4217 currency code. */
export const Currency = z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as EUR");

/** Money is an integer of minor units with its currency, never a float. */
export const Money = z.object({
  amount: z.number().int(),
  currency: Currency,
});
export type Money = z.infer<typeof Money>;

/** Contact details a vendor shows to buyers (public on listings, in confirmation emails). */
export const PublicContact = z.object({
  email: z.email(),
  phone: z.string().min(3).max(40),
  supportUrl: z.url().optional(),
});
export type PublicContact = z.infer<typeof PublicContact>;
