import { z } from "zod";
import { type BackgroundWorker } from "@mkt/service-kit";
import { createDeliveryQueue, type DeliveryAttempt, type DeliveryJob, type DeliveryQueue } from "./queue.js";
import type { NotificationDeps } from "../app/deps.js";
import { deliverWebhook, WebhookAttemptFailed } from "../app/deliver-webhook.js";
import { redeliveryDue } from "../domain/redelivery.js";
import { DeliveryDispatcher } from "./dispatcher.js";

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
 * Webhooks out of the service, started and stopped with it: the dispatcher hands pending
 * deliveries to the `webhooks` delivery queue, and the worker POSTs each one, signed, retried on
 * WEBHOOK_RETRY_DELAYS_MS; after the last attempt the delivery is `failed`.
 */
export class WebhookDelivery implements BackgroundWorker {
  readonly name = "webhook-delivery";
  readonly dispatcher: DeliveryDispatcher;
  private deliveryQueue: DeliveryQueue | undefined;

  constructor(private readonly deps: NotificationDeps) {
    const { config } = deps;
    const source = {
      table: "webhook_delivery",
      readyStatus: "pending",
      payload: ([deliveryId]: string[]) => ({ deliveryId: deliveryId! }) satisfies WebhookJobPayload,
      rowsPerJob: 1,
      label: "webhook deliveries",
    } as const;
    this.dispatcher = new DeliveryDispatcher(
      deps.db.client,
      () => this.queue,
      source,
      deps.log.child({ component: "webhook-dispatcher" }),
      deps.clock,
      {
        batchSize: config.OUTBOX_BATCH_SIZE,
        pollMs: config.OUTBOX_POLL_MS,
        publishTimeoutMs: PUBLISH_TIMEOUT_MS,
        redeliverAfterMs: config.DELIVERY_REDELIVER_AFTER_MS,
      },
    );
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

  /** Readiness: throws, naming RabbitMQ, unless the delivery queue's connection and channels are up. */
  async check(): Promise<void> {
    if (!this.deliveryQueue) throw new Error("RabbitMQ: the webhook delivery queue is not started");
    await this.deliveryQueue.check();
  }

  async stop(): Promise<void> {
    await this.dispatcher.stop();
    await this.deliveryQueue?.close();
  }

  private async deliver(job: DeliveryJob, attempt: DeliveryAttempt): Promise<void> {
    const { deliveryId } = webhookJob.parse(job.payload);
    const log = this.deps.log.child({ component: "webhook-delivery", deliveryId, attempt: attempt.attempt });
    try {
      const outcome = await deliverWebhook(
        {
          client: this.deps.db.client,
          now: () => this.deps.clock.now(),
          timeoutMs: this.deps.config.WEBHOOK_TIMEOUT_MS,
          redeliverAfterFailure: (failed) =>
            redeliveryDue(
              this.deps.clock.now(),
              {
                redeliverAfterMs: this.deps.config.DELIVERY_REDELIVER_AFTER_MS,
                retryDelaysMs: this.deps.config.WEBHOOK_RETRY_DELAYS_MS,
              },
              failed.attempt,
            ),
        },
        deliveryId,
        attempt,
      );
      if (outcome === "delivered") log.info("webhook delivered");
      else log.debug({ outcome }, "webhook job with nothing to send");
    } catch (error) {
      if (error instanceof WebhookAttemptFailed && attempt.isLast)
        log.error({ err: error }, "webhook could not be delivered on its last attempt; delivery failed");
      throw error;
    }
  }
}
