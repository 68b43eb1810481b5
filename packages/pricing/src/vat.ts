import type { VatTreatment } from "@mkt/contracts";

// The VAT treatment of an order (docs/business-rules.md, Parties: "the kind of buyer changes ... the VAT
// treatment"). The marketplace's rule, as decided for this issue:
//
//   buyer                                             treatment        rate   mention
//   French (company or individual)                    standard         20 %   none
//   EU individual (outside France)                    standard         20 %   none
//   EU company outside France, with a VAT number      reverse-charge    0 %   REVERSE_CHARGE_MENTION
//     that is well formed for the buyer's country
//   EU company outside France without one (or with    standard         20 %   none
//     one that is malformed or of another country)
//   outside the EU (company or individual)            outside-eu        0 %   OUTSIDE_EU_MENTION
//
// The buyer's country is its (billing) address's country; a company without an address is taken
// from its VAT number's prefix; anyone else without an address is French (the buyer events say
// so: "VAT then assumes France").
//
// LIMITS, on purpose:
// - A VAT number is checked for its FORMAT only (country prefix + that country's pattern). Whether
//   it is registered and valid (the EU's VIES service) is not checked here: that is I/O and out
//   of this package's scope; until a service checks it, a well-formed number earns reverse charge.
// - EU individuals pay French VAT at 20% as decided; the EU's one-stop-shop rule (the consumer's
//   own country's rate for electronically supplied services past €10,000 of yearly cross-border
//   sales) is not applied.
// - Territories outside the EU VAT area (French overseas departments, Canary Islands, Åland…)
//   are treated by their ISO code: not in EU_COUNTRIES, hence outside-eu. Monaco, which is in the
//   French VAT area, is treated likewise (outside-eu) for now.

/** France's standard VAT rate, in basis points (2000 = 20%). */
export const FRENCH_STANDARD_RATE_BASIS_POINTS = 2000;

/** WIRE TEXT: printed on purchase orders and invoices of reverse-charged orders. */
export const REVERSE_CHARGE_MENTION =
  "Autoliquidation : TVA due par le preneur (article 196 de la directive 2006/112/CE) — Reverse charge: VAT due by the customer (Article 196, Directive 2006/112/EC)";

/** WIRE TEXT: printed on purchase orders and invoices of orders to buyers outside the EU. */
export const OUTSIDE_EU_MENTION = "TVA non applicable — article 259-1 du CGI / VAT not applicable";

/**
 * The 27 member states of the European Union (ISO 3166-1 alpha-2), with the pattern of their VAT
 * numbers after the prefix. Greece's ISO code is GR but its VAT prefix is EL.
 */
export const EU_COUNTRIES: Readonly<Record<string, { vatPrefix: string; vatPattern: RegExp }>> = {
  AT: { vatPrefix: "AT", vatPattern: /^U\d{8}$/ },
  BE: { vatPrefix: "BE", vatPattern: /^[01]\d{9}$/ },
  BG: { vatPrefix: "BG", vatPattern: /^\d{9,10}$/ },
  CY: { vatPrefix: "CY", vatPattern: /^\d{8}[A-Z]$/ },
  CZ: { vatPrefix: "CZ", vatPattern: /^\d{8,10}$/ },
  DE: { vatPrefix: "DE", vatPattern: /^\d{9}$/ },
  DK: { vatPrefix: "DK", vatPattern: /^\d{8}$/ },
  EE: { vatPrefix: "EE", vatPattern: /^\d{9}$/ },
  ES: { vatPrefix: "ES", vatPattern: /^[A-Z0-9]\d{7}[A-Z0-9]$/ },
  FI: { vatPrefix: "FI", vatPattern: /^\d{8}$/ },
  FR: { vatPrefix: "FR", vatPattern: /^[0-9A-HJ-NP-Z]{2}\d{9}$/ },
  GR: { vatPrefix: "EL", vatPattern: /^\d{9}$/ },
  HR: { vatPrefix: "HR", vatPattern: /^\d{11}$/ },
  HU: { vatPrefix: "HU", vatPattern: /^\d{8}$/ },
  IE: { vatPrefix: "IE", vatPattern: /^(\d{7}[A-W][A-I]?|\d[A-Z+*]\d{5}[A-W])$/ },
  IT: { vatPrefix: "IT", vatPattern: /^\d{11}$/ },
  LT: { vatPrefix: "LT", vatPattern: /^(\d{9}|\d{12})$/ },
  LU: { vatPrefix: "LU", vatPattern: /^\d{8}$/ },
  LV: { vatPrefix: "LV", vatPattern: /^\d{11}$/ },
  MT: { vatPrefix: "MT", vatPattern: /^\d{8}$/ },
  NL: { vatPrefix: "NL", vatPattern: /^\d{9}B\d{2}$/ },
  PL: { vatPrefix: "PL", vatPattern: /^\d{10}$/ },
  PT: { vatPrefix: "PT", vatPattern: /^\d{9}$/ },
  RO: { vatPrefix: "RO", vatPattern: /^\d{2,10}$/ },
  SE: { vatPrefix: "SE", vatPattern: /^\d{10}01$/ },
  SI: { vatPrefix: "SI", vatPattern: /^\d{8}$/ },
  SK: { vatPrefix: "SK", vatPattern: /^\d{10}$/ },
};

