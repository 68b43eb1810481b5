/**
 * Worker process of `npm run bench:bus`: a service that records bench.pinged events, one per
 * transaction through deps.outbox.add inside deps.db.transaction (as a use case does), and
 * whose outbox relay (started by startService) publishes them to JetStream.
 *
 * Commands arrive from bus.ts over IPC: run flat out with `concurrency` transactions in flight
 * (bounded by a backlog of produced-but-not-yet-consumed events, so the run measures the rate
 * the whole path sustains instead of filling a queue), or at a fixed rate; pause; stop.
 */
import { defineService, startService } from "@mkt/service-kit";
import { BenchPingedV1, benchRegistry, EVENT_BYTES } from "./contract.js";
import { createClient } from "./db.js";
import { sleep, toParent, usage, watchMemory, type ProducerCommand, type ProducerReport } from "./ipc.js";

const definition = defineService({ name: "bench-producer", port: 0, database: createClient });

async function main(): Promise<void> {
  watchMemory();
  const service = await startService(definition, { registry: benchRegistry });
  const { db, outbox } = service.deps;
  const { padChars, wireBytes } = await padFor(service.deps.db.client);

  let seq = 0;
  let produced = 0;
  let failed = 0;
  let lastError: string | undefined;
  let consumed = 0;
  let run: { stop: () => Promise<number> } | undefined;
  const pad = "x".repeat(padChars);

  const send = (message: ProducerReport) => toParent(message);

  async function produceOne(worker: number): Promise<void> {
    try {
      await db.transaction(async (tx) => {
        await outbox.add(tx, BenchPingedV1, { seq: seq++, producer: worker, pad });
      });
      produced += 1;
    } catch (error) {
      failed += 1;
      lastError = error instanceof Error ? error.message : String(error);
      await sleep(10);
    }
  }

  function runFlatOut(concurrency: number, maxBacklog: number) {
    let active = true;
    const workers = Array.from({ length: concurrency }, async (_, worker) => {
      while (active) {
        if (produced - consumed >= maxBacklog) {
          await sleep(2);
          continue;
        }
        await produceOne(worker);
      }
    });
    return {
      stop: async () => {
        active = false;
        await Promise.all(workers);
        return 0;
      },
    };
  }

  /** Open-loop schedule: event i is due at start + i/rate; at most `concurrency` in flight. */
  function runAtRate(concurrency: number, rate: number) {
    let active = true;
    let issued = 0;
    let inFlight = 0;
    let lagMax = 0;
    const pending = new Set<Promise<void>>();
    const start = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const tick = () => {
      if (!active) return;
      const due = Math.floor(((performance.now() - start) / 1000) * rate);
      while (issued < due && inFlight < concurrency) {
        const worker = issued % concurrency;
        issued += 1;
        inFlight += 1;
        const work = produceOne(worker).finally(() => {
          inFlight -= 1;
          pending.delete(work);
        });
        pending.add(work);
      }
      lagMax = Math.max(lagMax, due - issued);
      timer = setTimeout(tick, 1);
    };
    tick();
    return {
      stop: async () => {
        active = false;
        clearTimeout(timer);
        await Promise.all([...pending]);
        return lagMax;
      },
    };
  }

  const progress = setInterval(() => send({ type: "progress", produced, failed, lastError }), 100);

  process.on("message", (command: ProducerCommand) => {
    void (async () => {
      switch (command.type) {
        case "consumed":
          consumed = command.count;
          return;
        case "max":
          await run?.stop();
          run = runFlatOut(command.concurrency, command.maxBacklog);
          return;
        case "rate":
          await run?.stop();
          run = runAtRate(command.concurrency, command.rate);
          return;
        case "pause": {
          const lag = (await run?.stop()) ?? 0;
          run = undefined;
          send({ type: "paused", produced, failed, scheduleLagMax: lag });
          return;
        }
        case "stop": {
          await run?.stop();
          clearInterval(progress);
          await service.stop();
          send({ type: "stopped", usage: usage(), produced, failed });
          process.disconnect();
          return;
        }
      }
    })().catch((error: unknown) => {
      process.stderr.write(`bench producer: ${String(error)}\n`);
      process.exit(1);
    });
  });
  send({ type: "ready", padChars, wireBytes });
}

/**
 * The relay publishes the stored jsonb as text (PostgreSQL adds a space after every `:` and `,`),
 * so the padding is sized by asking PostgreSQL how long a representative envelope comes out.
 */
async function padFor(client: {
  $queryRawUnsafe<T>(query: string, ...values: unknown[]): PromiseLike<T>;
}): Promise<{ padChars: number; wireBytes: number }> {
  const sample = (pad: string) =>
    JSON.stringify({
      id: "019ab6f1-7c3e-7d2a-9f10-0123456789ab",
      type: BenchPingedV1.type,
      version: BenchPingedV1.version,
      occurredAt: new Date().toISOString(),
      producer: definition.name,
      correlationId: "019ab6f1-7c3e-7d2a-9f10-0123456789ab",
      causationId: null,
      data: { seq: 12345, producer: 3, pad },
    });
  const length = async (pad: string) =>
    Number(
      (await client.$queryRawUnsafe<{ n: number }[]>(`SELECT octet_length($1::jsonb::text) AS n`, sample(pad)))[0]!.n,
    );
  const bare = await length("");
  const padChars = Math.max(0, EVENT_BYTES - bare);
  return { padChars, wireBytes: await length("x".repeat(padChars)) };
}

main().catch((error: unknown) => {
  process.stderr.write(`bench producer could not start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
