import { generateFuzzCases, sampleFuzzCases, type OpenApiDocumentLike } from "./fuzz-cases";

const uuid = { type: "string", format: "uuid" };
const document: OpenApiDocumentLike = {
  servers: [{ url: "/api/v1" }],
  paths: {
    "/things/{id}": {
      patch: {
        operationId: "patchThingsById",
        parameters: [{ name: "id", in: "path", required: true, schema: uuid }],
        requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } } },
        security: [{ userToken: [] }, { apiKey: [] }],
      },
    },
    "/things": {
      get: {
        operationId: "getThings",
        parameters: [
          { name: "limit", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 100 } },
          { name: "since", in: "query", required: false, schema: { type: "string", format: "date-time" } },
        ],
      },
    },
    "/files": {
      post: {
        operationId: "postFiles",
        parameters: [{ $ref: "#/components/parameters/IdempotencyKey" }],
        requestBody: {
          content: {
            "multipart/form-data": {
              schema: {
                type: "object",
                properties: { kind: { enum: ["id-card", "passport"] }, file: { type: "string", format: "binary" } },
                required: ["file", "kind"],
              },
            },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      Thing: {
        type: "object",
        properties: {
          name: { type: "string", minLength: 1 },
          born: { type: "string", format: "date" },
          owner: {
            type: "object",
            properties: {
              email: { type: "string", format: "email" },
              tags: { type: "array", items: { type: "string" } },
            },
            required: ["email"],
          },
        },
        required: ["name"],
      },
    },
    parameters: {
      IdempotencyKey: { name: "Idempotency-Key", in: "header", required: true, schema: { type: "string" } },
    },
  },
};

const byName = (cases: ReturnType<typeof generateFuzzCases>) => new Map(cases.map((c) => [c.name, c]));
const json = (c: { body?: { bytes: Buffer } } | undefined) => JSON.parse(c!.body!.bytes.toString("utf8"));

describe("the fuzz cases of an OpenAPI document", () => {
  const cases = byName(generateFuzzCases(document, { values: { byRoute: { "/things/{id}": { id: "thing-1" } } } }));

  it("spoils each path parameter with every URL bad value, the rest of the request valid, as each credential and anonymous", () => {
    const spoilt = [...cases.values()].filter((c) => c.parameter === "path.id" && c.credential === "userToken");
    expect(Object.fromEntries(spoilt.map((c) => [c.bad, c.target]))).toEqual({
      nul: "/api/v1/things/t%00hing-1",
      "lone-surrogate": "/api/v1/things/t%ED%A0%80hing-1",
      "raw-byte": "/api/v1/things/t\u0080hing-1",
      "dot-dot": "/api/v1/things/..",
      dot: "/api/v1/things/.",
      "encoded-slash": "/api/v1/things/%2F",
      "encoded-question-mark": "/api/v1/things/%3F",
      "encoded-hash": "/api/v1/things/%23",
    });
    expect(json(spoilt[0])).toEqual({ name: "fuzz value" });
    const credentials = [...cases.values()].filter((c) => c.parameter === "path.id" && c.bad === "nul");
    expect(credentials.map((c) => c.credential)).toEqual(["userToken", "apiKey", "anonymous"]);
  });

  it("spoils each JSON body property, nested ones and array items too, keeping the required ones valid", () => {
    expect(json(cases.get("patchThingsById body.name nul as anonymous"))).toEqual({ name: "f\u0000uzz value" });
    expect(cases.get("patchThingsById body.name lone-surrogate as anonymous")!.body!.bytes.toString()).toBe(
      '{"name":"f\\ud800uzz value"}',
    );
    expect(json(cases.get("patchThingsById body.born year-0000 as apiKey"))).toEqual({
      name: "fuzz value",
      born: "0000-01-01",
    });
    expect(json(cases.get("patchThingsById body.born year-9999 as apiKey")).born).toBe("9999-12-31");
    expect(json(cases.get("patchThingsById body.owner.tags.0 nul as apiKey"))).toEqual({
      name: "fuzz value",
      owner: { email: "fuzz@fuzz.example", tags: ["f\u0000uzz value"] },
    });
    expect(json(cases.get("patchThingsById body.(name) nul as apiKey"))).toEqual({
      name: "fuzz value",
      "f\u0000uzz": "fuzz",
    });
    // Only date fields get dates.
    expect(cases.has("patchThingsById body.name year-0000 as apiKey")).toBe(false);
  });

  it("spoils query parameters one at a time, dates with out-of-range years", () => {
    expect(cases.get("getThings query.limit nul as anonymous")!.target).toBe("/api/v1/things?limit=1%00");
    expect(cases.get("getThings query.since raw-byte as anonymous")!.target).toBe(
      "/api/v1/things?since=2\u0080026-01-15T10%3A00%3A00Z",
    );
    expect(cases.get("getThings query.since year-0000 as anonymous")!.target).toBe(
      "/api/v1/things?since=0000-01-01T00%3A00%3A00Z",
    );
    expect(cases.get("getThings query.limit dot-dot as anonymous")).toBeUndefined();
    // A route without parameters still reads its query string.
    expect(cases.get("postFiles query.fuzz nul as anonymous")!.target).toBe("/api/v1/files?fuzz=f%00uzz");
    expect(cases.get("postFiles query.(name) raw-byte as anonymous")!.target).toBe("/api/v1/files?f\u0080uzz=fuzz");
  });

  it("spoils multipart fields and the file name as bytes, and headers with a raw byte", () => {
    const nul = cases.get("postFiles form.kind nul as anonymous")!;
    expect(nul.body!.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(nul.body!.bytes.includes(Buffer.from("i\u0000d-card"))).toBe(true);
    const surrogate = cases.get("postFiles form.file lone-surrogate as anonymous")!;
    expect(surrogate.body!.bytes.includes(Buffer.from([0x64, 0xed, 0xa0, 0x80, 0x6f]))).toBe(true); // d…ocument.pdf
    const header = cases.get("postFiles header.Idempotency-Key raw-byte as anonymous")!;
    expect(header.headers["idempotency-key"]).toMatch(/\u0080$/);
    // Every case has its own key: a key used twice would replay the first answer.
    expect(nul.headers["idempotency-key"]).not.toBe(surrogate.headers["idempotency-key"]);
  });

  it("takes a valid value by name only where the schema allows it", () => {
    const kindOf = (kind: string) =>
      generateFuzzCases(document, { values: { byName: { kind } } })
        .find((c) => c.name === "postFiles query.fuzz nul as anonymous")!
        .body!.bytes.toString("latin1");
    expect(kindOf("passport")).toContain("\r\n\r\npassport\r\n");
    expect(kindOf("a kind the enum does not list")).toContain("\r\n\r\nid-card\r\n");
  });

  it("samples without losing a parameter, a bad value or a credential of any operation", () => {
    const all = [...cases.values()];
    const sampled = sampleFuzzCases(all);
    expect(sampled.length).toBeLessThan(all.length);
    const keys = (list: typeof all, key: (c: (typeof all)[number]) => string) => new Set(list.map(key));
    expect(keys(sampled, (c) => `${c.operationId} ${c.parameter} ${c.bad}`)).toEqual(
      keys(all, (c) => `${c.operationId} ${c.parameter} ${c.bad}`),
    );
    expect(keys(sampled, (c) => `${c.operationId} ${c.credential}`)).toEqual(
      keys(all, (c) => `${c.operationId} ${c.credential}`),
    );
  });

  it("sends each bad value of a guarded operation with a credential, anonymous only once per operation", () => {
    const sampled = sampleFuzzCases([...cases.values()]);
    const guarded = sampled.filter((c) => c.operationId === "patchThingsById");
    expect(guarded.filter((c) => c.credential === "anonymous")).toHaveLength(1);
    const authenticated = guarded.filter((c) => c.credential !== "anonymous");
    expect(new Set(authenticated.map((c) => `${c.parameter} ${c.bad}`)).size).toBe(
      new Set(guarded.map((c) => `${c.parameter} ${c.bad}`)).size,
    );
  });
});
