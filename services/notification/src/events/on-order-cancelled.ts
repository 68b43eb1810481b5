import { OrderCancelledV1 } from "@mkt/contracts";
import { consume } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { notificationsFor } from "../domain/notification-rules.js";
import { recordNotifications, type RecordNotificationsDeps } from "../app/record-notifications.js";

/** The buyer is told its order is cancelled and that nothing is charged. */
export const onOrderCancelled = (deps: RecordNotificationsDeps) =>
  consume<typeof OrderCancelledV1, Db>(OrderCancelledV1, async (event, tx) => {
    await recordNotifications(tx, event.id, notificationsFor({ type: "order.cancelled", data: event.data }), deps);
  });
