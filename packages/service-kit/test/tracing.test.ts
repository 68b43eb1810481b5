import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { SpanKind } from "@opentelemetry/api";
import { deleteBusNamespace, eventually, uniqueBusNamespace } from "@mkt/test-servers";
import { setupTracing, shutdownTracing } from "../src/index.js";
import { counterService, startWith, testEnv, widgetDatabase, widgetService } from "./support/widgets.js";
import type { Running } from "./support/widgets.js";

const exporter = new InMemorySpanExporter();
setupTracing({ serviceName: "trace-test", spanProcessors: [new SimpleSpanProcessor(exporter)] });

const running: Running[] = [];
const databases: Awaited<ReturnType<typeof widgetDatabase>>[] = [];
const namespace = uniqueBusNamespace("trace");

afterAll(async () => {
  for (const service of running) await service.stop();
  for (const database of databases) await database.drop();
  await deleteBusNamespace(namespace);
  await shutdownTracing();
});

describe("tracing", () => {
  it("follows one request through HTTP, the outbox, NATS and the consumer in a single trace", async () => {
    const [producerDb, consumerDb] = await Promise.all([widgetDatabase("kit_trace_p"), widgetDatabase("kit_trace_c")]);
    databases.push(producerDb, consumerDb);
    const producer = await startWith(
      widgetService,
      testEnv({ DATABASE_URL: producerDb.url, BUS_NAMESPACE: namespace }),
    );
    const consumer = await startWith(
      counterService(),
      testEnv({ DATABASE_URL: consumerDb.url, BUS_NAMESPACE: namespace }),
    );
    running.push(producer, consumer);

    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const response = await fetch(`${producer.url}/widgets`, {
      method: "POST",
      headers: { "content-type": "application/json", traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      body: JSON.stringify({ name: "traced" }),
    });
    expect(response.status).toBe(201);

    const find = (kind: SpanKind, prefix: string): ReadableSpan | undefined =>
      exporter.getFinishedSpans().find((s) => s.kind === kind && s.name.startsWith(prefix));
    const consumed = await eventually(() => {
      const span = find(SpanKind.CONSUMER, "process mkt.widget.created.v1");
      expect(span).toBeDefined();
      return span!;
    });
    const server = find(SpanKind.SERVER, "POST /widgets")!;
    const published = find(SpanKind.PRODUCER, "publish mkt.widget.created.v1")!;

    expect(server.spanContext().traceId).toBe(traceId);
    expect(server.parentSpanContext?.spanId).toBe("00f067aa0ba902b7");
    expect(published.spanContext().traceId).toBe(traceId);
    expect(published.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(consumed.spanContext().traceId).toBe(traceId);
    expect(consumed.parentSpanContext?.spanId).toBe(published.spanContext().spanId);
  });
});
