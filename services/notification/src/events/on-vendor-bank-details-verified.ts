import { VendorBankDetailsVerifiedV1 } from "@mkt/contracts";
import { consume } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { notificationsFor } from "../domain/notification-rules.js";
import { recordNotifications, type RecordNotificationsDeps } from "../app/record-notifications.js";

/**
 * Saga step vendor-onboarding.9 (docs/sagas/vendor-onboarding.md): a vendor is told its payouts
 * resume when the verification lifts a hold (`reason: "bank-details-change"`), not at approval.
 */
export const onVendorBankDetailsVerified = (deps: RecordNotificationsDeps) =>
  consume<typeof VendorBankDetailsVerifiedV1, Db>(VendorBankDetailsVerifiedV1, async (event, tx) => {
    await recordNotifications(
      tx,
      event.id,
      notificationsFor({ type: "vendor.bank-details-verified", data: event.data }),
      deps,
    );
  });
