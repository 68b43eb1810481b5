import type { IncomingMessage } from "node:http";
import { randomUUID } from "node:crypto";
import express, { type ErrorRequestHandler, type Express, type RequestHandler, type Router } from "express";
import cors from "cors";
import helmet from "helmet";
import { SpanKind, SpanStatusCode, context, trace } from "@opentelemetry/api";
import { z } from "zod";
import type { Logger } from "pino";
import { DomainError, NotFoundError, ValidationError, parseInput, problemType, type Problem } from "./problems.js";
import { noteBodyEncoding, refuseUnstorableInput } from "./input-guard.js";
import { runInRequestScope } from "./stray-errors.js";
import { extractTraceContext, tracer } from "../observability/tracing.js";
import { runWithCausation } from "../runtime/causation.js";
import type { ControllableClock } from "../runtime/clock.js";

export type ReadinessCheck = () => Promise<void>;

export interface HttpAppOptions {
  service: string;
  log: Logger;
  bodyLimit: string;
  /** Named checks behind /readyz; each throws when its dependency is unreachable. */
  readiness: Record<string, ReadinessCheck>;
  /**
   * Facts /readyz reports beside its checks without making the service unready (dead outbox
   * events: an operator's business, while the service serves on). Left out when it throws.
   */
  readinessReport?: () => Promise<Record<string, unknown>>;
  /** Present only when test controls are enabled (never in production). */
  clockControl?: ControllableClock;
  /** Browser origins allowed to call cross-origin (the `CORS_ORIGINS` setting); empty or absent = no CORS headers. */
  corsOrigins?: readonly string[];
  /** Express's `trust proxy` (the `TRUST_PROXY` setting); absent or false = the socket's peer is the client. */
  trustProxy?: false | number | readonly string[];
  routes?: (router: Router) => void;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function sendProblem(res: express.Response, problem: Problem, instance: string): void {
  res
    .status(problem.status)
    .type("application/problem+json")
    .json({ ...problem, instance });
}

/** Request id (taken from `X-Request-Id` when sane), trace span, causation and access log. */
function requestScope(log: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get("x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader("X-Request-Id", requestId);
    const parent = extractTraceContext({ get: (key) => req.get(key), set: () => undefined });
    const span = tracer().startSpan(
      `${req.method} ${req.path}`,
      { kind: SpanKind.SERVER, attributes: { "http.request.method": req.method, "url.path": req.path } },
      parent,
    );
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : undefined;
      if (route) span.updateName(`${req.method} ${route}`);
      span.setAttribute("http.response.status_code", res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const level =
        res.statusCode >= 500 ? "error" : req.path === "/healthz" || req.path === "/readyz" ? "debug" : "info";
      context.with(trace.setSpan(parent, span), () =>
        log[level](
          {
            reqId: requestId,
            method: req.method,
            path: req.originalUrl,
            status: res.statusCode,
            durationMs: Math.round(durationMs * 10) / 10,
          },
          "request handled",
        ),
      );
    });
    context.with(trace.setSpan(parent, span), () =>
      runWithCausation({ correlationId: requestId, causationId: requestId }, () => runInRequestScope(req, res, next)),
    );
  };
}

const clockMove = z
  .object({ advanceByMs: z.number().int().min(0).optional(), to: z.iso.datetime({ offset: true }).optional() })
  .refine((v) => (v.advanceByMs === undefined) !== (v.to === undefined), {
    message: "give exactly one of advanceByMs or to",
  });

function clockControlRoutes(clock: ControllableClock): Router {
  const router = express.Router();
  router.get("/clock", (_req, res) => {
    res.json({ now: clock.now().toISOString() });
  });
  router.post("/clock", (req, res) => {
    const move = parseInput(clockMove, req.body);
    try {
      const now = move.to ? clock.set(new Date(move.to)) : clock.advanceBy(move.advanceByMs!);
      res.json({ now: now.toISOString() });
    } catch (error) {
      throw new ValidationError([{ path: move.to ? "to" : "advanceByMs", message: (error as Error).message }]);
    }
  });
  return router;
}

/**
 * helmet's defaults, tightened to "nothing from elsewhere" and loosened only where Swagger UI on
 * `/docs` needs it: its bundle and our initializer are same-origin scripts (no inline script), it
 * styles elements inline and draws icons from data: URIs. No `upgrade-insecure-requests`: services
 * and local stacks speak plain HTTP behind the TLS-terminating proxy, and the browser would
 * otherwise rewrite the docs' asset URLs to an https:// nobody listens on.
 */
