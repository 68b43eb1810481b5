import { VendorApprovedV1, VendorContactUpdatedV1 } from "@mkt/contracts";
import { consume, type Clock, type ConsumerSpec, type Outbox } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { recordApprovedVendor } from "../app/record-approved-vendor.js";
import { recordVendorContact } from "../app/record-vendor-contact.js";

// Everything the catalog listens to. Each handler runs in the inbox's transaction: one effect per
// event however often it is delivered. Durable names: catalog--<event>-v1 (WIRE NAMES).

export const subscriptions = (deps: { clock: Clock; outbox: Outbox }): ConsumerSpec<Db>[] => [
  // Saga step vendor-onboarding.5 (docs/sagas/vendor-onboarding.md): an approved vendor may list.
  consume<typeof VendorApprovedV1, Db>(VendorApprovedV1, (event, tx) =>
    recordApprovedVendor(tx, event.data, deps.clock.now()),
  ),
  // A vendor's new contact reaches its listings (and is announced on the ones ever published).
  consume<typeof VendorContactUpdatedV1, Db>(VendorContactUpdatedV1, (event, tx) =>
    recordVendorContact(tx, deps, event.data),
  ),
];
