import { randomUUID } from "node:crypto";
import { createEventRegistry, parseEvent } from "@mkt/contracts";
import { deleteBusNamespace, uniqueBusNamespace } from "@mkt/test-servers";
import { InvalidEventError } from "../src/index.js";
import { WidgetCreatedV1, startWith, testEnv, widgetDatabase, widgetService, type Running } from "./support/widgets.js";

// Events get the guarantee HTTP requests have: text PostgreSQL cannot store never travels.

type Db = Awaited<ReturnType<typeof widgetDatabase>>;
let database: Db;
let producer: Running;
const namespace = uniqueBusNamespace("event_text");

beforeAll(async () => {
  database = await widgetDatabase("kit_event_text");
  producer = await startWith(widgetService, testEnv({ DATABASE_URL: database.url, BUS_NAMESPACE: namespace }));
});
afterAll(async () => {
  await producer?.stop();
  await database?.drop();
  await deleteBusNamespace(namespace);
});

describe("text in events", () => {
  it("is refused at the publisher when PostgreSQL could not store it, naming the field", async () => {
    const add = producer.deps.db.transaction((tx) =>
      producer.deps.outbox.add(tx, WidgetCreatedV1, { widgetId: randomUUID(), name: "gear\u0000" }),
    );
    await expect(add).rejects.toThrow(InvalidEventError);
    await expect(
      producer.deps.db.transaction((tx) =>
        producer.deps.outbox.add(tx, WidgetCreatedV1, { widgetId: randomUUID(), name: "\ud800" }),
      ),
    ).rejects.toThrow(/name: must be well-formed Unicode/);
    const rows = await database.query(`SELECT id FROM outbox_event`);
    expect(rows).toEqual([]);
  });

  it("is refused by every consumer that receives it anyway (dead-lettered as invalid data)", () => {
    const envelope = {
      id: randomUUID(),
      type: "widget.created",
      version: 1,
      occurredAt: new Date().toISOString(),
      producer: "someone",
      correlationId: "c1",
      causationId: null,
      data: { widgetId: randomUUID(), name: "gear\u0000" },
    };
    expect(parseEvent(createEventRegistry([WidgetCreatedV1]), JSON.stringify(envelope))).toMatchObject({
      ok: false,
      reason: "invalid-data",
      issues: [{ path: "data.name", message: expect.stringContaining("NUL") }],
    });
  });
});
