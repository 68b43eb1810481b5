import type { Logger } from "@mkt/service-kit";
import type { OrderDeps } from "../app/deps.js";
import { onCheckoutAuthorized } from "./on-checkout-authorized.js";

/** Everything the order service listens to. */
export const subscriptions = (deps: OrderDeps & { log: Logger }) => [onCheckoutAuthorized(deps)];
