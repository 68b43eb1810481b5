import { deleteBusNamespace, eventually, uniqueBusNamespace } from "@mkt/test-servers";
import { ControllableClock, defineService, startService, type BackgroundWorker } from "../src/index.js";
import {
  WidgetCreatedV1,
  counterConsumer,
  createClient,
  testEnv,
  testRegistry,
  widgetDatabase,
} from "./support/widgets.js";

type Db = Awaited<ReturnType<typeof widgetDatabase>>;

let database: Db;
const namespace = uniqueBusNamespace("compose");

beforeAll(async () => {
  database = await widgetDatabase("kit_compose");
});
afterAll(async () => {
  await database.drop();
  await deleteBusNamespace(namespace);
});

/** A dependency that must be built once and released at stop, like a storage or a processor client. */
class Greeter {
  static built = 0;
  readonly greetings: string[] = [];
  constructor(readonly name: string) {
    Greeter.built += 1;
  }
  greet(who: string): string {
    const greeting = `${this.name} greets ${who}`;
    this.greetings.push(greeting);
    return greeting;
  }
}

describe("a service's composition hook", () => {
  it("builds the service's own dependencies once and hands the same ones to routes, consumers, timers and workers", async () => {
    Greeter.built = 0;
    const events: string[] = [];
    const clock = new ControllableClock({ start: new Date("2026-12-03T10:00:00Z") });
    const definition = defineService({
      name: "composed",
      port: 0,
      database: createClient,
      compose: (platform, lifecycle) => {
        const greeter = new Greeter(platform.config.NODE_ENV);
        lifecycle.onStop(() => events.push("greeter released"));
        return { ...platform, greeter };
      },
      routes: (router, { greeter }) => {
        router.get("/greet/:who", (req, res) => {
          res.json({ greeting: greeter.greet(req.params.who) });
        });
      },
      consumers: ({ greeter }) => [counterConsumer({ onHandled: (eventId) => void greeter.greet(`event ${eventId}`) })],
      timers: ({ greeter }) => ({
        "composed.reminder": async (timer) => void greeter.greet(`timer ${timer.key}`),
      }),
      workers: ({ greeter }): BackgroundWorker[] => [
        {
          name: "greeting-worker",
          start: () => void greeter.greet("the worker"),
          stop: async () => void events.push("worker stopped"),
        },
      ],
    });
    const service = await startService(definition, {
      registry: testRegistry,
      clock,
      env: testEnv({ DATABASE_URL: database.url, BUS_NAMESPACE: namespace }),
    });
    try {
      const { greeter } = service.composed;
      const answer = await fetch(`${service.url}/greet/ada`).then((response) => response.json());
      expect(answer).toEqual({ greeting: "test greets ada" });

      const eventId = await service.deps.db.transaction(async (tx) => {
        await service.deps.timers.schedule(tx, { type: "composed.reminder", key: "r-1", dueAt: clock.now() });
        return (await service.deps.outbox.add(tx, WidgetCreatedV1, { widgetId: crypto.randomUUID(), name: "w" })).id;
      });
      await eventually(() =>
        expect(greeter.greetings).toEqual(
          expect.arrayContaining([
            "test greets the worker",
            "test greets ada",
            "test greets timer r-1",
            `test greets event ${eventId}`,
          ]),
        ),
      );
      expect(Greeter.built).toBe(1);
    } finally {
      await service.stop();
    }
    expect(events).toEqual(["worker stopped", "greeter released"]);
  });

  it("without a compose, hands the platform's dependencies to routes and the rest", async () => {
    let seen: unknown;
    const service = await startService(
      defineService({
        name: "plain",
        port: 0,
        database: createClient,
        routes: (_router, deps) => {
          seen = deps;
        },
      }),
      { registry: testRegistry, env: testEnv({ DATABASE_URL: database.url, BUS_NAMESPACE: namespace }) },
    );
    try {
      expect(seen).toBe(service.deps);
      expect(service.composed).toBe(service.deps);
    } finally {
      await service.stop();
    }
  });

  it("fails the start with compose's own message and releases what it had registered", async () => {
    const released: string[] = [];
    const start = startService(
      defineService({
        name: "broken",
        port: 0,
        database: createClient,
        compose: (_platform, lifecycle) => {
          lifecycle.onStop(() => released.push("half-built client"));
          throw new Error("STORAGE_BUCKET is not reachable");
        },
      }),
      { registry: testRegistry, env: testEnv({ DATABASE_URL: database.url, BUS_NAMESPACE: namespace }) },
    );
    await expect(start).rejects.toThrow("STORAGE_BUCKET is not reachable");
    expect(released).toEqual(["half-built client"]);
  });
});
