import { BuyerRegisteredV1 } from "@mkt/contracts";
import { consume } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { notificationsFor } from "../domain/notification-rules.js";
import { recordNotifications, type RecordNotificationsDeps } from "../app/record-notifications.js";

/** A buyer who signed up is welcomed, in the language it chose. */
export const onBuyerRegistered = (deps: RecordNotificationsDeps) =>
  consume<typeof BuyerRegisteredV1, Db>(BuyerRegisteredV1, async (event, tx) => {
    await recordNotifications(tx, event.id, notificationsFor({ type: "buyer.registered", data: event.data }), deps);
  });
