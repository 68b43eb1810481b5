import { AsyncLocalStorage } from "node:async_hooks";
import type { Request, Response } from "express";
import type { Logger } from "pino";
import { problemType } from "./problems.js";

/**
 * Errors raised outside a request's promise chain — a stream's `error` event nobody listens to,
 * a throw in a timer or a callback — would otherwise stop the whole process, taking every other
 * request with it. Node keeps the async context of the code that raised them, so the request they
 * belong to is known: it is answered with a 500 problem (the error logged with its stack) and the
 * process goes on. One raised outside any request is a bug in the service itself: logged as fatal,
 * then the service shuts down gracefully so that its supervisor starts a clean one.
 */
const activeRequest = new AsyncLocalStorage<{ req: Request; res: Response }>();

/** Runs the rest of a request's handling in its scope (the HTTP app's first middleware does). */
export function runInRequestScope(req: Request, res: Response, next: () => void): void {
  activeRequest.run({ req, res }, next);
}

let installed = false;

/**
 * Installs the process-wide handlers, once per process (`runService` does; tests that start
 * services in-process leave jest's own handlers alone).
 */
export function installStrayErrorGuard(options: { log: Logger; shutdown: (reason: string) => void }): void {
  if (installed) return;
  installed = true;
  const { log } = options;
  const stray = (error: unknown, kind: "uncaught exception" | "unhandled rejection") => {
    const scope = activeRequest.getStore();
    if (scope) {
      const { req, res } = scope;
      log.error({ err: error, path: req.originalUrl }, `${kind} while handling a request; answered 500`);
      if (!res.headersSent) {
        res
          .status(500)
          .type("application/problem+json")
          .json({
            type: problemType("internal"),
            title: "Internal error",
            status: 500,
            detail: "An unexpected error occurred; it has been logged.",
            instance: req.originalUrl,
          });
      } else if (!res.writableEnded) {
        res.destroy();
      }
      return;
    }
    if (kind === "unhandled rejection") {
      // A promise nobody awaited: a bug to fix, but it left nothing half done behind it.
      log.error({ err: error }, "unhandled promise rejection outside any request");
      return;
    }
    log.fatal({ err: error }, "uncaught exception outside any request; shutting down");
    process.exitCode = 1;
    options.shutdown("uncaught exception");
  };
  process.on("uncaughtException", (error) => stray(error, "uncaught exception"));
  process.on("unhandledRejection", (reason) => stray(reason, "unhandled rejection"));
}
