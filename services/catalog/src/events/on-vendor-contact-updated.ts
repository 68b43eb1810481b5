import { VendorContactUpdatedV1 } from "@mkt/contracts";
import { consume, type Clock, type Outbox } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { recordVendorContact } from "../app/record-vendor-contact.js";

/** A vendor's new contact reaches its listings (and is announced on the ones ever published). */
export const onVendorContactUpdated = (deps: { clock: Clock; outbox: Outbox }) =>
  consume<typeof VendorContactUpdatedV1, Db>(VendorContactUpdatedV1, (event, tx) =>
    recordVendorContact(tx, deps, event.data),
  );