const securityHeaders = helmet({
  contentSecurityPolicy: {
    directives: {
      "default-src": ["'self'"],
      "script-src": ["'self'"],
      "style-src": ["'self'", "'unsafe-inline'"],
      "img-src": ["'self'", "data:"],
      "font-src": ["'self'", "data:"],
      "connect-src": ["'self'"],
      "upgrade-insecure-requests": null,
    },
  },
});

/** CORS for the listed origins only; `X-Request-Id` is exposed so a browser can quote it in a support case. */
function crossOrigin(origins: readonly string[]): RequestHandler {
  return cors({ origin: [...origins], exposedHeaders: ["X-Request-Id"], maxAge: 600 });
}

/**
 * The express app of every service: security headers, CORS for configured origins, health and
 * readiness, JSON bodies with a size limit, errors as problem+json (never a stack trace), 404 for
 * unknown routes.
 */
const RAW_BODY = Symbol("rawBody");
type RequestWithRawBody = IncomingMessage & { [RAW_BODY]?: Buffer };

/** The bytes of a JSON request body exactly as received (for signature checks); undefined when there was none. */
export function rawBodyOf(req: IncomingMessage): Buffer | undefined {
  return (req as RequestWithRawBody)[RAW_BODY];
}

export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  // Believed only for the configured proxies: otherwise any client could choose its own req.ip.
  app.set("trust proxy", Array.isArray(options.trustProxy) ? [...options.trustProxy] : (options.trustProxy ?? false));
  app.use(requestScope(options.log));
  app.use(securityHeaders);
  if (options.corsOrigins?.length) app.use(crossOrigin(options.corsOrigins));

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok", service: options.service });
  });
  app.get("/readyz", async (_req, res) => {
    const checks = await Promise.all(
      Object.entries(options.readiness).map(async ([name, check]) => {
        try {
          await check();
          return [name, "ok"] as const;
        } catch (error) {
          return [name, `unavailable: ${(error as Error).message}`] as const;
        }
      }),
    );
    const ready = checks.every(([, state]) => state === "ok");
    const report = await options.readinessReport?.().catch(() => undefined);
    res.status(ready ? 200 : 503).json({
      status: ready ? "ready" : "not-ready",
      service: options.service,
      checks: Object.fromEntries(checks),
      ...report,
    });
  });

  // The exact bytes stay with the request: a webhook signature (Stripe's, a vendor's) is computed over them.
  app.use(
    express.json({
      limit: options.bodyLimit,
      verify: (req, _res, buffer) => {
        (req as RequestWithRawBody)[RAW_BODY] = buffer;
        noteBodyEncoding(req, buffer);
      },
    }),
  );
  app.use(refuseUnstorableInput);
  if (options.clockControl) app.use("/__control", clockControlRoutes(options.clockControl));
  if (options.routes) {
    const router = express.Router();
    options.routes(router);
    app.use(router);
  }

  app.use((req) => {
    throw new NotFoundError("Route", `${req.method} ${req.path}`);
  });
  app.use(errorHandler(options.log));
  return app;
}

function errorHandler(log: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (res.headersSent) return;
    if (error instanceof DomainError) return sendProblem(res, error.toProblem(), req.originalUrl);
    // body-parser errors carry an HTTP status and a stable `type`.
    const status = typeof error?.status === "number" ? error.status : undefined;
    if (error?.type === "entity.parse.failed") {
      return sendProblem(
        res,
        {
          type: problemType("malformed-json"),
          title: "Malformed JSON",
          status: 400,
          detail: "The request body is not valid JSON.",
        },
        req.originalUrl,
      );
    }
    if (error?.type === "entity.too.large") {
      return sendProblem(
        res,
        {
          type: problemType("payload-too-large"),
          title: "Payload too large",
          status: 413,
          detail: `The request body exceeds the limit of ${error.limit} bytes.`,
        },
        req.originalUrl,
      );
    }
    if (status && status >= 400 && status < 500) {
      return sendProblem(
        res,
        { type: problemType("bad-request"), title: "Bad request", status, detail: String(error.message ?? "") },
        req.originalUrl,
      );
    }
    log.error({ err: error, path: req.originalUrl }, "unexpected error");
    sendProblem(
      res,
      {
        type: problemType("internal"),
        title: "Internal error",
        status: 500,
        detail: "An unexpected error occurred; it has been logged.",
      },
      req.originalUrl,
    );
  };
}
