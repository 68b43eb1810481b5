import { VendorUserRegisteredV1, VendorUserUpdatedV1 } from "@mkt/contracts";
import { consume } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { recordVendorUser } from "../app/record-vendor-user.js";
import type { RecordNotificationsDeps } from "../app/record-notifications.js";

/** A vendor's users, by role, kept for the vendor's next emails (nothing is sent). */
export const onVendorUserRegistered = (deps: Pick<RecordNotificationsDeps, "now">) =>
  consume<typeof VendorUserRegisteredV1, Db>(VendorUserRegisteredV1, (event, tx) =>
    recordVendorUser(tx, { ...event.data, asOf: event.data.registeredAt }, deps.now()),
  );

export const onVendorUserUpdated = (deps: Pick<RecordNotificationsDeps, "now">) =>
  consume<typeof VendorUserUpdatedV1, Db>(VendorUserUpdatedV1, (event, tx) =>
    recordVendorUser(tx, { ...event.data, asOf: event.data.updatedAt }, deps.now()),
  );
