import type { Server } from "node:http";
import { connect } from "node:net";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { z } from "zod";
import { defineEndpoint } from "@mkt/contracts";
import { createHttpApp, mountEndpoints } from "../src/index.js";
import { closeServer, listen } from "../src/http/server.js";

// Input that PostgreSQL cannot store, or that is not text at all, is refused where every request
// enters, naming the field: no route has to remember it, no database ever sees it.

const reached: string[] = [];

const createThing = defineEndpoint({
  method: "post",
  path: "/things",
  summary: "Create a thing",
  body: z.object({ name: z.string().min(1), tags: z.array(z.string()).optional() }),
  response: { status: 201, schema: z.object({ name: z.string() }) },
});
const readThing = defineEndpoint({
  method: "get",
  path: "/things/:id",
  summary: "A thing",
  params: z.object({ id: z.string() }),
  query: z.object({ q: z.string().optional() }),
  response: { status: 200, schema: z.object({ id: z.string() }) },
});
const uploadThing = defineEndpoint({
  method: "post",
  path: "/things/:id/files",
  summary: "Upload a file",
  params: z.object({ id: z.string() }),
  upload: { field: "file", maxBytes: 4096, description: "A file." },
  body: z.object({ kind: z.string() }),
  response: { status: 201, schema: z.object({ size: z.number() }) },
});

let server: Server;
let url: string;
let port: number;

beforeAll(async () => {
  const app = createHttpApp({
    service: "input-test",
    log: pino({ level: "silent" }),
    bodyLimit: "16kb",
    readiness: {},
    routes: (router) =>
      mountEndpoints(router, [
        [
          createThing,
          async ({ body }) => {
            reached.push(body.name);
            return { name: body.name };
          },
        ],
        [
          readThing,
          async ({ params }) => {
            reached.push(params.id);
            return { id: params.id };
          },
        ],
        [uploadThing, async ({ file }) => ({ size: file.bytes.byteLength })],
      ]),
  });
  server = await listen(app, 0);
  port = (server.address() as AddressInfo).port;
  url = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await closeServer(server);
});
beforeEach(() => {
  reached.length = 0;
});

async function call(path: string, init: RequestInit = {}) {
  const response = await fetch(`${url}${path}`, init);
  const text = await response.text();
  return { status: response.status, type: response.headers.get("content-type"), body: text ? JSON.parse(text) : {} };
}

const postJson = (path: string, raw: string | Buffer) =>
  call(path, { method: "POST", headers: { "content-type": "application/json" }, body: raw });

/** What a raw HTTP/1.1 exchange answers (for requests fetch refuses to send). */
function rawExchange(request: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(request));
    let answer = "";
    socket.on("data", (chunk) => (answer += chunk.toString("latin1")));
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
    socket.setTimeout(5000, () => {
      socket.destroy();
      resolve(answer);
    });
  });
}

