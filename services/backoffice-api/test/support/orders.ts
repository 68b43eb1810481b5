import type { ControllableClock } from "@mkt/service-kit";
import { OPERATOR, startServices, type UnderTestOf } from "@mkt/testing";
import { orderService } from "@mkt/order/bootstrap";
import { backofficeApiService } from "../../src/bootstrap.js";

export interface OrdersStack {
  gateway: UnderTestOf<typeof backofficeApiService>;
  order: UnderTestOf<typeof orderService>;
  /** Shared by the gateway and the order service: moving it fires the order's 48-hour timer. */
  clock: ControllableClock;
  url: string;
  stop(): Promise<void>;
}

/** backoffice-api and the real order service, in one process and bus namespace, on one clock. */
export async function startOrdersStack(label: string): Promise<OrdersStack> {
  const started = await startServices(label, [
    { name: "order", definition: orderService, env: { TIMER_POLL_MS: "50" } },
    {
      name: "backoffice-api",
      definition: backofficeApiService,
      env: { OPERATOR_EMAIL: OPERATOR.email, OPERATOR_PASSWORD: OPERATOR.password },
    },
  ]);
  const { "backoffice-api": gateway, order } = started.services;
  return { gateway, order, clock: started.clock, url: `${gateway.service.url}/ops/v1`, stop: started.stop };
}
