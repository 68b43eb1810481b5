import type { z } from "zod";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";
export type SuccessStatus = 200 | 201 | 202 | 204;

const METHODS: readonly HttpMethod[] = ["get", "post", "put", "patch", "delete"];
const SUCCESS: readonly SuccessStatus[] = [200, 201, 202, 204];
const LITERAL_SEGMENT = /^[A-Za-z0-9._~-]+$/;
const PARAM_SEGMENT = /^:([A-Za-z_][A-Za-z0-9_]*)$/;

/** A file as it travels: what a multipart upload carries, or what a download answers. */
export interface FileContent {
  /** The name the sender gave it (never trusted as a path). */
  filename: string;
  /** The declared media type; a service that cares checks the bytes themselves. */
  contentType: string;
  bytes: Uint8Array;
}

/**
 * The endpoint takes `multipart/form-data`: one file in `field`, up to `maxBytes`, and its other
 * form fields parsed by the endpoint's `body` schema (text values, so coerce numbers and dates).
 */
export interface UploadSpec {
  readonly field: string;
  readonly maxBytes: number;
  readonly description?: string;
}

/** The endpoint answers a file's bytes (a PDF, a scanned document) instead of JSON. */
export interface FileResponseSpec {
  readonly contentTypes: readonly string[];
}

/** Whether an endpoint takes an `Idempotency-Key` header: not at all, required (`true`), or `"optional"`. */
export type IdempotencyKeyUse = boolean | "optional";

/**
 * One HTTP operation of a public or internal API, declared once and used three times: the service
 * mounts it (`mountEndpoint`, which validates input and, outside production, output), the gateway
 * documents it (`buildOpenApiDocument`) and a caller reaches it (`createServiceClient(...).call`).
 *
 * Types on the wire: a caller sends `z.input` of params/query/body and the handler receives their
 * parsed `z.output`; the handler returns `z.input` of the response schema, which goes out as it
 * is, and a client parses it into `z.output`. For schemas without transforms or defaults the two
 * are the same type.
 */
export interface EndpointDefinition<
  P extends z.ZodObject | undefined = z.ZodObject | undefined,
  Q extends z.ZodObject | undefined = z.ZodObject | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  R extends z.ZodType | undefined = z.ZodType | undefined,
  K extends IdempotencyKeyUse = IdempotencyKeyUse,
  U extends UploadSpec | undefined = UploadSpec | undefined,
  F extends FileResponseSpec | undefined = FileResponseSpec | undefined,
> {
  readonly method: HttpMethod;
  /** Express-style, e.g. `/vendors/:vendorId/kyc`; relative to the API's base path. */
  readonly path: string;
  /** Names of the `:params` of `path`, in order. */
  readonly pathParams: readonly string[];
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly response: {
    readonly status: SuccessStatus;
    readonly schema: R;
    readonly file: F;
    readonly description?: string;
    /**
     * Other success statuses a handler may answer with the same body (e.g. 202 while still going); see `answerStatus`.
     */
    readonly alsoStatuses: readonly { readonly status: SuccessStatus; readonly description: string }[];
  };
  /** Set when the request is a multipart upload (see UploadSpec). */
  readonly upload: U;
  /** Problem statuses it may answer besides the ones implied (400 when it takes input, 401 when authenticated). */
  readonly errors: readonly number[];
  /** Security schemes, any one of which is enough (e.g. `vendorToken` or `vendorApiKey`); empty = public. */
  readonly auth: readonly string[];
  /**
   * It takes an `Idempotency-Key` header: a retried call with the same key has no second effect.
   * `true`: the header is required; `"optional"`: a public call a browser makes without one (the
   * handler then gets `idempotencyKey: undefined` and mints one for the services it calls).
   */
  readonly idempotencyKey: K;
}

/** Any endpoint, whatever its schemas. */
export type AnyEndpoint = EndpointDefinition;

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;
type Sent<Key extends string, S> = S extends z.ZodType
  ? Record<string, never> extends z.input<S>
    ? { [k in Key]?: z.input<S> }
    : { [k in Key]: z.input<S> }
  : { [k in Key]?: undefined };
