import { z } from "zod";
import { WakeableLoop, createDeliveryQueue, type BackgroundWorker, type DeliveryAttempt, type DeliveryJob, type DeliveryQueue, type Logger } from "@mkt/service-kit";
import type { NotificationDeps } from "../app/deps.js";
import { deliverWebhook, WebhookAttemptFailed } from "../app/deliver-webhook.js";
import type { Db } from "../db/client.js";

const PUBLISH_TIMEOUT_MS = 30_000;

/** What the delivery queue carries: a reference to the row. WIRE SHAPE. */
export interface WebhookJobPayload {
  deliveryId: string;
}
const webhookJob = z.object({ deliveryId: z.uuid() });

/** `webhooks`, prefixed with the bus namespace when there is one (tests): delivery.<name>[.retry.…|.dead]. */
export function webhookQueueName(config: { BUS_NAMESPACE: string }): string {
  return config.BUS_NAMESPACE ? `${config.BUS_NAMESPACE}.webhooks` : "webhooks";
}

/**
 * Hands pending webhook deliveries to the delivery queue (the webhook_delivery table is the
 * outbox toward RabbitMQ): claimed with FOR UPDATE SKIP LOCKED, published with a broker confirm,
 * marked enqueued in the same transaction. A crash in between publishes a job twice; the worker
 * skips a delivery already delivered.
 */
export class WebhookDispatcher {
  private readonly loop: WakeableLoop;

  constructor(
    private readonly client: Db,
    private readonly queue: () => DeliveryQueue,
    private readonly log: Logger,
    private readonly options: { batchSize: number; pollMs: number; publishTimeoutMs: number },
  ) {
    this.loop = new WakeableLoop(() => this.dispatchBatch(), {
      idleMs: options.pollMs,
      maxBackoffMs: 5_000,
      onError: (err) => this.log.warn({ err }, "could not hand webhook deliveries to the delivery queue; will retry"),
    });
  }

  start(): void {
    this.loop.start();
  }

  nudge(): void {
    this.loop.nudge();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  async dispatchBatch(): Promise<"more" | "idle"> {
    const { claimed, failures } = await this.client.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL enable_bitmapscan = off`);
        const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
          `SELECT id::text AS id FROM webhook_delivery
           WHERE enqueued_at IS NULL AND status = 'pending'
           ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          this.options.batchSize,
        );
        if (rows.length === 0) return { claimed: 0, failures: [] as unknown[] };
        const queue = this.queue();
        const results = await Promise.allSettled(rows.map((row) => queue.publish({ id: row.id, payload: { deliveryId: row.id } satisfies WebhookJobPayload })));
        const confirmed = rows.filter((_, i) => results[i]!.status === "fulfilled").map((row) => row.id);
        if (confirmed.length > 0) {
          await tx.$executeRawUnsafe(`UPDATE webhook_delivery SET enqueued_at = now() WHERE id = ANY($1::uuid[])`, confirmed);
        }
        return { claimed: rows.length, failures: results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : [])) };
      },
      { timeout: this.options.publishTimeoutMs + 10_000, maxWait: 5_000 },
    );
    if (failures.length > 0) {
      const reason = failures[0] instanceof Error ? failures[0].message : String(failures[0]);
      throw new Error(`${failures.length} of ${claimed} webhook deliveries were not handed to the delivery queue: ${reason}`);
    }
    return claimed >= this.options.batchSize ? "more" : "idle";
  }
}

/**
 * Webhooks out of the service, started and stopped with it: the dispatcher hands pending
 * deliveries to the `webhooks` delivery queue, and the worker POSTs each one, signed, retried on
 * WEBHOOK_RETRY_DELAYS_MS; after the last attempt the delivery is `failed`.
 */
export class WebhookDelivery implements BackgroundWorker {
  readonly name = "webhook-delivery";
  readonly dispatcher: WebhookDispatcher;
  private deliveryQueue: DeliveryQueue | undefined;

  constructor(private readonly deps: NotificationDeps) {
    const { config } = deps;
    this.dispatcher = new WebhookDispatcher(deps.db.client, () => this.queue, deps.log.child({ component: "webhook-dispatcher" }), {
      batchSize: config.OUTBOX_BATCH_SIZE,
      pollMs: config.OUTBOX_POLL_MS,
      publishTimeoutMs: PUBLISH_TIMEOUT_MS,
    });
  }

  get queue(): DeliveryQueue {
    if (!this.deliveryQueue) throw new Error("webhook delivery is not started");
    return this.deliveryQueue;
  }

  nudge(): void {
    this.dispatcher.nudge();
  }

  async start(): Promise<void> {
    const { config, log } = this.deps;
    const queue = await createDeliveryQueue({
      url: config.AMQP_URL,
      name: webhookQueueName(config),
      retryDelaysMs: config.WEBHOOK_RETRY_DELAYS_MS,
      log: log.child({ component: "webhook-delivery" }),
      publishTimeoutMs: PUBLISH_TIMEOUT_MS,
    });
    try {
      await queue.consume((job, attempt) => this.deliver(job, attempt), { prefetch: config.WEBHOOK_CONCURRENCY });
    } catch (error) {
      await queue.close();
      throw error;
    }
    this.deliveryQueue = queue;
    this.dispatcher.start();
  }

  async stop(): Promise<void> {
    await this.dispatcher.stop();
    await this.deliveryQueue?.close();
  }

  private async deliver(job: DeliveryJob, attempt: DeliveryAttempt): Promise<void> {
    const { deliveryId } = webhookJob.parse(job.payload);
    const log = this.deps.log.child({ component: "webhook-delivery", deliveryId, attempt: attempt.attempt });
    try {
      const outcome = await deliverWebhook({ client: this.deps.db.client, now: () => this.deps.clock.now(), timeoutMs: this.deps.config.WEBHOOK_TIMEOUT_MS }, deliveryId, attempt);
      if (outcome === "delivered") log.info("webhook delivered");
      else log.debug({ outcome }, "webhook job with nothing to send");
    } catch (error) {
      if (error instanceof WebhookAttemptFailed && attempt.isLast) log.error({ err: error }, "webhook could not be delivered on its last attempt; delivery failed");
      throw error;
    }
  }
}
