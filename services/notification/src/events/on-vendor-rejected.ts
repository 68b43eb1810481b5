import { VendorRejectedV1 } from "@mkt/contracts";
import { consume } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { notificationsFor } from "../domain/notification-rules.js";
import { recordNotifications, type RecordNotificationsDeps } from "../app/record-notifications.js";

/** An applicant is told its application was rejected, and why. */
export const onVendorRejected = (deps: RecordNotificationsDeps) =>
  consume<typeof VendorRejectedV1, Db>(VendorRejectedV1, async (event, tx) => {
    await recordNotifications(tx, event.id, notificationsFor({ type: "vendor.rejected", data: event.data }), deps);
  });