type IdempotencyKeyOf<E extends AnyEndpoint> = E["idempotencyKey"] extends true
  ? { idempotencyKey: string }
  : E["idempotencyKey"] extends "optional"
    ? { idempotencyKey: string | undefined }
    : unknown;
type UploadOf<E extends AnyEndpoint> = E["upload"] extends UploadSpec ? { file: FileContent } : unknown;

/** What a handler receives: params, query and body parsed by their schemas (undefined where the endpoint has none). */
export type EndpointInput<E extends AnyEndpoint> = {
  params: Parsed<E["params"]>;
  query: Parsed<E["query"]>;
  body: Parsed<E["body"]>;
} & IdempotencyKeyOf<E> &
  UploadOf<E>;

/** What a handler returns: the response body as it goes on the wire (`void` for 204). */
export type EndpointOutput<E extends AnyEndpoint> = E["response"]["file"] extends FileResponseSpec
  ? FileContent
  : E["response"]["schema"] extends z.ZodType
    ? z.input<E["response"]["schema"]>
    : void;

/** What a caller passes to a client: unparsed values; a part whose fields are all optional may be left out. */
export type EndpointCallInput<E extends AnyEndpoint> = Sent<"params", E["params"]> &
  Sent<"query", E["query"]> &
  Sent<"body", E["body"]> &
  (E["idempotencyKey"] extends true
    ? { idempotencyKey: string }
    : E["idempotencyKey"] extends "optional"
      ? { idempotencyKey?: string }
      : { idempotencyKey?: undefined }) &
  (E["upload"] extends UploadSpec ? { file: FileContent } : { file?: undefined });

/** What a caller gets back: the response body parsed by its schema (undefined for 204). */
export type EndpointCallResult<E extends AnyEndpoint> = E["response"]["file"] extends FileResponseSpec
  ? FileContent
  : E["response"]["schema"] extends z.ZodType
    ? z.output<E["response"]["schema"]>
    : undefined;

export interface EndpointSpec<P, Q, B, R, K, U = undefined, F = undefined> {
  method: HttpMethod;
  path: string;
  summary: string;
  description?: string;
  tags?: readonly string[];
  params?: P;
  query?: Q;
  body?: B;
  response: {
    status: SuccessStatus;
    schema?: R;
    file?: F;
    description?: string;
    alsoStatuses?: readonly { status: SuccessStatus; description: string }[];
  };
  upload?: U;
  errors?: readonly number[];
  auth?: string | readonly string[];
  idempotencyKey?: K;
}

/**
 * Declares an endpoint. Mistakes a reviewer would miss fail here, at load time: a `:param` the
 * params schema does not declare (or the reverse), a 204 with a body schema, a non-problem error
 * status, an idempotency key on a GET.
 */
export function defineEndpoint<
  P extends z.ZodObject | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType | undefined = undefined,
  K extends IdempotencyKeyUse = false,
  U extends UploadSpec | undefined = undefined,
  F extends FileResponseSpec | undefined = undefined,
