import { STATUS_CODES } from "node:http";
import express, { type IRouter } from "express";
import { z } from "zod";
import { Problem, type AnyEndpoint } from "@mkt/contracts";

// swagger-ui-dist ships no types, and its main file also loads the 1.5 MB browser bundle into node:
// only the path helper is needed, the files themselves go to the browser.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const getAbsoluteFSPath = require("swagger-ui-dist/absolute-path.js") as () => string;

export type JsonSchema = Record<string, unknown>;

export type SecurityScheme =
  | { type: "http"; scheme: string; bearerFormat?: string; description?: string }
  | { type: "apiKey"; name: string; in: "header" | "query" | "cookie"; description?: string }
  | { type: "openIdConnect"; openIdConnectUrl: string; description?: string };

export interface OpenApiDocument {
  openapi: "3.1.0";
  info: { title: string; version: string; description?: string };
  servers: { url: string }[];
  tags: { name: string; description?: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    schemas: Record<string, JsonSchema>;
    securitySchemes: Record<string, SecurityScheme>;
    parameters: Record<string, JsonSchema>;
  };
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description?: string;
  tags?: string[];
  parameters?: JsonSchema[];
  requestBody?: JsonSchema;
  responses: Record<string, JsonSchema>;
  security?: Record<string, string[]>[];
}

export interface OpenApiOptions {
  title: string;
  version: string;
  description?: string;
  /** Base path (or URL) the endpoints' paths are relative to, e.g. `/api/v1`. */
  serverUrl: string;
  endpoints: readonly AnyEndpoint[];
  /**
   * Every scheme an endpoint's `auth` names, e.g. `{ buyerToken: { type: "http", scheme: "bearer", bearerFormat: "JWT"
   * } }`.
   */
  securitySchemes?: Record<string, SecurityScheme>;
  /** Descriptions for the endpoints' tags, shown as section intros in the docs. */
  tags?: readonly { name: string; description?: string }[];
}

const PROBLEM_REF = { $ref: "#/components/schemas/Problem" };
const IDEMPOTENCY_KEY_REF = { $ref: "#/components/parameters/IdempotencyKey" };
const OPTIONAL_IDEMPOTENCY_KEY_REF = { $ref: "#/components/parameters/OptionalIdempotencyKey" };

/**
 * The OpenAPI 3.1 document of a set of contract endpoints. Schemas come from zod 4's own
 * `z.toJSONSchema` (draft 2020-12, which is OpenAPI 3.1's dialect); a schema with an id
 * (`.meta({ id: "Vendor" })`) becomes one `components/schemas/Vendor` referenced wherever it is
 * used, anything else is inlined. Request and response schemas alike are converted as their
 * zod *input*: that is what crosses the wire (see `EndpointDefinition`).
 */
