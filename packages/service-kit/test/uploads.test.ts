// The runtime kit's multipart uploads, file downloads, extra success statuses and raw JSON bodies,
// through mountEndpoint on createHttpApp (the gateway kit's typed client and OpenAPI for files are
// tested in packages/gateway-kit/test/uploads.test.ts).
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createHash } from "node:crypto";
import pino from "pino";
import { z } from "zod";
import { defineEndpoint } from "@mkt/contracts";
import {
  NotFoundError,
  answerStatus,
  closeServer,
  createHttpApp,
  listen,
  mountEndpoint,
  rawBodyOf,
} from "../src/index.js";

// ---- an API with an upload and a download, as a contracts package would declare them ----------

const uploadDocument = defineEndpoint({
  method: "post",
  path: "/vendors/:vendorId/documents",
  summary: "Upload a document",
  params: z.object({ vendorId: z.string() }),
  upload: { field: "file", maxBytes: 1024, description: "The document, at most 1 KiB." },
  body: z.object({ kind: z.enum(["statutes", "registry-extract"]), issuedOn: z.iso.date().optional() }),
  response: {
    status: 201,
    schema: z.object({
      id: z.string(),
      kind: z.string(),
      issuedOn: z.string().nullable(),
      filename: z.string(),
      contentType: z.string(),
      size: z.number(),
      sha256: z.string(),
    }),
  },
});

const downloadDocument = defineEndpoint({
  method: "get",
  path: "/documents/:id",
  summary: "Download a document",
  params: z.object({ id: z.string() }),
  response: { status: 200, file: { contentTypes: ["application/pdf", "image/png"] } },
  errors: [404],
});

const brokenDownload = defineEndpoint({
  method: "get",
  path: "/broken/:id",
  summary: "Answers a type it does not declare",
  params: z.object({ id: z.string() }),
  response: { status: 200, file: { contentTypes: ["image/png"] } },
});

const startJob = defineEndpoint({
  method: "post",
  path: "/jobs",
  summary: "Start a job: 201 when done at once, 202 while it still runs",
  body: z.object({ seconds: z.number().int().min(0) }),
  response: {
    status: 201,
    schema: z.object({ done: z.boolean() }),
    alsoStatuses: [{ status: 202, description: "Still running" }],
  },
});

const stored = new Map<string, { filename: string; contentType: string; bytes: Uint8Array }>();
const log = pino({ level: "silent" });
let server: Server;
let serviceUrl: string;

beforeAll(async () => {
  const routes: Parameters<typeof createHttpApp>[0]["routes"] = (router) => {
    mountEndpoint(router, uploadDocument, async ({ body, file }) => {
      const id = `d_${stored.size + 1}`;
      stored.set(id, file);
      return {
        id,
        kind: body.kind,
        issuedOn: body.issuedOn ?? null,
        filename: file.filename,
        contentType: file.contentType,
        size: file.bytes.length,
        sha256: createHash("sha256").update(file.bytes).digest("hex"),
      };
    });
    mountEndpoint(router, downloadDocument, async ({ params }) => {
      const file = stored.get(params.id);
      if (!file) throw new NotFoundError("Document", params.id);
      return file;
    });
    mountEndpoint(router, startJob, async ({ body, req }) => {
      if (body.seconds === 0) return { done: true };
      answerStatus(req, body.seconds > 60 ? 200 : 202); // 200 is not declared: our bug, a 500
      return { done: false };
    });
    router.post("/signed", (req, res) => {
      res.json({ parsed: req.body as unknown, raw: rawBodyOf(req)?.toString("utf8") ?? null });
    });
    // Not one of the declared types: a bug the kit answers with a 500.
    mountEndpoint(router, brokenDownload, async () => ({
      filename: "x.txt",
      contentType: "text/plain",
      bytes: Buffer.from("x"),
    }));
  };
  server = await listen(createHttpApp({ service: "uploads-test", log, bodyLimit: "1kb", readiness: {}, routes }), 0);
  serviceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await closeServer(server);
});

const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

function form(
  fields: Record<string, string>,
  file?: { bytes: Uint8Array; name: string; type: string },
  field = "file",
): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  if (file) data.append(field, new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.type }), file.name);
  return data;
}

