import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { z } from "zod";
import { defineEndpoint } from "@mkt/contracts";
import { UpstreamFailure, createServiceClient } from "../src/http/client.js";
import { closeServer } from "@mkt/service-kit";

// A plain node server that can close a kept-alive connection the moment a request arrives on it,
// as a service does when its idle timeout ends just as the gateway reuses the socket.
let server: Server;
let baseUrl: string;
const sockets = new Set<Socket>();
const served: { method: string; socket: number }[] = [];
const closed: number[] = [];
let closeNextReusedSocket = false;

beforeAll(async () => {
  const requestsBySocket = new Map<Socket, number>();
  server = createServer((req, res) => {
    const seen = requestsBySocket.get(req.socket) ?? 0;
    requestsBySocket.set(req.socket, seen + 1);
    if (!sockets.has(req.socket)) sockets.add(req.socket);
    if (seen > 0 && closeNextReusedSocket) {
      closeNextReusedSocket = false;
      closed.push([...sockets].indexOf(req.socket));
      req.socket.destroy();
      return;
    }
    served.push({ method: req.method ?? "", socket: [...sockets].indexOf(req.socket) });
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true })));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/internal`;
});
afterAll(async () => closeServer(server));
beforeEach(() => {
  served.splice(0);
  closed.splice(0);
  closeNextReusedSocket = false;
});

const Answer = z.object({ ok: z.boolean() });
const getThing = defineEndpoint({
  method: "get",
  path: "/things",
  summary: "A thing",
  response: { status: 200, schema: Answer },
});
const createThing = defineEndpoint({
  method: "post",
  path: "/things",
  summary: "Make a thing",
  body: z.object({ name: z.string() }),
  response: { status: 200, schema: Answer },
});
const payThing = defineEndpoint({
  method: "post",
  path: "/things/pay",
  summary: "Pay for a thing",
  body: z.object({ name: z.string() }),
  response: { status: 200, schema: Answer },
  idempotencyKey: true,
});

// undici frees a connection just after the caller has read the answer, so the second of two calls
// in a row opens a second connection; from then on the two are reused. Two calls first, then.
async function warmClient() {
  const client = createServiceClient(baseUrl, { service: "things" });
  await client.call(getThing, {});
  await client.call(getThing, {});
  served.splice(0);
  return client;
}

describe("the service client's kept-alive connections", () => {
  it("reuses its connections for calls one after another", async () => {
    const client = createServiceClient(baseUrl, { service: "things" });
    for (let i = 0; i < 20; i++) await client.call(getThing, {});
    expect(new Set(served.map((call) => call.socket)).size).toBeLessThanOrEqual(2);
  });

  it("calls a GET again on another connection when the service closed the reused one", async () => {
    const client = await warmClient();
    closeNextReusedSocket = true;
    await expect(client.call(getThing, {})).resolves.toEqual({ ok: true });
    expect(closed).toHaveLength(1);
    expect(served.map((call) => call.method)).toEqual(["GET"]);
    expect(served[0]!.socket).not.toBe(closed[0]);
  });

  it("calls a POST with an Idempotency-Key again, the key making the second one harmless", async () => {
    const client = await warmClient();
    closeNextReusedSocket = true;
    await expect(client.call(payThing, { body: { name: "x" }, idempotencyKey: "k-1" })).resolves.toEqual({
      ok: true,
    });
    expect(closed).toHaveLength(1);
    expect(served.map((call) => call.method)).toEqual(["POST"]);
  });

  it("does not send a POST without a key twice: it may have happened, so it is a 502", async () => {
    const client = await warmClient();
    closeNextReusedSocket = true;
    const failure = await client.call(createThing, { body: { name: "x" } }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamFailure);
    expect((failure as UpstreamFailure).toProblem()).toMatchObject({
      status: 502,
      type: "/problems/upstream-unreachable",
    });
    expect(closed).toHaveLength(1);
    expect(served).toEqual([]);
  });
});
