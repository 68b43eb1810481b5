import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { Id, defineEndpoint } from "@mkt/contracts";
import { UnreachablePathParameter, createServiceClient } from "../src/http/client.js";
import { closeServer } from "../src/http/server.js";

// A plain node server, not express: it records the request target exactly as it arrived, before
// any router decodes or normalises it.
const received: string[] = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    received.push(req.url ?? "");
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/internal`;
});
afterAll(async () => closeServer(server));
beforeEach(() => received.splice(0));

const Answer = z.object({ ok: z.boolean() });
const getThing = defineEndpoint({
  method: "get",
  path: "/owners/:ownerId/things/:thingId",
  summary: "A thing",
  params: z.object({ ownerId: Id, thingId: Id }),
  response: { status: 200, schema: Answer },
});
const getDocument = defineEndpoint({
  method: "get",
  path: "/vendors/:vendorId/documents/:documentId",
  summary: "A document",
  params: z.object({ vendorId: z.uuid(), documentId: z.uuid() }),
  response: { status: 200, schema: Answer },
});

const client = () => createServiceClient(baseUrl, { service: "things" });
const OWNER = "0193f0c2-0000-7000-8000-000000000001";

describe("path parameters of the service client", () => {
  it.each([
    ["%2F", "%252F"],
    ["/", "%2F"],
    ["?admin=1", "%3Fadmin%3D1"],
    ["#fragment", "%23fragment"],
    ["\u0000", "%00"],
    ["a/../../admin", "a%2F..%2F..%2Fadmin"],
    ["..%2F..", "..%252F.."],
    ["%2e%2e", "%252e%252e"],
    ["...", "..."],
  ])("keeps %j inside its segment", async (value, segment) => {
    await client().call(getThing, { params: { ownerId: OWNER, thingId: value } });
    expect(received).toEqual([`/internal/owners/${OWNER}/things/${segment}`]);
  });

  it.each([".", ".."])("refuses the dot segment %j with a 404 before any request leaves", async (value) => {
    const failure = await client()
      .call(getThing, { params: { ownerId: OWNER, thingId: value } })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UnreachablePathParameter);
    expect((failure as UnreachablePathParameter).toProblem()).toEqual({
      type: "/problems/not-found",
      title: "Not found",
      status: 404,
      detail: "No resource has this thingId.",
    });
    expect(received).toEqual([]);
  });

  it.each(["..", "not-a-uuid", `${OWNER}/..`, `${OWNER}?x`])(
    "refuses %j where the contract declares a uuid, with a 404 naming the parameter",
    async (value) => {
      const failure = await client()
        .call(getDocument, { params: { vendorId: OWNER, documentId: value } })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(UnreachablePathParameter);
      expect(failure).toMatchObject({ status: 404, parameter: "documentId", service: "things" });
      expect(received).toEqual([]);
    },
  );

  it("sends a valid uuid as it is", async () => {
    await client().call(getDocument, { params: { vendorId: OWNER, documentId: OWNER } });
    expect(received).toEqual([`/internal/vendors/${OWNER}/documents/${OWNER}`]);
  });

  it("treats a missing value as the caller's bug, not as a 404", async () => {
    await expect(
      client().call(getThing, { params: { ownerId: OWNER } as unknown as { ownerId: string; thingId: string } }),
    ).rejects.toThrow(TypeError);
    expect(received).toEqual([]);
  });
});
