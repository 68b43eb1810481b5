import { OrderOverdueV1 } from "@mkt/contracts";
import { consume } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { notificationsFor } from "../domain/notification-rules.js";
import { recordNotifications, type RecordNotificationsDeps } from "../app/record-notifications.js";

/** 48 hours without an answer: the buyer is told it may cancel (or wait), and the operators are told. */
export const onOrderOverdue = (deps: RecordNotificationsDeps & { operationsEmail: string }) =>
  consume<typeof OrderOverdueV1, Db>(OrderOverdueV1, async (event, tx) => {
    await recordNotifications(
      tx,
      event.id,
      notificationsFor({ type: "order.overdue", data: event.data, operationsEmail: deps.operationsEmail }),
      deps,
    );
  });
