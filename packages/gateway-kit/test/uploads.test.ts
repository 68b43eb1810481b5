// The gateway kit with files: the typed client forwarding uploads and downloads, and OpenAPI for
// files and extra success statuses (the runtime kit's multipart and downloads themselves are
// tested in packages/service-kit/test/uploads.test.ts).
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createHash } from "node:crypto";
import pino from "pino";
import { z } from "zod";
import { defineEndpoint } from "@mkt/contracts";
import { UpstreamFailure, buildOpenApiDocument, createServiceClient } from "../src/index.js";
import { NotFoundError, createHttpApp, mountEndpoint } from "@mkt/service-kit";
import { closeServer, listen } from "@mkt/service-kit";
import { validateOpenApiDocument } from "@mkt/testing";

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
const servers: Server[] = [];
let serviceUrl: string;
let gatewayUrl: string;

async function start(routes: Parameters<typeof createHttpApp>[0]["routes"]): Promise<string> {
  const server = await listen(
    createHttpApp({ service: "uploads-test", log, bodyLimit: "1kb", readiness: {}, routes }),
    0,
  );
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  serviceUrl = await start((router) => {
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
  });
  // A gateway forwarding uploads and downloads with the typed client, as vendor-api does.
  const client = createServiceClient(serviceUrl, { service: "documents" });
  gatewayUrl = await start((router) => {
    mountEndpoint(router, uploadDocument, async ({ params, body, file }) =>
      client.call(uploadDocument, { params, body, file }),
    );
    mountEndpoint(router, downloadDocument, async ({ params }) => client.call(downloadDocument, { params }));
  });
});
afterAll(async () => {
  for (const server of servers) await closeServer(server);
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

describe("the typed client with files", () => {
  it("forwards an upload as multipart and a download as bytes, name and type kept", async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const through = await post(
      gatewayUrl,
      form({ kind: "statutes" }, { bytes: png, name: "scan.png", type: "image/png" }),
    );
    expect(through).toMatchObject({
      status: 201,
      body: { filename: "scan.png", contentType: "image/png", size: png.length },
    });

    const client = createServiceClient(gatewayUrl, { service: "gateway" });
    const file = await client.call(downloadDocument, { params: { id: String(through.body.id) } });
    expect(file.filename).toBe("scan.png");
    expect(file.contentType).toBe("image/png");
    expect(Buffer.from(file.bytes).equals(png)).toBe(true);
  });

  it("passes a service's upload problem through the gateway unchanged", async () => {
    const through = await post(
      gatewayUrl,
      form({ kind: "statutes", issuedOn: "yesterday" }, { bytes: pdf, name: "a.pdf", type: "application/pdf" }),
    );
    expect(through.status).toBe(400);
    expect(through.body.errors).toEqual([expect.objectContaining({ path: "issuedOn" })]);
  });

  it("refuses a downloaded file whose type the contract does not allow", async () => {
    const client = createServiceClient(serviceUrl, { service: "documents" });
    const asDeclared = defineEndpoint({
      method: "get",
      path: "/documents/:id",
      summary: "PNG only",
      params: z.object({ id: z.string() }),
      response: { status: 200, file: { contentTypes: ["image/png"] } },
    });
    const uploaded = await post(
      serviceUrl,
      form({ kind: "statutes" }, { bytes: pdf, name: "a.pdf", type: "application/pdf" }),
    );
    await expect(client.call(asDeclared, { params: { id: String(uploaded.body.id) } })).rejects.toBeInstanceOf(
      UpstreamFailure,
    );
  });
});

describe("an endpoint with more than one success status", () => {
  it("documents every success status with the same body", async () => {
    const document = buildOpenApiDocument({ title: "Jobs", version: "1.0.0", serverUrl: "/", endpoints: [startJob] });
    await validateOpenApiDocument(document);
    const responses = document.paths["/jobs"]!.post!.responses;
    expect(responses["202"]).toMatchObject({ description: "Still running", content: responses["201"]!.content });
  });
});

describe("OpenAPI for files", () => {
  it("documents an upload as multipart/form-data with a binary part and a download by media type", async () => {
    const document = buildOpenApiDocument({
      title: "Files",
      version: "1.0.0",
      serverUrl: "/",
      endpoints: [uploadDocument, downloadDocument],
    });
    await validateOpenApiDocument(document);
    const upload = document.paths["/vendors/{vendorId}/documents"]!.post!;
    expect(upload.requestBody).toMatchObject({
      required: true,
      content: {
        "multipart/form-data": {
          schema: {
            type: "object",
            required: ["file", "kind"],
            properties: {
              file: { type: "string", format: "binary" },
              kind: { enum: ["statutes", "registry-extract"] },
            },
          },
        },
      },
    });
    expect(Object.keys(upload.responses)).toEqual(expect.arrayContaining(["201", "400", "413", "415"]));
    const download = document.paths["/documents/{id}"]!.get!;
    expect(download.responses["200"]).toMatchObject({
      content: { "application/pdf": { schema: { type: "string", format: "binary" } }, "image/png": {} },
    });
  });
});
