import type { Address, BuyerSnapshot } from "@mkt/contracts";
import { vatCountryOf, type VatBuyer } from "@mkt/pricing";

/** The buyer as the cart's projection of buyer.* events holds it. */
export interface BuyerInfo {
  id: string;
  kind: "company" | "individual";
  name: string;
  email: string;
  locale: "fr" | "en";
  registrationNumber: string | null;
  vatNumber: string | null;
  address: Address | null;
  /** The IANA zone its profile names; null: none (Europe/Paris downstream). */
  timeZone: string | null;
}

/** What VAT is decided on. A buyer the cart has not heard of yet is taken as French (pricing's rule). */
export function vatBuyerOf(buyer: BuyerInfo | null): VatBuyer {
  if (!buyer) return { kind: "individual", country: null, vatNumber: null };
  return {
    kind: buyer.kind,
    country: buyer.address?.country ?? null,
    vatNumber: buyer.kind === "company" ? buyer.vatNumber : null,
  };
}

/** The buyer frozen at checkout (contracts' BuyerSnapshot), with the country VAT was decided for. */
export function buyerSnapshotOf(buyer: BuyerInfo): BuyerSnapshot {
  const vatNumber = buyer.kind === "company" ? buyer.vatNumber : null;
  return {
    buyerId: buyer.id,
    kind: buyer.kind,
    name: buyer.name,
    email: buyer.email,
    locale: buyer.locale,
    registrationNumber: buyer.kind === "company" ? buyer.registrationNumber : null,
    vatNumber,
    address: buyer.address,
    country: vatCountryOf(vatBuyerOf(buyer)),
    ...(buyer.timeZone ? { timeZone: buyer.timeZone } : {}),
  };
}
