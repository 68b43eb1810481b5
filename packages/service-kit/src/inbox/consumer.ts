import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JsMsg } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { SpanKind, SpanStatusCode, context, trace } from "@opentelemetry/api";
import {
  DeadLetterV1,
  deadLetterSubject,
  describeIssues,
  parseEvent,
  streamNameFor,
  type DeadLetter,
  type EventData,
  type EventDefinition,
  type EventEnvelope,
  type EventRegistry,
} from "@mkt/contracts";
import type { Logger } from "pino";
import type { Bus } from "../bus/bus.js";
import type { Database, PrismaLike, SqlClient, TxOf } from "../db/database.js";
import type { Clock } from "../runtime/clock.js";
import { runWithCausation } from "../runtime/causation.js";
import { extractTraceContext, tracer } from "../observability/tracing.js";

export type EventHandler<D extends EventDefinition, Tx> = (event: EventEnvelope<EventData<D>>, tx: Tx) => Promise<void>;

export interface ConsumerSpec<C extends PrismaLike = PrismaLike> {
  readonly event: EventDefinition;
  /** Distinguishes two consumers of the same event in one service; defaults to the event's name. */
  readonly name: string;
  /**
   * Inbox scope: consumers sharing one apply each fact once between them. A consumer moving from
   * v1 to v2 of an event subscribes to both with the same inbox until v1 is retired.
   */
  readonly inbox: string;
  readonly handle: (event: EventEnvelope, tx: TxOf<C>) => Promise<void>;
}

/**
 * Declares that a service reacts to one event. The handler runs inside the transaction that also
 * records the event in the inbox, so its effect happens exactly once however often the event
 * is delivered.
 */
export function consume<D extends EventDefinition, C extends PrismaLike = PrismaLike>(
  event: D,
  handle: EventHandler<D, TxOf<C>>,
  options: { name?: string; inbox?: string } = {},
): ConsumerSpec<C> {
  const name = options.name ?? `${event.type.replace(".", "-")}-v${event.version}`;
  return {
    event,
    name,
    inbox: options.inbox ?? name,
    handle: handle as ConsumerSpec<C>["handle"],
  };
}

/** `catalog--vendor-approved-v1`: who listens to what. WIRE NAME: renaming it starts a new durable from scratch. */
export function durableName(service: string, spec: Pick<ConsumerSpec, "name">): string {
  return `${service}--${spec.name}`;
}

export interface ConsumerSettings {
  concurrency: number;
  maxDeliver: number;
  backoffMs: number;
  ackWaitMs?: number;
}

type Outcome = "handled" | "duplicate" | "dead-lettered" | "retry";

/** Pulls one durable consumer and handles its messages, at most `concurrency` at a time. */
export class EventConsumer<C extends PrismaLike> {
  readonly durable: string;
  private readonly inboxScope: string;
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  private readonly inFlight = new Set<Promise<Outcome>>();

  constructor(
    private readonly service: string,
    private readonly spec: ConsumerSpec<C>,
    private readonly deps: { db: Database<C>; bus: Bus; registry: EventRegistry; log: Logger; clock: Clock },
    private readonly settings: ConsumerSettings,
  ) {
    this.durable = durableName(service, spec);
    this.inboxScope = `${service}--${spec.inbox}`;
  }

  get stream(): string {
    return this.deps.bus.wireStream(streamNameFor(this.spec.event.context));
  }

  /** Creates the durable consumer on the server, or updates its settings. Idempotent. */
  async ensure(): Promise<void> {
    const config = {
      durable_name: this.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: this.deps.bus.wireSubject(this.spec.event.subject),
      ack_wait: nanos(this.settings.ackWaitMs ?? 30_000),
      // One spare delivery beyond ours: if the process dies during the last attempt, the server
      // still delivers once more and that delivery dead-letters instead of leaving it in limbo.
      max_deliver: this.settings.maxDeliver + 1,
      max_ack_pending: Math.max(1000, this.settings.concurrency * 4),
    };
    const { jsm } = this.deps.bus;
    try {
      await jsm.consumers.info(this.stream, this.durable);
      await jsm.consumers.update(this.stream, this.durable, {
        ack_wait: config.ack_wait,
        max_deliver: config.max_deliver,
        max_ack_pending: config.max_ack_pending,
      });
    } catch {
      try {
        await jsm.consumers.add(this.stream, config);
      } catch (error) {
        // A replica created it at the same moment.
        await jsm.consumers.info(this.stream, this.durable).catch(() => {
          throw error;
        });
      }
    }
  }

