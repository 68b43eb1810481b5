import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import * as amqp from "amqplib";
import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage, Options } from "amqplib";
import type { Logger } from "@mkt/service-kit";

/**
 * A delivery queue: the one way a service does outbound delivery work (emails, webhooks) that
 * must survive a failing recipient and a restarting broker. Built on RabbitMQ (amqplib):
 *
 *   publish ──▶ delivery.<name> ──▶ handler ──ok──▶ ack
 *                    ▲                 │ throws
 *                    │ TTL expired     ▼
 *               delivery.<name>.retry.<delay>ms   (one queue per delay, x-message-ttl,
 *                                                  dead-lettering back to the work queue)
 *                                      │ after the last delay, the handler throws again
 *                                      ▼
 *                              delivery.<name>.dead  (kept, with the error, for an operator)
 *
 * Guarantees: a job whose publish() resolved was confirmed by the broker (persistent, durable
 * queue) and is never dropped: a failed attempt is re-published (with confirms) to the next retry
 * queue or to the dead queue *before* the delivery is acknowledged. Delivery is at-least-once: a
 * connection lost between a handler's success and its ack, or a duplicate publish, runs the
 * handler again for the same job, so handlers must be idempotent (keyed by the job id).
 */

/** WIRE NAMES: headers carried by delivery messages. Renaming one strands jobs already queued. */
export const DELIVERY_HEADERS = {
  /** The attempt the next delivery of this message is (1 for a fresh job). */
  attempt: "x-mkt-attempt",
  /** Why the previous attempt failed (retry queues). */
  lastError: "x-mkt-last-error",
  /** Why the last attempt failed (dead queue). */
  error: "x-mkt-error",
  failedAt: "x-mkt-failed-at",
} as const;

export interface DeliveryJob<P = unknown> {
  /** Stable id of the work (e.g. a notification id): the AMQP messageId, the handler's idempotency key. */
  id: string;
  /** JSON-serialisable. Keep it small: a reference to a row is better than the row. */
  payload: P;
}

export interface DeliveryAttempt {
  /** 1 for the first attempt. */
  attempt: number;
  maxAttempts: number;
  /** No retry follows if this attempt throws: the job goes to the dead queue. */
  isLast: boolean;
  /** The broker delivers this message again (a previous consumer died before acknowledging it). */
  redelivered: boolean;
}

export type DeliveryHandler<P = unknown> = (job: DeliveryJob<P>, attempt: DeliveryAttempt) => Promise<void>;

export interface DeliveryQueueOptions {
  /** amqp://user:pass@host:port/vhost */
  url: string;
  /** Queues are `delivery.<name>`, `delivery.<name>.retry.<delay>ms`, `delivery.<name>.dead`. */
  name: string;
  /** One retry per delay, growing, e.g. [1000, 5000, 30000, 120000, 600000]: attempts = delays + 1. */
  retryDelaysMs: readonly number[];
  log: Logger;
  /** How long publish() waits for a broker that is away before it fails. Default 30 s. */
  publishTimeoutMs?: number;
  /** Reconnection backoff: initial delay, doubled up to the maximum. Defaults 100 ms, 5 s. */
  reconnectDelayMs?: { initial?: number; max?: number };
  /** How long close() waits for handlers in flight. Default 10 s; unfinished jobs go back to the queue. */
  closeTimeoutMs?: number;
}

export interface DeliveryQueueNames {
  work: string;
  retries: string[];
  dead: string;
}

export interface DeliveryQueue {
  readonly queues: DeliveryQueueNames;
  /** Shown by `rabbitmqctl list_connections name client_properties` (client_properties.connection_name). */
  readonly connectionName: string;
  /** Resolves once the broker has confirmed the job (it is on disk); waits for a reconnection, bounded. */
  publish(job: DeliveryJob): Promise<void>;
  /** Handles jobs, at most `prefetch` at a time; resumes by itself after a reconnection. */
  consume<P = unknown>(handler: DeliveryHandler<P>, options?: { prefetch?: number }): Promise<void>;
  isConnected(): boolean;
  /**
   * Readiness: resolves once the broker answered a round trip on the live connection's channel
   * (and the work queue exists); throws, naming RabbitMQ, when closed, reconnecting or silent.
   */
  check(timeoutMs?: number): Promise<void>;
  /** Stops consuming, waits for handlers in flight (bounded), closes the connection. */
  close(): Promise<void>;
}

