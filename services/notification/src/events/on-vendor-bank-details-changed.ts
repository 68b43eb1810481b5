import { VendorBankDetailsChangedV1 } from "@mkt/contracts";
import { consume } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { notificationsFor } from "../domain/notification-rules.js";
import { recordNotifications, type RecordNotificationsDeps } from "../app/record-notifications.js";

/**
 * Saga step vendor-onboarding.9 (docs/sagas/vendor-onboarding.md): a vendor is told its bank details
 * changed (last 4 of the IBAN only) and its payouts are on hold.
 */
export const onVendorBankDetailsChanged = (deps: RecordNotificationsDeps) =>
  consume<typeof VendorBankDetailsChangedV1, Db>(VendorBankDetailsChangedV1, async (event, tx) => {
    await recordNotifications(
      tx,
      event.id,
      notificationsFor({ type: "vendor.bank-details-changed", data: event.data }),
      deps,
    );
  });
