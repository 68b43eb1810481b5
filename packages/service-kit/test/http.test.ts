import { deleteBusNamespace, uniqueBusNamespace } from "@mkt/test-servers";
import { ConfigError, ConflictError, startService } from "../src/index.js";
import { startWith, testEnv, widgetDatabase, widgetService } from "./support/widgets.js";
import type { Running } from "./support/widgets.js";

type Db = Awaited<ReturnType<typeof widgetDatabase>>;
let service: Running;
let database: Db;
const namespace = uniqueBusNamespace("http");

beforeAll(async () => {
  database = await widgetDatabase("kit_http");
  service = await startWith(
    widgetService,
    testEnv({ DATABASE_URL: database.url, BUS_NAMESPACE: namespace, HTTP_BODY_LIMIT: "1kb", TEST_CONTROLS: "enabled" }),
  );
});
afterAll(async () => {
  await service?.stop();
  await database?.drop();
  await deleteBusNamespace(namespace);
});

async function call(path: string, init: RequestInit = {}) {
  const response = await fetch(`${service.url}${path}`, init);
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    headers: response.headers,
    body: text ? JSON.parse(text) : undefined,
    text,
  };
}

const post = (path: string, body: string) =>
  call(path, { method: "POST", headers: { "content-type": "application/json" }, body });

describe("every service's HTTP surface", () => {
  it("says it is alive on /healthz and ready on /readyz once the database and NATS answer", async () => {
    expect(await call("/healthz")).toMatchObject({ status: 200, body: { status: "ok", service: "widgets" } });
    expect(await call("/readyz")).toMatchObject({
      status: 200,
      body: { status: "ready", checks: { database: "ok", nats: "ok" } },
    });
  });

  it("answers an unknown route with a 404 problem", async () => {
    const response = await call("/nowhere");
    expect(response).toMatchObject({
      status: 404,
      body: { type: "/problems/not-found", status: 404, instance: "/nowhere" },
    });
    expect(response.type).toContain("application/problem+json");
  });

  it("answers malformed JSON with a 400 problem", async () => {
    expect(await post("/widgets", "{nope")).toMatchObject({ status: 400, body: { type: "/problems/malformed-json" } });
  });

  it("answers an invalid body with a 400 naming each bad field", async () => {
    const response = await post("/widgets", JSON.stringify({ name: "" }));
    expect(response.status).toBe(400);
    expect(response.body.type).toBe("/problems/validation");
    expect(response.body.errors).toEqual([expect.objectContaining({ path: "name" })]);
  });

  it("refuses a body over the size limit with a 413 problem", async () => {
    expect(await post("/widgets", JSON.stringify({ name: "x".repeat(2000) }))).toMatchObject({
      status: 413,
      body: { type: "/problems/payload-too-large" },
    });
  });

  it("hides the details of an unexpected error behind a 500 problem", async () => {
    const response = await call("/boom");
    expect(response).toMatchObject({ status: 500, body: { type: "/problems/internal" } });
    expect(response.text).not.toContain("secret internal detail");
    expect(response.text).not.toContain("at ");
  });

  it("echoes a sane X-Request-Id and makes one up otherwise", async () => {
    expect((await call("/healthz", { headers: { "x-request-id": "req-123" } })).headers.get("x-request-id")).toBe(
      "req-123",
    );
    expect((await call("/healthz", { headers: { "x-request-id": "<script>" } })).headers.get("x-request-id")).toMatch(
      /^[0-9a-f-]{36}$/,
    );
  });

  it("moves the process's clock through the test control, forward only", async () => {
    const before = new Date((await call("/__control/clock")).body.now).getTime();
    const moved = await post("/__control/clock", JSON.stringify({ advanceByMs: 48 * 3600 * 1000 }));
    expect(moved.status).toBe(200);
    expect(new Date(moved.body.now).getTime() - before).toBeGreaterThanOrEqual(48 * 3600 * 1000);
    expect(service.deps.clock.now().getTime()).toBeGreaterThanOrEqual(new Date(moved.body.now).getTime());
    expect(await post("/__control/clock", JSON.stringify({ to: "2001-01-01T00:00:00Z" }))).toMatchObject({
      status: 400,
      body: { errors: [{ path: "to" }] },
    });
    expect(await post("/__control/clock", JSON.stringify({}))).toMatchObject({ status: 400 });
  });
});

describe("starting a service", () => {
  it("offers no clock control unless test controls are enabled", async () => {
    const plain = await startWith(widgetService, testEnv({ DATABASE_URL: database.url, BUS_NAMESPACE: namespace }));
    try {
      expect((await fetch(`${plain.url}/__control/clock`)).status).toBe(404);
    } finally {
      await plain.stop();
    }
  });

  it("refuses test controls in production", async () => {
    await expect(
      startWith(
        widgetService,
        testEnv({ DATABASE_URL: database.url, NODE_ENV: "production", TEST_CONTROLS: "enabled" }),
      ),
    ).rejects.toThrow(ConfigError);
  });

  it("names every bad variable at once", async () => {
    const attempt = startService(widgetService, {
      env: { PORT: "eighty", DATABASE_URL: "mysql://x", NATS_URL: "nats://127.0.0.1:4222" },
    });
    await expect(attempt).rejects.toThrow(/PORT[\s\S]*DATABASE_URL/);
  });

  it("names the database it cannot reach", async () => {
    const attempt = startWith(
      widgetService,
      testEnv({ DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/no_such_database_here" }),
    );
    await expect(attempt).rejects.toThrow(
      /PostgreSQL is unreachable at postgresql:\/\/postgres@127.0.0.1:5432\/no_such_database_here/,
    );
  });

  it("names the NATS server it cannot reach", async () => {
    const attempt = startWith(widgetService, testEnv({ DATABASE_URL: database.url, NATS_URL: "nats://127.0.0.1:1" }));
    await expect(attempt).rejects.toThrow(/NATS is unreachable at nats:\/\/127.0.0.1:1/);
  });
});

describe("problem extensions", () => {
  it("keeps extension members apart from RFC 9457's own, which would silently overwrite them", () => {
    expect(
      new ConflictError("not-reviewable", "Already approved.", { applicationStatus: "approved" }).toProblem(),
    ).toMatchObject({ status: 409, applicationStatus: "approved" });
    expect(() => new ConflictError("not-reviewable", "Already approved.", { status: "approved" })).toThrow(
      /status would be overwritten/,
    );
  });
});