/** publish() gave up: no broker connection (or no confirm) within publishTimeoutMs. */
export class DeliveryQueueUnavailableError extends Error {
  constructor(name: string, timeoutMs: number, cause?: unknown) {
    super(
      `delivery queue ${name}: RabbitMQ did not confirm within ${timeoutMs} ms${cause ? ` (${errorMessage(cause)})` : ""}`,
      { cause },
    );
    this.name = "DeliveryQueueUnavailableError";
  }
}

export function deliveryQueueNames(name: string, retryDelaysMs: readonly number[]): DeliveryQueueNames {
  const work = `delivery.${name}`;
  // Named after the delay, not its position: changing the delays declares new queues instead of
  // failing on the old ones (a queue's TTL cannot change), and old ones drain into the work queue.
  return { work, retries: retryDelaysMs.map((delay) => `${work}.retry.${delay}ms`), dead: `${work}.dead` };
}

/** Connects, declares the topology, and returns the queue. Fails if RabbitMQ is unreachable now. */
export async function createDeliveryQueue(options: DeliveryQueueOptions): Promise<DeliveryQueue> {
  const queue = new AmqpDeliveryQueue(options);
  await queue.start();
  return queue;
}

/** Deletes a delivery queue's topology (tests, decommissioning). Jobs still queued are lost. */
export async function deleteDeliveryQueue(options: {
  url: string;
  name: string;
  retryDelaysMs: readonly number[];
}): Promise<void> {
  const names = deliveryQueueNames(options.name, options.retryDelaysMs);
  const model = await amqp.connect(options.url);
  try {
    const channel = await model.createChannel();
    for (const queue of [names.work, ...new Set(names.retries), names.dead]) await channel.deleteQueue(queue);
    await channel.close();
  } finally {
    await model.close().catch(() => undefined);
  }
}

interface ConsumerSpec {
  handler: DeliveryHandler;
  prefetch: number;
}

/** One live connection and its channels; replaced as a whole when the connection drops. */
interface Generation {
  model: ChannelModel;
  publisher: ConfirmChannel;
  consumers: { spec: ConsumerSpec; channel: Channel; tag: string }[];
  lost: boolean;
}

class AmqpDeliveryQueue implements DeliveryQueue {
  readonly queues: DeliveryQueueNames;
  readonly connectionName: string;
  private readonly log: Logger;
  private readonly maxAttempts: number;
  private readonly consumers: ConsumerSpec[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stopping = new AbortController();
  private current: Generation | undefined;
  private waiters: { resolve: (generation: Generation) => void; reject: (error: Error) => void }[] = [];
  private reconnecting: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: DeliveryQueueOptions) {
    if (!/^[A-Za-z0-9_.-]+$/.test(options.name))
      throw new TypeError(`delivery queue name "${options.name}": letters, digits, _ . - only`);
    if (options.retryDelaysMs.some((delay) => !Number.isInteger(delay) || delay < 1)) {
      throw new TypeError(`delivery queue ${options.name}: retry delays must be positive integers of milliseconds`);
    }
    this.queues = deliveryQueueNames(options.name, options.retryDelaysMs);
    this.maxAttempts = options.retryDelaysMs.length + 1;
    this.connectionName = `delivery.${options.name}#${randomBytes(4).toString("hex")}`;
    this.log = options.log.child({ deliveryQueue: this.queues.work });
  }

  async start(): Promise<void> {
    try {
      await this.connect();
    } catch (error) {
      throw new Error(`RabbitMQ is unreachable at ${redact(this.options.url)}: ${errorMessage(error)}`, {
        cause: error,
      });
    }
  }

  isConnected(): boolean {
    return this.current !== undefined;
  }

