/**
 * Worker process of `npm run bench:bus`: a service with one consumer of bench.pinged, run by the
 * kit's EventConsumer (startService). The handler's effect (a bench_receipt row) commits in the
 * same transaction as the inbox row; right after that commit, an afterCommit hook records
 * latency = commit time - envelope.occurredAt (both from this machine's wall clock).
 */
import { afterCommit, consume, defineService, startService } from "@mkt/service-kit";
import { BenchPingedV1, benchRegistry } from "./contract.js";
import { createClient, type BenchClient } from "./db.js";
import { toParent, usage, watchMemory, type ConsumerCommand, type ConsumerReport } from "./ipc.js";
import { Samples } from "./stats.js";

async function main(): Promise<void> {
  watchMemory();
  const samples = new Samples();
  const definition = defineService({
    name: "bench-consumer",
    port: 0,
    database: createClient,
    consumers: () => [
      consume<typeof BenchPingedV1, BenchClient>(BenchPingedV1, async (event, tx) => {
        const occurredAt = Date.parse(event.occurredAt);
        await tx.benchReceipt.create({
          data: {
            eventId: event.id,
            seq: event.data.seq,
            producer: event.data.producer,
            occurredAt: new Date(occurredAt),
          },
        });
        afterCommit(tx, () => {
          const now = Date.now();
          samples.add(now, now - occurredAt);
        });
      }),
    ],
  });
  const service = await startService(definition, { registry: benchRegistry });

  const send = (message: ConsumerReport) => toParent(message);
  const progress = setInterval(() => send({ type: "progress", consumed: samples.length }), 100);

  process.on("message", (command: ConsumerCommand) => {
    void (async () => {
      switch (command.type) {
        case "window":
          send({ type: "window", stats: samples.window(command.from, command.to) });
          return;
        case "stop":
          clearInterval(progress);
          await service.stop();
          send({ type: "stopped", usage: usage(), consumed: samples.length });
          process.disconnect();
          return;
      }
    })().catch((error: unknown) => {
      process.stderr.write(`bench consumer: ${String(error)}\n`);
      process.exit(1);
    });
  });
  send({ type: "ready" });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench consumer could not start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
