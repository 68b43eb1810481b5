// @mkt/testing's startServices, tested here because it needs real services and none can be
// @mkt/testing's dependency (every service depends on it for its tests): the order service and
// this gateway, which calls it.
import type { z } from "zod";
import type { BackgroundWorker, PrismaLike, ServiceDefinition } from "@mkt/service-kit";
import { OPERATOR, startServices } from "@mkt/testing";
import { orderService } from "@mkt/order/bootstrap";
import { backofficeApiService } from "../src/bootstrap.js";

const operatorEnv = { OPERATOR_EMAIL: OPERATOR.email, OPERATOR_PASSWORD: OPERATOR.password };

/** The same definition, with one more worker that writes the service's name down when it stops. */
function recordingStops<C extends PrismaLike, S extends z.ZodRawShape, D>(
  definition: ServiceDefinition<C, S, D>,
  stops: string[],
): ServiceDefinition<C, S, D> {
  const recorder: BackgroundWorker = {
    name: "stop-recorder",
    start: () => {},
    stop: async () => {
      stops.push(definition.name);
    },
  };
  return { ...definition, workers: (deps) => [...(definition.workers?.(deps) ?? []), recorder] };
}

describe("a set of services started for a test", () => {
  it("gives each service the address of those started before it, one namespace and one clock", async () => {
    const started = await startServices("start-services-wiring", [
      { name: "order", definition: orderService },
      { name: "backoffice-api", definition: backofficeApiService, env: operatorEnv },
    ]);
    try {
      const { order, "backoffice-api": gateway } = started.services;
      expect(gateway.service.deps.config.ORDER_URL).toBe(order.service.url);
      expect(order.service.deps.config.BUS_NAMESPACE).toBe(started.namespace);
      expect(gateway.service.deps.config.BUS_NAMESPACE).toBe(started.namespace);
      const before = order.service.deps.clock.now().getTime();
      started.clock.advanceBy(48 * 3_600_000);
      expect(order.service.deps.clock.now().getTime()).toBeGreaterThanOrEqual(before + 48 * 3_600_000);
      expect(gateway.service.deps.clock).toBe(order.service.deps.clock);
      expect(await order.database.query("SELECT 1 AS one")).toEqual([{ one: 1 }]);
    } finally {
      await started.stop();
    }
  });

  it("stops them in reverse order", async () => {
    const stops: string[] = [];
    const started = await startServices("start-services-stop", [
      { name: "order", definition: recordingStops(orderService, stops) },
      { name: "backoffice-api", definition: recordingStops(backofficeApiService, stops), env: operatorEnv },
    ]);
    await started.stop();
    expect(stops).toEqual(["backoffice-api", "order"]);
  });

  it("stops those already started when one fails to start, and rethrows its error", async () => {
    const stops: string[] = [];
    await expect(
      startServices("start-services-failure", [
        { name: "order", definition: recordingStops(orderService, stops) },
        { name: "backoffice-api", definition: backofficeApiService, env: { OPERATOR_EMAIL: "not an email" } },
      ]),
    ).rejects.toThrow(/OPERATOR_EMAIL/);
    expect(stops).toEqual(["order"]);
  });

  it("refuses an entry whose name is not its service's", async () => {
    await expect(
      startServices("start-services-names", [{ name: "catalog", definition: orderService }]),
    ).rejects.toThrow(/"catalog" starts the service "order"/);
  });
});
