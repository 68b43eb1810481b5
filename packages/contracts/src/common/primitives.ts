import { z } from "zod";

/** Opaque identifier. Ids are strings on the wire whatever the owning service stores. */
export const Id = z.string().min(1).max(128);

/**
 * ISO 8601 timestamp in UTC, e.g. `2026-11-24T19:02:03.000Z`. Year 0000 is refused: PostgreSQL
 * has no year zero (a request carrying one would otherwise reach the database and fail there).
 */
export const Timestamp = z.iso.datetime({ offset: true }).refine((text) => !text.startsWith("0000"), {
  message: "must be a time from year 0001 on",
});

/** The calendar dates the business deals in (births, document issues, due dates). */
export const CALENDAR_DATE_RANGE = { from: "1900-01-01", to: "2999-12-31" } as const;

/**
 * A calendar date, `YYYY-MM-DD`, within CALENDAR_DATE_RANGE: `0000-01-01` is a valid ISO date
 * that PostgreSQL refuses, and no birth or document date of a marketplace lies outside it.
 */
export const CalendarDate = z.iso
  .date()
  .refine((text) => text >= CALENDAR_DATE_RANGE.from && text <= CALENDAR_DATE_RANGE.to, {
    message: `must be a date from ${CALENDAR_DATE_RANGE.from} to ${CALENDAR_DATE_RANGE.to}`,
  })
  .meta({
    description: `A calendar date, \`YYYY-MM-DD\`, from ${CALENDAR_DATE_RANGE.from} to ${CALENDAR_DATE_RANGE.to}.`,
  });

/**
 * An IANA time zone name (`Europe/Paris`, `America/Los_Angeles`), one this runtime's Intl knows:
 * business dates (a subscription's anchor, its due dates) are computed in it.
 */
export const IanaTimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(
    (zone) => {
      try {
        new Intl.DateTimeFormat("en-US", { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    },
    { message: "must be an IANA time zone such as Europe/Paris" },
  )
  .meta({ description: "An IANA time zone name, e.g. `Europe/Paris`." });

/** ISO 4217 currency code. */
export const Currency = z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as EUR");

/** Money is an integer of minor units with its currency, never a float. */
export const Money = z.object({
  amount: z.number().int(),
  currency: Currency,
});
export type Money = z.infer<typeof Money>;

/** A company's legal form as its registration states it: `SAS`, `SARL`, `SA`, `GmbH`… */
export const LegalForm = z.string().trim().min(1).max(60);

/** A company's share capital (capital social), in minor units: French invoices print it. */
export const ShareCapital = Money.extend({
  amount: z.number().int().min(1, "a share capital is positive").max(Number.MAX_SAFE_INTEGER),
});

/** Contact details a vendor shows to buyers (public on listings, in confirmation emails). */
export const PublicContact = z.object({
  email: z.email(),
  phone: z.string().min(3).max(40),
  supportUrl: z.url().optional(),
});
export type PublicContact = z.infer<typeof PublicContact>;
