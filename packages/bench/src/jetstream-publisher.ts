/**
 * Worker process of `npm run bench:bus`: the raw JetStream limit. Publishes 1 KB messages as fast
 * as the server acknowledges them, keeping a sliding window of WINDOW publishes in flight, each
 * with a unique Nats-Msg-Id like the relay's. The stream is made by the kit's own
 * connectBus().ensureStreams, so it has exactly the settings of the bus's event streams.
 *
 * argv: <warm-up ms> <measure ms> <window>
 */
import { randomBytes } from "node:crypto";
import { connectBus } from "@mkt/service-kit";
import { BenchRawV1, EVENT_BYTES, rawRegistry } from "./contract.js";
import { toParent, usage, watchMemory, type PublisherReport } from "./ipc.js";

async function main(): Promise<void> {
  watchMemory();
  const [warmupMs, measureMs, window] = process.argv.slice(2).map(Number) as [number, number, number];
  const namespace = process.env.BUS_NAMESPACE ?? "";
  const bus = await connectBus({
    url: process.env.NATS_URL ?? "nats://127.0.0.1:4222",
    namespace,
    name: "bench-jetstream-publisher",
  });
  await bus.ensureStreams(rawRegistry);
  const subject = bus.wireSubject(BenchRawV1.subject);
  // Printable bytes, like a JSON envelope, and not all alike.
  const payload = new TextEncoder().encode(randomBytes(EVENT_BYTES).toString("base64").slice(0, EVENT_BYTES));

  let sent = 0;
  let acked = 0;
  let failed = 0;
  let lastError: string | undefined;
  let inFlight = 0;
  let measuredFrom = 0;
  let ackedAtStart = 0;
  const started = performance.now();
  const seconds = await new Promise<number>((resolve) => {
    const pump = () => {
      const now = performance.now();
      if (measuredFrom === 0 && now - started >= warmupMs) {
        measuredFrom = now;
        ackedAtStart = acked;
      }
      const done = measuredFrom > 0 && now - measuredFrom >= measureMs;
      if (done) {
        if (inFlight === 0) resolve((now - measuredFrom) / 1000);
        return;
      }
      while (inFlight < window) {
        inFlight += 1;
        const id = `${namespace}-${sent++}`;
        bus.js.publish(subject, payload, { msgID: id }).then(
          () => {
            acked += 1;
            inFlight -= 1;
            pump();
          },
          (error: unknown) => {
            failed += 1;
            lastError = String(error);
            inFlight -= 1;
            pump();
          },
        );
      }
    };
    pump();
  });
  // Counted: acks from the end of the warm-up until the last publish in flight was acknowledged.
  const report: PublisherReport = {
    type: "done",
    published: acked - ackedAtStart,
    failed,
    seconds,
    window,
    bytes: payload.length,
    usage: usage(),
    lastError,
  };
  await bus.close();
  toParent(report);
  process.disconnect();
}

main().catch((error: unknown) => {
  process.stderr.write(`bench jetstream publisher failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
