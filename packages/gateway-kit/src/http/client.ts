import { SpanKind, SpanStatusCode, context, trace } from "@opentelemetry/api";
import type { Logger } from "pino";
import { FormData, Pool, type Dispatcher } from "undici";
import {
  Problem as ProblemSchema,
  describeIssues,
  toFieldIssues,
  type AnyEndpoint,
  type FileContent,
  type EndpointCallInput,
  type EndpointCallResult,
} from "@mkt/contracts";
import { DomainError, currentCausation, filenameOf, injectTraceContext, tracer, type Problem } from "@mkt/service-kit";

/**
 * A service answered with a problem: it goes back to our own caller exactly as it came (type,
 * title, status, detail, errors and extension members), so a 404 or a 409 from the owning
 * service reaches the buyer unchanged. Only `instance` is left out: the app sets its own.
 */
export class UpstreamProblem extends DomainError {
  readonly problem: Problem;

  constructor(
    readonly service: string,
    problem: Problem,
  ) {
    const { type, title, status, detail, errors, instance: _instance, ...extensions } = problem;
    super({ slug: type.replace(/^\/problems\//, ""), status, title, detail, errors, extensions });
    this.problem = {
      ...extensions,
      type,
      title,
      status,
      ...(detail !== undefined ? { detail } : {}),
      ...(errors ? { errors } : {}),
    };
  }

  override toProblem(): Problem {
    return { ...this.problem };
  }
}

/** A service could not be reached (502), did not answer in time (504) or answered outside its contract (502). */
export class UpstreamFailure extends DomainError {
  constructor(
    readonly service: string,
    readonly reason: "unreachable" | "timeout" | "invalid-response",
    detail: string,
  ) {
    super(
      reason === "timeout"
        ? { slug: "upstream-timeout", status: 504, title: "Gateway timeout", detail }
        : {
            slug: reason === "unreachable" ? "upstream-unreachable" : "upstream-invalid-response",
            status: 502,
            title: "Bad gateway",
            detail,
          },
    );
  }
}

export interface ServiceClientOptions {
  /** Names the service in errors, logs and spans; default: the base URL's host. */
  service?: string;
  /**
   * Per call, body included; default 10 s. A timed-out POST may still have happened: that is what idempotency keys are
   * for.
   */
  timeoutMs?: number;
  log?: Logger;
  /** Sent with every call, e.g. an internal token. */
  headers?: Record<string, string>;
  /**
   * Parse each answer with the endpoint's response schema; default: outside production only,
   * as `mountEndpoint` checks what it sends. See `createServiceClient`.
   */
  validateResponses?: boolean;
}

export interface CallOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface ServiceClient {
  readonly service: string;
  readonly baseUrl: string;
  call<E extends AnyEndpoint>(
    endpoint: E,
    input: EndpointCallInput<E>,
    options?: CallOptions,
  ): Promise<EndpointCallResult<E>>;
}

interface LooseInput {
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
  idempotencyKey?: string;
  file?: FileContent;
}

/**
 * A typed client for a service's contract endpoints: how a gateway (or a service) calls another
 * over HTTP. It carries the W3C trace context and the correlation id (`X-Request-Id`), and turns
 * every failure into a `DomainError` that the app's error handler already knows how to answer.
 *
 * Calls go through one keep-alive connection pool per client (undici's `Pool` and `request`, a
 * fraction of `fetch`'s CPU per call, which was 25–39% of a gateway's). A kept-alive socket the
 * service closed as we reused it fails before any answer: an idempotent call (GET, HEAD, DELETE,
 * or one with an Idempotency-Key) is then sent once more, on another connection; anything else is
 * a 502, since it may have happened.
 *
 * Answers are parsed with the endpoint's response schema in development and tests, and trusted in
 * production (`validateResponses`): the services are ours, built from the same contracts, and
 * `mountEndpoint` checks every answer against the schema outside production, so the gateways'
 * tests catch a service answering outside its contract; a second check of every production answer
 * was 7–10% of a gateway's CPU. The JSON is then what parsing would give: no response schema has a
 * default or a transform that changes a value's type (checked over @mkt/contracts on 2026-12-03), only
 * the string normalisation (trim, upper-case country codes) that stored values went through on input.
 */
export function createServiceClient(baseUrl: string, options: ServiceClientOptions = {}): ServiceClient {
  const root = baseUrl.replace(/\/+$/, "");
  const rootUrl = new URL(root);
  const service = options.service ?? rootUrl.host;
  const defaultTimeoutMs = options.timeoutMs ?? 10_000;
  const basePath = rootUrl.pathname.replace(/\/+$/, "");
  const pool = new Pool(rootUrl.origin);
  const validateResponses = options.validateResponses ?? process.env.NODE_ENV !== "production";

  async function call<E extends AnyEndpoint>(
    endpoint: E,
    input: EndpointCallInput<E>,
    callOptions: CallOptions = {},
  ): Promise<EndpointCallResult<E>> {
    const { params, query, body, idempotencyKey, file } = input as LooseInput;
    const pathAndQuery = `${basePath}${fillPath(endpoint, params, service)}${queryString(query)}`;
    const url = `${rootUrl.origin}${pathAndQuery}`;
    const timeoutMs = callOptions.timeoutMs ?? defaultTimeoutMs;
    const headers: Record<string, string> = {
      accept: "application/json, application/problem+json",
      ...options.headers,
      ...callOptions.headers,
    };
    const sendsBody = endpoint.body !== undefined && body !== undefined;
    // An upload goes as multipart/form-data (undici sets the boundary); anything else as JSON.
    // A function, since a retried call needs a fresh form.
    const json = sendsBody && !endpoint.upload ? JSON.stringify(body) : undefined;
    const payload = () => (endpoint.upload ? uploadForm(endpoint.upload.field, body, file) : json);
    if (sendsBody && !endpoint.upload) headers["content-type"] = "application/json";
    if (endpoint.idempotencyKey && idempotencyKey) headers["idempotency-key"] = idempotencyKey;
    const causation = currentCausation();
    if (causation) headers["x-request-id"] = causation.correlationId;

    const method = endpoint.method.toUpperCase() as Dispatcher.HttpMethod;
    const retriesStaleSocket = IDEMPOTENT_METHODS.has(method) || headers["idempotency-key"] !== undefined;
    const span = tracer().startSpan(`${method} ${endpoint.path}`, {
      kind: SpanKind.CLIENT,
      attributes: { "http.request.method": method, "url.full": url, "peer.service": service },
    });
    injectTraceContext(
      { get: (key) => headers[key], set: (key, value) => (headers[key] = value) },
      trace.setSpan(context.active(), span),
    );
    const started = performance.now();
    const signal = callOptions.signal
      ? AbortSignal.any([callOptions.signal, AbortSignal.timeout(timeoutMs)])
      : AbortSignal.timeout(timeoutMs);
    const where = `${service} (${method} ${endpoint.path})`;

    try {
      let response: Dispatcher.ResponseData;
      let text = "";
      let bytes: Uint8Array | undefined;
      try {
        const send = () => pool.request({ path: pathAndQuery, method, headers, body: payload(), signal });
        try {
          response = await send();
        } catch (error) {
          if (!retriesStaleSocket || !closedBeforeAnswering(error) || signal.aborted) throw error;
          options.log?.debug({ service, method, url, err: error }, "kept-alive connection closed: calling again");
          response = await send();
        }
        if (isSuccess(response.statusCode) && endpoint.response.file)
          bytes = new Uint8Array(await response.body.arrayBuffer());
        else text = await response.body.text();
      } catch (error) {
        if (callOptions.signal?.aborted) throw error; // our caller gave up: not the service's fault
        if ((error as Error).name === "TimeoutError")
          throw new UpstreamFailure(
            service,
            "timeout",
            `The ${service} service did not answer within ${timeoutMs} ms.`,
          );
        throw new UpstreamFailure(service, "unreachable", `The ${service} service could not be reached.`);
      }
      const status = response.statusCode;
      span.setAttribute("http.response.status_code", status);
      options.log?.debug(
        { service, method, url, status, durationMs: Math.round(performance.now() - started) },
        "service called",
      );
      const contentTypeHeader = headerOf(response, "content-type");

      if (isSuccess(status) && bytes) {
        const contentType = contentTypeHeader.split(";")[0]!.trim();
        if (!endpoint.response.file!.contentTypes.includes(contentType)) {
          throw new UpstreamFailure(
            service,
            "invalid-response",
            `The ${service} service answered a file of type "${contentType}", outside its contract.`,
          );
        }
        return {
          filename: filenameOf(headerOf(response, "content-disposition") || null) ?? "",
          contentType,
          bytes,
        } as EndpointCallResult<E>;
      }
      if (isSuccess(status)) {
        const schema = endpoint.response.schema;
        if (!schema) return undefined as EndpointCallResult<E>;
        const json = parseJson(text);
        // Not JSON at all is refused below, trusted or not.
        if (json !== undefined && !validateResponses) return json as EndpointCallResult<E>;
        const parsed = schema.safeParse(json);
        if (!parsed.success) {
          const issues = describeIssues(toFieldIssues(parsed.error));
          options.log?.error({ service, method, url, issues }, "service answered outside its response contract");
          throw new UpstreamFailure(
            service,
            "invalid-response",
            `The ${service} service answered outside its contract.`,
          );
        }
        return parsed.data as EndpointCallResult<E>;
      }
      const problem = contentTypeHeader.includes("application/problem+json")
        ? ProblemSchema.safeParse(parseJson(text))
        : undefined;
      if (problem?.success) {
        if (problem.data.status >= 500)
          options.log?.warn({ service, method, url, problem: problem.data }, "service answered with a server error");
        throw new UpstreamProblem(service, problem.data as Problem);
      }
      options.log?.error(
        { service, method, url, status, body: text.slice(0, 500) },
        "service answered an error that is not a problem",
      );
      throw new UpstreamFailure(
        service,
        "invalid-response",
        `The ${service} service answered ${status} without a problem description.`,
      );
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      if (error instanceof UpstreamFailure && error.reason !== "invalid-response")
        options.log?.warn({ service, where, err: error }, "service call failed");
      throw error;
    } finally {
      span.end();
    }
  }

  return { service, baseUrl: root, call };
}

/** Methods our contracts treat as safe to send twice, besides a call with an Idempotency-Key. */
const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "DELETE"]);

/**
 * The service closed the connection before answering: what a kept-alive socket it closed just as
 * we reused it looks like (undici's "other side closed", a reset, a broken pipe).
 */
function closedBeforeAnswering(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return code === "UND_ERR_SOCKET" || code === "ECONNRESET" || code === "EPIPE";
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

function headerOf(response: Dispatcher.ResponseData, name: string): string {
  const value = response.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

/**
 * A path parameter that cannot name anything on the service: it does not match the parameter's
 * declared schema (an id declared as a uuid that is not one), or it is a dot segment (`.`, `..`),
 * which every URL parser removes even percent-encoded. It never leaves the gateway: what the caller
 * asked for does not exist, a 404, rather than a request steered to another path of the service.
 */
export class UnreachablePathParameter extends DomainError {
  constructor(
    readonly service: string,
    readonly parameter: string,
  ) {
    super({
      slug: "not-found",
      status: 404,
      title: "Not found",
      detail: `No resource has this ${parameter}.`,
    });
  }
}

const DOT_SEGMENT = /^\.{1,2}$/;

/**
 * The one place path parameters enter a service's URL: each is checked against the endpoint's
 * params schema and percent-encoded with `encodeURIComponent` (so `/`, `?`, `#` and `%` stay
 * inside their segment), dot segments are refused, and the URL the parser made of it must keep
 * every segment where the template put it. A missing value is the caller's bug (a TypeError).
 */
export function fillPath(endpoint: AnyEndpoint, params: Record<string, unknown> | undefined, service = ""): string {
  const names = [...endpoint.path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1]!);
  for (const name of names) {
    const value = params?.[name];
    if (value === undefined || value === null)
      throw new TypeError(`${endpoint.method.toUpperCase()} ${endpoint.path}: no value for :${name}`);
  }
  if (endpoint.params) {
    const parsed = endpoint.params.safeParse(params ?? {});
    if (!parsed.success) throw new UnreachablePathParameter(service, String(parsed.error.issues[0]?.path[0] ?? ""));
  }
  const path = endpoint.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_match, name: string) => {
    const text = String(params![name]);
    if (text === "" || DOT_SEGMENT.test(text)) throw new UnreachablePathParameter(service, name);
    return encodeURIComponent(text);
  });
  // Belt and braces: the URL parser must leave the path exactly as built (nothing normalised away).
  if (new URL(path, "http://service.invalid").pathname !== path)
    throw new UnreachablePathParameter(service, names.join(", "));
  return path;
}

/** Arrays as repeated keys (`?tag=a&tag=b`), as `mountEndpoint` and OpenAPI's default style read them. */
function queryString(query: Record<string, unknown> | undefined): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null) continue;
      search.append(key, item instanceof Date ? item.toISOString() : String(item));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

function uploadForm(field: string, body: unknown, file: FileContent | undefined): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    form.append(name, value instanceof Date ? value.toISOString() : String(value));
  }
  if (file)
    form.append(
      field,
      new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.contentType }),
      file.filename || "file",
    );
  return form;
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined; // the schema then reports what is missing
  }
}