async function post(url: string, body: FormData | string, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/vendors/v_1/documents`, { method: "POST", body, headers });
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe("multipart uploads", () => {
  it("hands the handler the file's exact bytes and the form fields parsed by the body schema", async () => {
    const answer = await post(
      serviceUrl,
      form(
        { kind: "registry-extract", issuedOn: "2026-11-01" },
        { bytes: pdf, name: "kbis.pdf", type: "application/pdf" },
      ),
    );
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      kind: "registry-extract",
      issuedOn: "2026-11-01",
      filename: "kbis.pdf",
      contentType: "application/pdf",
      size: pdf.length,
    });
    expect(answer.body.sha256).toBe(createHash("sha256").update(pdf).digest("hex"));
  });

  it("refuses a body that is not multipart with a 415 problem", async () => {
    const answer = await post(serviceUrl, JSON.stringify({ kind: "statutes" }), { "content-type": "application/json" });
    expect(answer).toMatchObject({ status: 415, body: { type: "/problems/unsupported-media-type" } });
    expect(answer.type).toContain("application/problem+json");
  });

  it("refuses a file over the limit with a 413 problem", async () => {
    const answer = await post(
      serviceUrl,
      form({ kind: "statutes" }, { bytes: Buffer.alloc(1025, 1), name: "big.pdf", type: "application/pdf" }),
    );
    expect(answer).toMatchObject({
      status: 413,
      body: { type: "/problems/payload-too-large", detail: "The file exceeds the limit of 1024 bytes." },
    });
  });

  it("names every invalid part in one 400: a missing file, a bad field, a file in the wrong field", async () => {
    const missing = await post(serviceUrl, form({ kind: "passport" }));
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual(
      expect.arrayContaining([
        { path: "file", message: "a file is required" },
        expect.objectContaining({ path: "kind" }),
      ]),
    );
    const wrongField = await post(
      serviceUrl,
      form({ kind: "statutes" }, { bytes: pdf, name: "a.pdf", type: "application/pdf" }, "document"),
    );
    expect(wrongField.body.errors).toEqual(
      expect.arrayContaining([{ path: "document", message: 'files go in the "file" field' }]),
    );
  });
});

describe("file downloads", () => {
  it("answers the bytes with their media type, as an attachment that browsers will not sniff", async () => {
    const uploaded = await post(
      serviceUrl,
      form({ kind: "statutes" }, { bytes: pdf, name: "statuts société.pdf", type: "application/pdf" }),
    );
    const response = await fetch(`${serviceUrl}/documents/${String(uploaded.body.id)}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="statuts soci_t_.pdf"; filename*=UTF-8''statuts%20soci%C3%A9t%C3%A9.pdf`,
    );
    expect(Buffer.from(await response.arrayBuffer()).equals(pdf)).toBe(true);
  });

  it("answers a problem, not a file, when there is nothing to download", async () => {
    const response = await fetch(`${serviceUrl}/documents/d_missing`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
  });

  it("treats a file of an undeclared type as the handler's bug (500), not the client's", async () => {
    const response = await fetch(`${serviceUrl}/broken/1`);
    expect(response.status).toBe(500);
  });
});

describe("an endpoint with more than one success status", () => {
  const start = (seconds: number) =>
    fetch(`${serviceUrl}/jobs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ seconds }),
    });

  it("answers the declared status, or another it declares when the handler picks it, never an undeclared one", async () => {
    expect((await start(0)).status).toBe(201);
    const running = await start(5);
    expect(running.status).toBe(202);
    expect(await running.json()).toEqual({ done: false });
    expect((await start(120)).status).toBe(500);
  });
});

describe("raw JSON bodies", () => {
  it("keeps the exact bytes of a JSON body beside the parsed value, for signature checks", async () => {
    const payload = '{ "id":"evt_1",\n  "amount": 9900 }';
    const response = await fetch(`${serviceUrl}/signed`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: payload,
    });
    expect(await response.json()).toEqual({ parsed: { id: "evt_1", amount: 9900 }, raw: payload });
  });
});