>(spec: EndpointSpec<P, Q, B, R, K, U, F>): EndpointDefinition<P, Q, B, R, K, U, F> {
  const name = `${String(spec.method).toUpperCase()} ${spec.path}`;
  const fail = (message: string): never => {
    throw new Error(`endpoint ${name}: ${message}`);
  };
  if (!METHODS.includes(spec.method)) fail(`method must be one of ${METHODS.join(", ")}`);
  const pathParams = parsePath(spec.path, fail);
  if (!spec.summary?.trim()) fail("a summary is required (it titles the operation in the docs)");

  const declared = spec.params ? Object.keys(spec.params.shape) : [];
  const undeclared = pathParams.filter((p) => !declared.includes(p));
  const unused = declared.filter((p) => !pathParams.includes(p));
  if (undeclared.length > 0) fail(`the params schema does not declare ${undeclared.map((p) => `:${p}`).join(", ")}`);
  if (unused.length > 0) fail(`the params schema declares ${unused.join(", ")}, which the path does not have`);

  if (!SUCCESS.includes(spec.response.status)) fail(`response status must be one of ${SUCCESS.join(", ")}`);
  if (spec.response.status === 204 && spec.response.schema) fail("a 204 response has no body, so no schema");
  if (spec.response.file) {
    if (spec.response.schema) fail("a file response has no JSON schema");
    if (spec.response.status !== 200) fail("a file response is a 200");
    if (spec.response.file.contentTypes.length === 0) fail("a file response names the media types it may answer");
  } else if (spec.response.status !== 204 && !spec.response.schema)
    fail(`a ${spec.response.status} response needs a schema`);
  for (const other of spec.response.alsoStatuses ?? []) {
    if (!SUCCESS.includes(other.status) || other.status === 204)
      fail(`alsoStatuses: ${other.status} is not a success status with a body`);
    if (other.status === spec.response.status) fail(`alsoStatuses repeats the declared status ${other.status}`);
    if (spec.response.status === 204 || spec.response.file)
      fail("alsoStatuses share the declared response's JSON body");
  }
  if (spec.upload) {
    if (spec.method === "get" || spec.method === "delete") fail("an upload is a POST, PUT or PATCH");
    if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(spec.upload.field)) fail("upload.field names a form field");
    if (!Number.isInteger(spec.upload.maxBytes) || spec.upload.maxBytes <= 0)
      fail("upload.maxBytes is a positive integer");
    if (spec.body && (spec.body as z.ZodType).def.type !== "object")
      fail("an upload's other form fields are described by a z.object body");
  }

  const errors = [...new Set(spec.errors ?? [])].sort((a, b) => a - b);
  for (const status of errors)
    if (!Number.isInteger(status) || status < 400 || status > 599) fail(`error status ${status} is not a 4xx or 5xx`);

  const auth = typeof spec.auth === "string" ? [spec.auth] : [...(spec.auth ?? [])];
  if (auth.some((scheme) => !/^[A-Za-z][A-Za-z0-9_-]*$/.test(scheme)))
    fail("auth names security schemes, e.g. buyerToken");
  if (spec.idempotencyKey && spec.method === "get") fail("a GET is safe by definition; it takes no Idempotency-Key");

  return Object.freeze({
    method: spec.method,
    path: spec.path,
    pathParams: Object.freeze(pathParams),
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: Object.freeze([...(spec.tags ?? [])]),
    params: spec.params as P,
    query: spec.query as Q,
    body: spec.body as B,
    response: Object.freeze({
      status: spec.response.status,
      schema: spec.response.schema as R,
      file: spec.response.file as F,
      alsoStatuses: Object.freeze([...(spec.response.alsoStatuses ?? [])]),
      ...(spec.response.description ? { description: spec.response.description } : {}),
    }),
    errors: Object.freeze(errors),
    auth: Object.freeze(auth),
    idempotencyKey: (spec.idempotencyKey ?? false) as K,
    upload: spec.upload as U,
  });
}

/** Only plain segments and `:name` params: express 5's `*splat` and `{optional}` have no OpenAPI equivalent. */
function parsePath(path: string, fail: (message: string) => never): string[] {
  if (typeof path !== "string" || !path.startsWith("/")) fail("path must start with /");
  if (path === "/") return [];
  const params: string[] = [];
  for (const segment of path.slice(1).split("/")) {
    const param = PARAM_SEGMENT.exec(segment);
    if (param) {
      if (params.includes(param[1]!)) fail(`:${param[1]} appears twice`);
      params.push(param[1]!);
    } else if (!LITERAL_SEGMENT.test(segment)) {
      fail(`segment "${segment}" must be a plain word or a :param (no trailing slash, wildcard or optional part)`);
    }
  }
  return params;
}