  async start(): Promise<void> {
    await this.ensure();
    const consumer = await this.deps.bus.js.consumers.get(this.stream, this.durable);
    const messages = await consumer.consume({ max_messages: this.settings.concurrency * 2 });
    this.messages = messages;
    this.loop = (async () => {
      for await (const message of messages) {
        const work = this.process(message);
        this.inFlight.add(work);
        void work.finally(() => this.inFlight.delete(work));
        if (this.inFlight.size >= this.settings.concurrency) await Promise.race(this.inFlight);
      }
    })();
  }

  /** Stops pulling, then waits for the handlers in flight to finish and ack. */
  async stop(): Promise<void> {
    await this.messages?.close();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  /** Handles one delivery and acknowledges it; never throws. */
  async process(message: JsMsg): Promise<Outcome> {
    const raw = message.string();
    const parsed = parseEvent(this.deps.registry, raw);
    if (!parsed.ok) {
      return this.deadLetter(message, parsed.reason, describeIssues(parsed.issues));
    }
    const envelope = parsed.envelope;
    const parent = extractTraceContext(message.headers);
    const span = tracer().startSpan(
      `process ${this.spec.event.subject}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: { "messaging.system": "nats", "messaging.consumer.group.name": this.durable, "messaging.message.id": envelope.id },
      },
      parent,
    );
    const log = this.deps.log.child({ consumer: this.durable, eventId: envelope.id, delivery: message.info.deliveryCount });
    try {
      const outcome = await context.with(trace.setSpan(parent, span), () =>
        runWithCausation({ correlationId: envelope.correlationId, causationId: envelope.id }, () => this.handleOnce(envelope)),
      );
      message.ack();
      if (outcome === "duplicate") log.debug("event already handled; acknowledged without effect");
      return outcome;
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
      const deliveries = message.info.deliveryCount;
      if (deliveries >= this.settings.maxDeliver) {
        log.error({ err: error }, "handler failed on its last delivery; dead-lettering");
        return this.deadLetter(message, "handler-failed", error instanceof Error ? error.message : String(error));
      }
      const delay = this.settings.backoffMs * 2 ** (deliveries - 1);
      log.warn({ err: error, retryInMs: delay }, "handler failed; will retry");
      message.nak(delay);
      return "retry";
    } finally {
      span.end();
    }
  }

  private async handleOnce(envelope: EventEnvelope): Promise<"handled" | "duplicate"> {
    return this.deps.db.transaction(async (tx) => {
      const recorded = await (tx as unknown as SqlClient).$executeRawUnsafe(
        `INSERT INTO inbox_message (consumer, event_id, event_type) VALUES ($1, $2::uuid, $3) ON CONFLICT DO NOTHING`,
        this.inboxScope,
        envelope.id,
        `${envelope.type}.v${envelope.version}`,
      );
      // Zero rows: this consumer already committed this event's effect (a redelivery or a duplicate).
      if (recorded === 0) return "duplicate";
      await this.spec.handle(envelope, tx);
      return "handled";
    });
  }

  private async deadLetter(message: JsMsg, reason: DeadLetter["reason"], error: string): Promise<Outcome> {
    const headers: Record<string, string> = {};
    for (const key of message.headers?.keys() ?? []) headers[key] = message.headers!.get(key);
    const record = DeadLetterV1.parse({
      consumer: this.durable,
      stream: message.info.stream,
      streamSequence: message.info.streamSequence,
      subject: message.subject,
      deliveries: message.info.deliveryCount,
      reason,
      error,
      failedAt: this.deps.clock.now().toISOString(),
      headers,
      body: message.string(),
    });
    try {
      await this.deps.bus.js.publish(this.deps.bus.wireSubject(deadLetterSubject(this.durable)), JSON.stringify(record), {
        msgID: `${this.durable}:${record.streamSequence}`,
      });
    } catch (publishError) {
      // Never drop a message we could not park: let the server deliver it again later.
      this.deps.log.error({ err: publishError, consumer: this.durable }, "could not dead-letter a message; it will be redelivered");
      message.nak(this.settings.backoffMs);
      return "retry";
    }
    this.deps.log.error({ consumer: this.durable, reason, error, streamSequence: record.streamSequence }, "message dead-lettered");
    message.term(reason);
    return "dead-lettered";
  }
}
