import type { BuyerProfileUpdatedV1, BuyerRegisteredV1, EventData } from "@mkt/contracts";
import type { Tx } from "./cart-store.js";

type BuyerEvent = EventData<typeof BuyerRegisteredV1> | EventData<typeof BuyerProfileUpdatedV1>;

/**
 * Keeps the cart's copy of a buyer (buyer.registered and buyer.profile-updated carry the whole
 * profile). A profile older than the one held (`asOf`: registeredAt or updatedAt) changes nothing,
 * so a late registration never undoes a profile update.
 */
export async function recordBuyer(tx: Tx, data: BuyerEvent, asOf: Date): Promise<void> {
  const name = data.kind === "company" ? data.legalName : data.name;
  const registrationNumber = data.kind === "company" ? data.registrationNumber : null;
  const vatNumber = data.kind === "company" ? (data.vatNumber ?? null) : null;
  const address = data.address ? JSON.stringify(data.address) : null;
  const timeZone = data.timeZone ?? null;
  await tx.$executeRaw`
    INSERT INTO buyer (id, kind, name, email, locale, registration_number, vat_number, address, time_zone, as_of)
    VALUES (${data.buyerId}, ${data.kind}, ${name}, ${data.email}, ${data.locale}, ${registrationNumber}, ${vatNumber}, ${address}::jsonb, ${timeZone}, ${asOf})
    ON CONFLICT (id) DO UPDATE SET
      kind = EXCLUDED.kind, name = EXCLUDED.name, email = EXCLUDED.email, locale = EXCLUDED.locale,
      registration_number = EXCLUDED.registration_number, vat_number = EXCLUDED.vat_number,
      address = EXCLUDED.address, time_zone = EXCLUDED.time_zone, as_of = EXCLUDED.as_of
    WHERE buyer.as_of <= EXCLUDED.as_of`;
}
