import { pino, type Logger } from "pino";
import { trace } from "@opentelemetry/api";
import { currentCausation } from "../runtime/causation.js";

export type { Logger } from "pino";

/** JSON logs on stdout; every line carries the service, and the trace and correlation ids in scope. */
export function createLogger(options: { service: string; replica?: number; level?: string }): Logger {
  return pino({
    level: options.level ?? "info",
    base: { service: options.service, replica: options.replica ?? 0 },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin() {
      const span = trace.getActiveSpan()?.spanContext();
      const causation = currentCausation();
      return {
        ...(span ? { traceId: span.traceId, spanId: span.spanId } : {}),
        ...(causation ? { correlationId: causation.correlationId } : {}),
      };
    },
  });
}
