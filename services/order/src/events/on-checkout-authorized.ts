import { PaymentCheckoutAuthorizedV1 } from "@mkt/contracts";
import { consume, type Logger } from "@mkt/service-kit";
import type { Db } from "../db/client.js";
import type { OrderDeps } from "../app/deps.js";
import { createOrdersFromCheckout } from "../app/create-orders.js";

export const onCheckoutAuthorized = (deps: OrderDeps & { log: Logger }) =>
  consume<typeof PaymentCheckoutAuthorizedV1, Db>(PaymentCheckoutAuthorizedV1, (event, tx) => createOrdersFromCheckout(deps, tx, event.data));
