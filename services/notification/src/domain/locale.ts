/** The languages notifications are written in. */
export const LOCALES = ["fr", "en"] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * The language of a recipient nobody asked otherwise: French, the marketplace's first market.
 * (Vendors cannot choose a language yet; when they can, their choice is kept on the recipient.)
 */
export const DEFAULT_LOCALE: Locale = "fr";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** Business dates are shown in the marketplace's time zone, whatever the server's. */
export const MARKETPLACE_TIME_ZONE = "Europe/Paris";

const formats: Record<Locale, Intl.DateTimeFormat> = {
  fr: new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: MARKETPLACE_TIME_ZONE }),
  en: new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: MARKETPLACE_TIME_ZONE }),
};

/** `24 novembre 2026` / `24 November 2026`, as the day was in Paris. */
export function formatDate(at: string | Date, locale: Locale): string {
  return formats[locale].format(typeof at === "string" ? new Date(at) : at);
}