export const isEuCountry = (country: string): boolean => Object.hasOwn(EU_COUNTRIES, country.toUpperCase());

export interface VatBuyer {
  kind: "company" | "individual";
  /** The country of the buyer's (billing) address, ISO 3166-1 alpha-2; null/absent when it has none. */
  country?: string | null;
  /** Only a company's counts; absent or null when none. */
  vatNumber?: string | null;
}

/** A VAT number as written by people ("de 123 456 789", "FR-12.345…"): upper case, no spaces, dots or dashes. */
export function normalizeVatNumber(vatNumber: string): string {
  return vatNumber.toUpperCase().replace(/[\s.-]/g, "");
}

/** The ISO country whose VAT prefix starts `vatNumber` (EL → GR), or null when it names no EU country. */
export function countryOfVatNumber(vatNumber: string): string | null {
  const prefix = normalizeVatNumber(vatNumber).slice(0, 2);
  for (const [country, { vatPrefix }] of Object.entries(EU_COUNTRIES)) if (vatPrefix === prefix) return country;
  return null;
}

/**
 * True when `vatNumber` is a well-formed VAT number OF `country`: its prefix is that country's
 * and the rest matches that country's pattern. Format only: not a VIES check (see above).
 */
export function isWellFormedVatNumber(vatNumber: string, country: string): boolean {
  const rules = EU_COUNTRIES[country.toUpperCase()];
  if (!rules) return false;
  const normalized = normalizeVatNumber(vatNumber);
  return normalized.startsWith(rules.vatPrefix) && rules.vatPattern.test(normalized.slice(rules.vatPrefix.length));
}

/**
 * The country VAT is decided for: the address's country; else, for a company, its VAT number's
 * prefix (when that names an EU country); else France.
 */
export function vatCountryOf(buyer: VatBuyer): string {
  const country = buyer.country?.trim().toUpperCase();
  if (country) return country;
  if (buyer.kind === "company" && buyer.vatNumber) {
    const fromVat = countryOfVatNumber(buyer.vatNumber);
    if (fromVat) return fromVat;
  }
  return "FR";
}

/** How VAT applies to an order for this buyer (the table at the top of this file). */
export function vatTreatmentFor(buyer: VatBuyer): VatTreatment {
  const country = vatCountryOf(buyer);
  if (!isEuCountry(country)) return { kind: "outside-eu", rateBasisPoints: 0, mention: OUTSIDE_EU_MENTION };
  if (
    country !== "FR" &&
    buyer.kind === "company" &&
    buyer.vatNumber &&
    isWellFormedVatNumber(buyer.vatNumber, country)
  ) {
    return { kind: "reverse-charge", rateBasisPoints: 0, mention: REVERSE_CHARGE_MENTION };
  }
  return { kind: "standard", rateBasisPoints: FRENCH_STANDARD_RATE_BASIS_POINTS, mention: null };
}