describe("text entering through HTTP", () => {
  it("refuses a NUL character in a JSON body field, naming it", async () => {
    const response = await postJson("/things", JSON.stringify({ name: "Acme\u0000", tags: ["ok", "b\u0000d"] }));
    expect(response).toMatchObject({ status: 400, body: { type: "/problems/validation" } });
    expect(response.type).toContain("application/problem+json");
    expect(response.body.errors.map((e: { path: string }) => e.path)).toEqual(["name", "tags.1"]);
    expect(reached).toEqual([]);
  });

  it("refuses a lone surrogate instead of storing U+FFFD in its place", async () => {
    const response = await postJson("/things", '{"name":"Acme \\ud800 SAS"}');
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: "name", message: expect.stringContaining("surrogate") }]);
    expect(reached).toEqual([]);
  });

  it("refuses a body whose bytes are not UTF-8", async () => {
    const response = await postJson(
      "/things",
      Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]),
    );
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: "", message: "the body is not valid UTF-8" }]);
  });

  it("refuses %00 or invalid UTF-8 in the path before any handler runs", async () => {
    for (const id of ["abc%00", "%ED%A0%80", "%FF"]) {
      const response = await call(`/things/${id}`);
      expect({ id, status: response.status, path: response.body.errors?.[0]?.path }).toEqual({
        id,
        status: 400,
        path: "path",
      });
    }
    expect(reached).toEqual([]);
  });

  it("refuses %00 or invalid UTF-8 in the query, naming the parameter", async () => {
    const nul = await call("/things/t-1?q=a%00b");
    expect(nul.status).toBe(400);
    expect(nul.body.errors).toEqual([{ path: "query.q", message: expect.stringContaining("NUL") }]);
    const invalid = await call("/things/t-1?q=%C3");
    expect(invalid.body.errors).toEqual([{ path: "query.q", message: expect.stringContaining("UTF-8") }]);
    expect(reached).toEqual([]);
  });

  it("lets ordinary accents, emoji and encoded slashes through untouched", async () => {
    expect(await postJson("/things", JSON.stringify({ name: "Crème 🍮" }))).toMatchObject({
      status: 201,
      body: { name: "Crème 🍮" },
    });
    expect(await call("/things/caf%C3%A9?q=%F0%9F%8D%AE")).toMatchObject({ status: 200, body: { id: "café" } });
  });

  it("refuses a NUL in an upload's text field, naming it, and in its file name", async () => {
    const upload = (kind: string, filename: string) => {
      const form = new FormData();
      form.append("kind", kind);
      form.append("file", new Blob([Buffer.from("%PDF-1.4")], { type: "application/pdf" }), filename);
      return call("/things/t-1/files", { method: "POST", body: form });
    };
    const field = await upload("stat\u0000utes", "statutes.pdf");
    expect(field).toMatchObject({ status: 400, body: { errors: [{ path: "kind" }] } });
    // busboy refuses the part header itself: a 400 all the same.
    expect((await upload("statutes", "a\u0000.pdf")).status).toBe(400);
    expect((await upload("statutes", "statuts signés.pdf")).status).toBe(201);
  });

  it("refuses bytes that are not UTF-8 in an upload's field or file name, rather than storing U+FFFD", async () => {
    const boundary = "mkt-boundary";
    const form = (kind: Buffer, filename: Buffer) =>
      call("/things/t-1/files", {
        method: "POST",
        headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
        body: Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n`),
          kind,
          Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="`),
          filename,
          Buffer.from(`"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--${boundary}--\r\n`),
        ]),
      });
    const loneSurrogate = Buffer.from([0xed, 0xa0, 0x80]);
    const inName = await form(
      Buffer.from("statutes"),
      Buffer.concat([Buffer.from("a"), loneSurrogate, Buffer.from(".pdf")]),
    );
    expect(inName).toMatchObject({ status: 400, body: { errors: [{ path: "file" }] } });
    const inField = await form(Buffer.concat([Buffer.from("stat"), Buffer.from([0xe9])]), Buffer.from("a.pdf"));
    expect(inField).toMatchObject({ status: 400, body: { errors: [{ path: "kind" }] } });
    expect(await form(Buffer.from("statuts signés"), Buffer.from("statuts signés.pdf"))).toMatchObject({ status: 201 });
  });
});

describe("requests that are not what they claim", () => {
  it("answers a multipart body cut short with a 400 problem, and keeps serving", async () => {
    const boundary = "----mkt-boundary";
    const truncated =
      `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nstatutes\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n` +
      `Content-Type: application/pdf\r\n\r\n%PDF-1.4 and then the body ends`;
    const response = await call("/things/t-1/files", {
      method: "POST",
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      body: truncated,
    });
    expect(response).toMatchObject({ status: 400, body: { type: "/problems/malformed-multipart" } });
    expect(await call("/things/t-2")).toMatchObject({ status: 200 });
  });

  it("answers a URL with a raw non-ASCII byte with a problem, not Node's bare 400", async () => {
    const answer = await rawExchange(Buffer.from("GET /things/caf\xe9 HTTP/1.1\r\nHost: x\r\n\r\n", "latin1"));
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(answer).toContain("Content-Type: application/problem+json");
    const body = JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4));
    expect(body).toMatchObject({ type: "/problems/malformed-request", status: 400 });
  });
});