export function buildOpenApiDocument(options: OpenApiOptions): OpenApiDocument {
  const components = new SchemaComponents();
  components.convert(Problem); // registers components/schemas/Problem
  const securitySchemes = options.securitySchemes ?? {};
  const paths: OpenApiDocument["paths"] = {};
  const operationIds = new Map<string, string>();
  const tagNames: string[] = [];

  for (const endpoint of options.endpoints) {
    const name = `${endpoint.method.toUpperCase()} ${endpoint.path}`;
    const operationId = operationIdFor(endpoint);
    const clash = operationIds.get(operationId);
    if (clash)
      throw new Error(
        clash === name ? `${name} is listed twice` : `${name} and ${clash} both get the operationId ${operationId}`,
      );
    operationIds.set(operationId, name);
    for (const scheme of endpoint.auth) {
      if (!securitySchemes[scheme])
        throw new Error(`${name}: auth names the security scheme "${scheme}", which securitySchemes does not declare`);
    }
    for (const tag of endpoint.tags) if (!tagNames.includes(tag)) tagNames.push(tag);

    const parameters = [
      ...(endpoint.params ? parametersOf(components, endpoint.params, "path", endpoint.pathParams) : []),
      ...(endpoint.query ? parametersOf(components, endpoint.query, "query") : []),
      ...(endpoint.idempotencyKey === true ? [{ ...IDEMPOTENCY_KEY_REF }] : []),
      ...(endpoint.idempotencyKey === "optional" ? [{ ...OPTIONAL_IDEMPOTENCY_KEY_REF }] : []),
    ];
    const operation: OpenApiOperation = {
      operationId,
      summary: endpoint.summary,
      ...(endpoint.description ? { description: endpoint.description } : {}),
      ...(endpoint.tags.length ? { tags: [...endpoint.tags] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(endpoint.upload
        ? {
            requestBody: {
              required: true,
              content: { "multipart/form-data": { schema: uploadSchema(components, endpoint) } },
            },
          }
        : endpoint.body
          ? {
              requestBody: {
                required: !endpoint.body.safeParse(undefined).success,
                content: { "application/json": { schema: components.convert(endpoint.body) } },
              },
            }
          : {}),
      responses: responsesOf(components, endpoint),
      ...(endpoint.auth.length ? { security: endpoint.auth.map((scheme) => ({ [scheme]: [] })) } : {}),
    };
    const path = endpoint.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, "{$1}");
    (paths[path] ??= {})[endpoint.method] = operation;
  }

  const tagDescriptions = new Map((options.tags ?? []).map((t) => [t.name, t.description]));
  return {
    openapi: "3.1.0",
    info: {
      title: options.title,
      version: options.version,
      ...(options.description ? { description: options.description } : {}),
    },
    servers: [{ url: options.serverUrl }],
    tags: tagNames.map((name) => ({
      name,
      ...(tagDescriptions.get(name) ? { description: tagDescriptions.get(name) } : {}),
    })),
    paths,
    components: {
      schemas: components.schemas,
      securitySchemes: { ...securitySchemes },
      parameters: {
        IdempotencyKey: {
          name: "Idempotency-Key",
          in: "header",
          required: true,
          description:
            "A key you choose per operation (a UUID does). Retrying with the same key returns the first outcome instead of repeating it.",
          schema: { type: "string", minLength: 1, maxLength: 255 },
        },
        OptionalIdempotencyKey: {
          name: "Idempotency-Key",
          in: "header",
          required: false,
          description:
            "Optional: a key you choose per operation (a UUID does). Retrying with the same key returns the first outcome instead of repeating it; without one, a retry is a new operation.",
          schema: { type: "string", minLength: 1, maxLength: 255 },
        },
      },
    },
  };
}

/** `get /vendors/:vendorId/kyc` → `getVendorsByVendorIdKyc`: stable as long as the route is. */
export function operationIdFor(endpoint: Pick<AnyEndpoint, "method" | "path">): string {
  const words = endpoint.path
    .split("/")
    .filter(Boolean)
    .flatMap((segment) => (segment.startsWith(":") ? ["by", segment.slice(1)] : [segment]))
    .flatMap((word) => word.split(/[^A-Za-z0-9]+/))
    .filter(Boolean);
  return endpoint.method + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
}

function parametersOf(
  components: SchemaComponents,
  schema: z.ZodObject,
  location: "path" | "query",
  order?: readonly string[],
): JsonSchema[] {
  const object = components.resolve(components.convert(schema));
  const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object.required ?? []) as string[]);
  const names = order ?? Object.keys(properties);
  return names.map((name) => {
    const { description, ...property } = properties[name] ?? {};
    return {
      name,
      in: location,
      required: location === "path" || required.has(name),
      ...(typeof description === "string" ? { description } : {}),
      schema: property,
      // Arrays travel as repeated keys (`?tag=a&tag=b`), OpenAPI's default form/explode style.
    };
  });
}

/** An upload's form: the body's fields as text parts, and the file as binary. */
function uploadSchema(components: SchemaComponents, endpoint: AnyEndpoint): JsonSchema {
  const upload = endpoint.upload!;
  const fields = endpoint.body ? components.resolve(components.convert(endpoint.body)) : {};
  const properties = { ...((fields.properties ?? {}) as Record<string, JsonSchema>) };
  properties[upload.field] = {
    type: "string",
    format: "binary",
    ...(upload.description ? { description: upload.description } : {}),
  };
  return {
    type: "object",
    properties,
    required: [...new Set([upload.field, ...((fields.required ?? []) as string[])])],
  };
}

function responsesOf(components: SchemaComponents, endpoint: AnyEndpoint): Record<string, JsonSchema> {
  const { status, schema, file, description } = endpoint.response;
  const content = file
    ? Object.fromEntries(file.contentTypes.map((type) => [type, { schema: { type: "string", format: "binary" } }]))
    : schema
      ? { "application/json": { schema: components.convert(schema) } }
      : undefined;
  const responses: Record<string, JsonSchema> = {
    [String(status)]: {
      description: description ?? STATUS_CODES[status] ?? "Success",
      ...(content ? { content } : {}),
    },
  };
  for (const other of endpoint.response.alsoStatuses)
    responses[String(other.status)] = { description: other.description, ...(content ? { content } : {}) };
  // Implied by the kit: invalid input is a 400 (mountEndpoint), a missing or bad credential a 401,
  // an upload over its limit a 413 and one that is not multipart a 415.
  const takesInput = Boolean(
    endpoint.params || endpoint.query || endpoint.body || endpoint.idempotencyKey || endpoint.upload,
  );
  const errors = new Set([
    ...(takesInput ? [400] : []),
    ...(endpoint.auth.length ? [401] : []),
    ...(endpoint.upload ? [413, 415] : []),
    ...endpoint.errors,
  ]);
  for (const error of [...errors].sort((a, b) => a - b)) {
    responses[String(error)] = {
      description: STATUS_CODES[error] ?? "Error",
      content: { "application/problem+json": { schema: { ...PROBLEM_REF } } },
    };
  }
  return responses;
}

/**
 * Converts zod schemas and collects the ones with an id as components. zod puts a schema with an
 * id (or a recursive one) under `$defs`; those are hoisted into `components/schemas` and their
 * `$ref`s rewritten. Two different schemas claiming one id are refused: the docs would lie.
 */
