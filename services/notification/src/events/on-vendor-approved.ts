import { VendorApprovedV1 } from "@mkt/contracts";
import { consume } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { notificationsFor } from "../domain/notification-rules.js";
import { recordNotifications, type RecordNotificationsDeps } from "../app/record-notifications.js";

/** A vendor is told it was approved and can publish listings. */
export const onVendorApproved = (deps: RecordNotificationsDeps) =>
  consume<typeof VendorApprovedV1, Db>(VendorApprovedV1, async (event, tx) => {
    await recordNotifications(tx, event.id, notificationsFor({ type: "vendor.approved", data: event.data }), deps);
  });
