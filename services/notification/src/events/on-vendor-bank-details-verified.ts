import { VendorBankDetailsVerifiedV1 } from "@mkt/contracts";
import { consume } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { notificationsFor, vendorRecipientKey } from "../domain/notification-rules.js";
import { recordNotifications, type RecordNotificationsDeps } from "../app/record-notifications.js";
import { payoutHoldPending } from "../app/payout-hold.js";

/** A vendor is told its payouts resume, when this verification lifts a hold (not at approval). */
export const onVendorBankDetailsVerified = (deps: RecordNotificationsDeps) =>
  consume<typeof VendorBankDetailsVerifiedV1, Db>(VendorBankDetailsVerifiedV1, async (event, tx) => {
    const liftsHold = await payoutHoldPending(tx, vendorRecipientKey(event.data.vendorId));
    await recordNotifications(
      tx,
      event.id,
      notificationsFor({ type: "vendor.bank-details-verified", data: event.data, liftsHold }),
      deps,
    );
  });
