import {
  context,
  propagation,
  trace,
  type Context,
  type TextMapGetter,
  type TextMapSetter,
  type Tracer,
} from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";

let provider: NodeTracerProvider | undefined;

/**
 * Sets up the OpenTelemetry SDK once per process. The W3C propagator and the async context
 * manager are always installed, so trace ids flow through HTTP and NATS even when nothing is
 * exported; spans are exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set.
 */
export function setupTracing(options: {
  serviceName: string;
  otlpEndpoint?: string;
  spanProcessors?: SpanProcessor[];
}): NodeTracerProvider {
  if (provider) return provider;
  const spanProcessors = [...(options.spanProcessors ?? [])];
  if (options.otlpEndpoint) {
    const url = options.otlpEndpoint.replace(/\/$/, "") + "/v1/traces";
    spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url })));
  }
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": options.serviceName }),
    spanProcessors,
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  return provider;
}

export async function shutdownTracing(): Promise<void> {
  await provider?.shutdown();
  provider = undefined;
}

export function tracer(): Tracer {
  return trace.getTracer("@mkt/service-kit");
}

/** Anything with get/set of string headers: NATS MsgHdrs, a plain record. */
interface HeaderCarrier {
  get(key: string): string | undefined | null;
  set(key: string, value: string): void;
}

const setter: TextMapSetter<HeaderCarrier> = { set: (carrier, key, value) => carrier.set(key, value) };
const getter: TextMapGetter<HeaderCarrier> = {
  get: (carrier, key) => carrier.get(key) ?? undefined,
  keys: () => ["traceparent", "tracestate"],
};

export function injectTraceContext(carrier: HeaderCarrier, ctx: Context = context.active()): void {
  propagation.inject(ctx, carrier, setter);
}

export function extractTraceContext(carrier: HeaderCarrier | undefined): Context {
  return carrier ? propagation.extract(context.active(), carrier, getter) : context.active();
}

/** The active trace context as a plain record, e.g. to store in an event envelope. */
export function currentTraceHeaders(): { traceparent: string; tracestate?: string } | undefined {
  const record: Record<string, string> = {};
  propagation.inject(context.active(), record);
  return record.traceparent
    ? { traceparent: record.traceparent, ...(record.tracestate ? { tracestate: record.tracestate } : {}) }
    : undefined;
}

export function contextFromTraceHeaders(headers: { traceparent: string; tracestate?: string } | undefined): Context {
  return headers ? propagation.extract(context.active(), headers) : context.active();
}
