import { BuyerProfileUpdatedV1 } from "@mkt/contracts";
import { consume } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import { buyerRecipient } from "../domain/notification-rules.js";
import { keepRecipient, type RecordNotificationsDeps } from "../app/record-notifications.js";

/** A buyer's new address or language is kept, so its next emails use them (nothing is sent). */
export const onBuyerProfileUpdated = (deps: Pick<RecordNotificationsDeps, "now">) =>
  consume<typeof BuyerProfileUpdatedV1, Db>(BuyerProfileUpdatedV1, async (event, tx) => {
    await keepRecipient(tx, buyerRecipient(event.data, event.data.updatedAt), deps.now());
  });