class SchemaComponents {
  readonly schemas: Record<string, JsonSchema> = {};
  private anonymous = 0;

  convert(schema: z.ZodType): JsonSchema {
    const json = z.toJSONSchema(schema, {
      target: "draft-2020-12",
      io: "input",
      unrepresentable: "any",
      reused: "inline",
      cycles: "ref",
    }) as JsonSchema;
    const { $schema: _dialect, $defs, ...root } = json;
    const names = new Map<string, string>();
    for (const id of Object.keys(($defs ?? {}) as Record<string, unknown>)) {
      // zod names a recursive schema without an id `__schema0`, counting from 0 in each conversion.
      names.set(id, /^__schema\d+$/.test(id) ? `Schema${++this.anonymous}` : id);
    }
    const rewrite = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(rewrite);
      if (typeof value !== "object" || value === null) return value;
      return Object.fromEntries(
        Object.entries(value).map(([key, inner]) => {
          if (key === "$ref" && typeof inner === "string" && inner.startsWith("#/$defs/")) {
            const id = inner.slice("#/$defs/".length);
            return [key, `#/components/schemas/${names.get(id) ?? id}`];
          }
          return [key, rewrite(inner)];
        }),
      );
    };
    for (const [id, definition] of Object.entries(($defs ?? {}) as Record<string, unknown>)) {
      const name = names.get(id)!;
      const converted = rewrite(definition) as JsonSchema;
      const existing = this.schemas[name];
      if (existing && JSON.stringify(existing) !== JSON.stringify(converted)) {
        throw new Error(`two different schemas have the id "${name}"; give one of them another id`);
      }
      this.schemas[name] = converted;
    }
    return rewrite(root) as JsonSchema;
  }

  /** The schema itself when `schema` is a `$ref` to a component. */
  resolve(schema: JsonSchema): JsonSchema {
    const ref = schema.$ref;
    if (typeof ref === "string" && ref.startsWith("#/components/schemas/"))
      return this.schemas[ref.slice("#/components/schemas/".length)] ?? schema;
    return schema;
  }
}

export interface ApiDocsOptions {
  document: OpenApiDocument;
  /**
   * Where to serve `openapi.json` and `docs/`. Default: the document's base path (its server URL's
   * path, e.g. `/api/v1`) and the root, so both `/api/v1/docs/` and `/docs/` work.
   */
  at?: readonly string[];
}

// The only files of swagger-ui-dist a browser needs: not its package.json, nor its index.html
// and initializer, which point at the public petstore.
const SWAGGER_ASSET = /^\/(swagger-ui\.css|swagger-ui-bundle\.js|favicon-(16x16|32x32)\.png)(\.map)?$/;

/**
 * On an app or a router: `GET <at>/openapi.json` and `GET <at>/docs/` (Swagger UI from the swagger-ui-dist package,
 * served locally: the page loads nothing from elsewhere, which the CSP enforces too).
 */
export function serveApiDocs(target: IRouter, options: ApiDocsOptions): void {
  const { document } = options;
  const json = JSON.stringify(document);
  const docs = express.Router();
  docs.get("/openapi.json", (_req, res) => {
    res.set("Cache-Control", "no-cache").type("application/json").send(json);
  });
  // Relative URLs below (`./swagger-ui.css`, `../openapi.json`) need the trailing slash; the
  // relative redirect keeps working behind a proxy that mounts us under another prefix.
  docs.get("/docs", (req, res) => {
    if (!req.originalUrl.split("?")[0]!.endsWith("/")) return res.redirect(301, "docs/");
    res.set("Cache-Control", "no-cache").type("html").send(docsPage(document.info.title));
  });
  docs.get("/docs/swagger-initializer.js", (_req, res) => {
    res.set("Cache-Control", "no-cache").type("text/javascript").send(SWAGGER_INITIALIZER);
  });
  const assets = express.static(getAbsoluteFSPath(), { index: false, redirect: false, maxAge: "1h" });
  docs.use("/docs", (req, res, next) => (SWAGGER_ASSET.test(req.path) ? assets(req, res, next) : next()));

  const at = options.at ?? [basePathOf(document.servers[0]?.url ?? "/"), "/"];
  for (const prefix of new Set(at)) target.use(prefix, docs);
}

function basePathOf(serverUrl: string): string {
  const path = /^[a-z][a-z0-9+.-]*:\/\//i.test(serverUrl) ? new URL(serverUrl).pathname : serverUrl;
  return path.replace(/\/+$/, "") || "/";
}

const SWAGGER_INITIALIZER = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: new URL("../openapi.json", window.location.href).href,
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
};
`;

function docsPage(title: string): string {
  const escaped = title.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>${escaped} — API docs</title>
    <link rel="stylesheet" href="./swagger-ui.css">
    <link rel="icon" type="image/png" href="./favicon-32x32.png" sizes="32x32">
    <link rel="icon" type="image/png" href="./favicon-16x16.png" sizes="16x16">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="./swagger-ui-bundle.js"></script>
    <script src="./swagger-initializer.js"></script>
  </body>
</html>
`;
}