  async check(timeoutMs = 2_000): Promise<void> {
    const where = `RabbitMQ (${this.queues.work})`;
    if (this.closed) throw new Error(`${where}: the connection is closed`);
    const generation = this.current;
    if (!generation || generation.lost) throw new Error(`${where}: not connected, reconnecting`);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        generation.publisher.checkQueue(this.queues.work),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } catch (error) {
      throw new Error(`${where}: ${errorMessage(error)}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  async publish(job: DeliveryJob): Promise<void> {
    if (typeof job.id !== "string" || job.id.length === 0) throw new TypeError("a delivery job needs an id");
    if (this.closed) throw new Error(`delivery queue ${this.options.name} is closed`);
    await this.send(this.queues.work, Buffer.from(JSON.stringify(job.payload ?? null)), {
      messageId: job.id,
      headers: { [DELIVERY_HEADERS.attempt]: 1 },
    });
  }

  async consume<P>(handler: DeliveryHandler<P>, options: { prefetch?: number } = {}): Promise<void> {
    if (this.closed) throw new Error(`delivery queue ${this.options.name} is closed`);
    const spec: ConsumerSpec = { handler: handler as DeliveryHandler, prefetch: Math.max(1, options.prefetch ?? 1) };
    this.consumers.push(spec);
    // Connected: start now. Otherwise the reconnection starts it with the others.
    const generation = this.current;
    if (!generation) return;
    try {
      await this.startConsumer(generation, spec);
    } catch (error) {
      // The connection went meanwhile: the reconnection starts this consumer too.
      if (!generation.lost) throw error;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopping.abort();
    const generation = this.current;
    if (generation) {
      for (const consumer of generation.consumers) await consumer.channel.cancel(consumer.tag).catch(() => undefined);
    }
    // Handlers in flight finish and acknowledge on their own channel; past the timeout the
    // connection closes under them and the broker puts their jobs back in the queue.
    const timeout = sleep(this.options.closeTimeoutMs ?? 10_000, undefined, { ref: false });
    await Promise.race([Promise.allSettled([...this.inFlight]), timeout]);
    await this.reconnecting;
    this.current = undefined;
    for (const waiter of this.waiters.splice(0))
      waiter.reject(new Error(`delivery queue ${this.options.name} is closed`));
    if (generation) {
      generation.lost = true;
      await generation.model.close().catch(() => undefined);
    }
  }

  // --- connection -------------------------------------------------------------------------

  private async connect(): Promise<void> {
    const model = await amqp.connect(this.options.url, { clientProperties: { connection_name: this.connectionName } });
    let generation: Generation | undefined;
    model.on("error", (err: Error) => this.log.warn({ err }, "RabbitMQ connection error"));
    // Closed before the generation exists: createConfirmChannel below fails, which is enough.
    model.on("close", (err?: Error) => generation && this.lost(generation, err));
    try {
      const publisher = await model.createConfirmChannel();
      generation = { model, publisher, consumers: [], lost: false };
      this.watchChannel(generation, publisher, "publisher");
      await this.declare(publisher);
      // consume() may add a consumer while this runs: loop until every one is started here.
      for (let spec = this.unstarted(generation); spec; spec = this.unstarted(generation))
        await this.startConsumer(generation, spec);
    } catch (error) {
      if (generation) generation.lost = true;
      await model.close().catch(() => undefined);
      throw error;
    }
    if (this.closed || generation.lost) {
      generation.lost = true;
      await model.close().catch(() => undefined);
      if (this.closed) return;
      throw new Error("connection lost while setting up");
    }
    this.current = generation;
    for (const waiter of this.waiters.splice(0)) waiter.resolve(generation);
  }

  private unstarted(generation: Generation): ConsumerSpec | undefined {
    return this.consumers.find((spec) => !generation.consumers.some((consumer) => consumer.spec === spec));
  }

  /** Durable topology; idempotent, declared again on every connection (the broker may be new). */
  private async declare(channel: Channel): Promise<void> {
    await channel.assertQueue(this.queues.work, { durable: true });
    for (const [index, delay] of this.options.retryDelaysMs.entries()) {
      await channel.assertQueue(this.queues.retries[index]!, {
        durable: true,
        messageTtl: delay,
        // The default exchange ("") routes by queue name: expired jobs go back to the work queue.
        deadLetterExchange: "",
        deadLetterRoutingKey: this.queues.work,
      });
    }
    await channel.assertQueue(this.queues.dead, { durable: true });
  }

  /** A channel the broker closed on its own (an error) takes its connection down: one recovery path. */
  private watchChannel(generation: Generation, channel: Channel, role: string): void {
    channel.on("error", (err: Error) => this.log.warn({ err, role }, "RabbitMQ channel error"));
    channel.on("close", () => {
      // When the connection goes, its channels close first: let the connection's close land.
      setImmediate(() => {
        if (generation.lost || this.closed) return;
        this.log.warn({ role }, "RabbitMQ channel closed on its own; reconnecting");
        void generation.model.close().catch(() => undefined);
      });
    });
  }

  private lost(generation: Generation, err?: Error): void {
    if (generation.lost) return;
    generation.lost = true;
    // A connection lost while being set up makes connect() fail; its caller deals with that.
    if (this.current !== generation) return;
    this.current = undefined;
    if (this.closed) return;
    this.log.warn({ err }, "RabbitMQ connection lost; reconnecting");
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.reconnecting || this.closed) return;
    const initial = this.options.reconnectDelayMs?.initial ?? 100;
    const max = this.options.reconnectDelayMs?.max ?? 5_000;
    this.reconnecting = (async () => {
      for (let attempt = 1; !this.closed; attempt += 1) {
        await sleep(Math.min(max, initial * 2 ** (attempt - 1)), undefined, { signal: this.stopping.signal }).catch(
          () => undefined,
        );
        if (this.closed) break;
        try {
          await this.connect();
          if (!this.closed)
            this.log.info({ attempt }, "RabbitMQ connection restored; topology declared, consumers resumed");
          break;
        } catch (err) {
          this.log.warn({ err, attempt }, "RabbitMQ still unreachable; will retry");
        }
      }
    })().finally(() => {
      this.reconnecting = undefined;
    });
  }

  /** The live connection, waiting for a reconnection until the deadline. */
  private connected(deadline: number): Promise<Generation> {
    // While closing, the connection stays up for the handlers in flight to park their failures.
    if (this.current) return Promise.resolve(this.current);
    if (this.closed) return Promise.reject(new Error(`delivery queue ${this.options.name} is closed`));
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: (generation: Generation) => {
          clearTimeout(timer);
          resolve(generation);
        },
        reject: (error: Error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(
        () => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          reject(
            new DeliveryQueueUnavailableError(
              this.options.name,
              this.options.publishTimeoutMs ?? 30_000,
              new Error("not connected"),
            ),
          );
        },
        Math.max(0, deadline - Date.now()),
      );
      this.waiters.push(waiter);
    });
  }

  // --- publishing ---------------------------------------------------------------------------

  /**
   * Publishes on the confirm channel and waits for the broker's confirm; when the connection
   * drops before the confirm, publishes again on the next connection (the job may then exist
   * twice: at-least-once). Gives up after publishTimeoutMs.
   */
  private async send(queue: string, body: Buffer, properties: Options.Publish): Promise<void> {
    const timeoutMs = this.options.publishTimeoutMs ?? 30_000;
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    for (;;) {
      const generation = await this.connected(deadline);
      try {
        await this.confirmed(generation.publisher, queue, body, properties, deadline);
        return;
      } catch (error) {
        lastError = error;
      }
      if (this.closed) throw new Error(`delivery queue ${this.options.name} is closed`, { cause: lastError });
      if (Date.now() >= deadline) throw new DeliveryQueueUnavailableError(this.options.name, timeoutMs, lastError);
      // A nack on a live connection (broker trouble): pause before trying again.
      if (!generation.lost) await sleep(100);
    }
  }

  private confirmed(
    channel: ConfirmChannel,
    queue: string,
    body: Buffer,
    properties: Options.Publish,
    deadline: number,
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error("no confirm from the broker in time")),
        Math.max(0, deadline - Date.now()),
      );
      const done = (err: unknown) => {
        clearTimeout(timer);
        if (err) reject(err instanceof Error ? err : new Error(String(err)));
        else resolve();
      };
      try {
        channel.sendToQueue(queue, body, { contentType: "application/json", ...properties, persistent: true }, done);
      } catch (error) {
        // The channel is already closed (IllegalOperationError): try the next connection.
        done(error);
      }
    });
  }

  // --- consuming ----------------------------------------------------------------------------

  private async startConsumer(generation: Generation, spec: ConsumerSpec): Promise<void> {
    const channel = await generation.model.createChannel();
    this.watchChannel(generation, channel, "consumer");
    await channel.prefetch(spec.prefetch);
    const { consumerTag } = await channel.consume(
      this.queues.work,
      (message) => {
        if (message === null) {
          // The broker cancelled the consumer (its queue was deleted): start over, re-declaring.
          if (!generation.lost && !this.closed) {
            this.log.warn("consumer cancelled by RabbitMQ; reconnecting");
            void generation.model.close().catch(() => undefined);
          }
          return;
        }
        const work = this.handle(channel, spec, message);
        this.inFlight.add(work);
        void work.finally(() => this.inFlight.delete(work));
      },
      { noAck: false },
    );
    generation.consumers.push({ spec, channel, tag: consumerTag });
  }

  /** Runs one attempt; never throws. The delivery is acknowledged only once its fate is on disk. */
  private async handle(channel: Channel, spec: ConsumerSpec, message: ConsumeMessage): Promise<void> {
    const attempt = readAttempt(message);
    const id = typeof message.properties.messageId === "string" ? message.properties.messageId : "";
    const log = this.log.child({ jobId: id, attempt });
    let failure: unknown;
    let payload: unknown;
    try {
      payload = JSON.parse(message.content.toString("utf8"));
    } catch (error) {
      // Not a job this code can ever read: no retry can help, straight to the dead queue.
      failure = new Error(`malformed job: ${errorMessage(error)}`);
    }
    if (failure === undefined) {
      try {
        await spec.handler(
          { id, payload },
          {
            attempt,
            maxAttempts: this.maxAttempts,
            isLast: attempt >= this.maxAttempts,
            redelivered: message.fields.redelivered,
          },
        );
      } catch (error) {
        failure = error ?? new Error("handler failed");
      }
    }
    if (failure !== undefined) {
      try {
        await this.park(message, payload === undefined ? this.maxAttempts : attempt, failure, log);
      } catch (error) {
        // Could not park it: put it back at the head of the work queue rather than lose it.
        log.error({ err: error }, "could not move a failed job to its retry queue; requeued");
        safely(() => channel.nack(message, false, true));
        return;
      }
    }
    // If the channel died meanwhile this does nothing: the broker has already requeued the
    // delivery, so the job runs again (at-least-once; the handler is idempotent).
    safely(() => channel.ack(message));
  }

  /** Re-publishes a failed attempt to the next retry queue, or to the dead queue after the last. */
  private async park(message: ConsumeMessage, attempt: number, failure: unknown, log: Logger): Promise<void> {
    const reason = errorMessage(failure).slice(0, 1000);
    const base = {
      messageId: message.properties.messageId as string | undefined,
      contentType: message.properties.contentType as string | undefined,
    };
    if (attempt < this.maxAttempts) {
      const delay = this.options.retryDelaysMs[attempt - 1]!;
      await this.send(this.queues.retries[attempt - 1]!, message.content, {
        ...base,
        headers: { [DELIVERY_HEADERS.attempt]: attempt + 1, [DELIVERY_HEADERS.lastError]: reason },
      });
      log.warn({ err: failure, retryInMs: delay }, "delivery attempt failed; will retry");
    } else {
      await this.send(this.queues.dead, message.content, {
        ...base,
        headers: {
          [DELIVERY_HEADERS.attempt]: attempt,
          [DELIVERY_HEADERS.error]: reason,
          [DELIVERY_HEADERS.failedAt]: new Date().toISOString(),
        },
      });
      log.error(
        { err: failure, deadQueue: this.queues.dead },
        "delivery failed on its last attempt; moved to the dead queue",
      );
    }
  }
}

/** Our own attempt header, not x-death: x-death counts per (queue, reason) and double-counts here. */
function readAttempt(message: ConsumeMessage): number {
  const value = Number(message.properties.headers?.[DELIVERY_HEADERS.attempt] ?? 1);
  return Number.isInteger(value) && value >= 1 ? value : 1;
}

function safely(operation: () => void): void {
  try {
    operation();
  } catch {
    // The channel is closed: nothing to acknowledge on it any more.
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}
