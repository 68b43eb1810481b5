import { VendorContactUpdatedV1 } from "@mkt/contracts";
import { consume } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { vendorRecipient } from "../domain/notification-rules.js";
import { keepRecipient, type RecordNotificationsDeps } from "../app/record-notifications.js";

/** A vendor's new contact email and name are kept, so its next emails use them (nothing is sent). */
export const onVendorContactUpdated = (deps: Pick<RecordNotificationsDeps, "now">) =>
  consume<typeof VendorContactUpdatedV1, Db>(VendorContactUpdatedV1, async (event, tx) => {
    await keepRecipient(tx, vendorRecipient(event.data, event.data.updatedAt), deps.now());
  });
