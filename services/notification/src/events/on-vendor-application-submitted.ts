import { VendorApplicationSubmittedV1 } from "@mkt/contracts";
import { consume } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { notificationsFor } from "../domain/notification-rules.js";
import { recordNotifications, type RecordNotificationsDeps } from "../app/record-notifications.js";

/** An applicant is told its application arrived. */
export const onVendorApplicationSubmitted = (deps: RecordNotificationsDeps) =>
  consume<typeof VendorApplicationSubmittedV1, Db>(VendorApplicationSubmittedV1, async (event, tx) => {
    await recordNotifications(
      tx,
      event.id,
      notificationsFor({ type: "vendor.application-submitted", data: event.data }),
      deps,
    );
  });
