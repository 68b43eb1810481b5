import { OrderTransmittedV1 } from "@mkt/contracts";
import { consume } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { notificationsFor } from "../domain/notification-rules.js";
import { recordNotifications, type RecordNotificationsDeps } from "../app/record-notifications.js";

/** A transmitted order: its buyer gets the confirmation, its vendor the order to validate within 48 hours. */
export const onOrderTransmitted = (deps: RecordNotificationsDeps) =>
  consume<typeof OrderTransmittedV1, Db>(OrderTransmittedV1, async (event, tx) => {
    await recordNotifications(tx, event.id, notificationsFor({ type: "order.transmitted", data: event.data }), deps);
  });
