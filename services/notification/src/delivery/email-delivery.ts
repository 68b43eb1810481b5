import { z } from "zod";
import { type BackgroundWorker } from "@mkt/service-kit";
import { createDeliveryQueue, type DeliveryAttempt, type DeliveryJob, type DeliveryQueue } from "./queue.js";
import type { NotificationDeps } from "../app/deps.js";
import { NotificationBusyError, sendNotifications } from "../app/send-notification.js";
import { redeliveryDue } from "../domain/redelivery.js";
import { DeliveryDispatcher, type EmailJobPayload } from "./dispatcher.js";
import { dropFolderMailer, smtpMailer, type Mailer } from "./mailer.js";

const PUBLISH_TIMEOUT_MS = 30_000;
/** How long a worker waits for a notification another transaction holds (the dispatcher's, briefly). */
const LOCK_TIMEOUT_MS = 10_000;

/**
 * How many emails one job carries: sent side by side in one transaction (one commit, not one
 * each), so a checkout's emails cost a few transactions.
 */
const EMAILS_PER_JOB = 10;

const emailJob = z.union([
  z.object({ notificationIds: z.array(z.uuid()).min(1).max(EMAILS_PER_JOB) }),
  // Jobs published before a job carried several emails.
  z.object({ notificationId: z.uuid() }).transform(({ notificationId }) => ({ notificationIds: [notificationId] })),
]);

/**
 * The delivery queue's name: `email`, prefixed with the bus namespace when there is one, so that
 * test runs (each with its own namespace) never share queues. Queues: delivery.<name>[.retry.…|.dead].
 */
export function emailQueueName(config: { BUS_NAMESPACE: string }): string {
  return config.BUS_NAMESPACE ? `${config.BUS_NAMESPACE}.email` : "email";
}

/**
 * The way out of the service, started and stopped with it: the dispatcher hands queued
 * notifications to the RabbitMQ delivery queue, and the worker consuming that queue sends each
 * email (SMTP, or an .eml file when SMTP_URL is unset), retried on the queue's growing delays.
 */
export class EmailDelivery implements BackgroundWorker {
  readonly name = "email-delivery";
  readonly mailer: Mailer;
  readonly dispatcher: DeliveryDispatcher;
  private deliveryQueue: DeliveryQueue | undefined;

  constructor(private readonly deps: NotificationDeps) {
    const { config } = deps;
    this.mailer = config.SMTP_URL
      ? smtpMailer({ url: config.SMTP_URL, timeoutMs: config.SMTP_TIMEOUT_MS })
      : dropFolderMailer({ dir: config.MAIL_DROP_DIR });
    const source = {
      table: "notification",
      readyStatus: "queued",
      payload: (notificationIds: string[]) => ({ notificationIds }) satisfies EmailJobPayload,
      rowsPerJob: EMAILS_PER_JOB,
      label: "notifications",
    } as const;
    this.dispatcher = new DeliveryDispatcher(
      deps.db.client,
      () => this.queue,
      source,
      deps.log.child({ component: "notification-dispatcher" }),
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
    if (!this.deliveryQueue) throw new Error("email delivery is not started");
    return this.deliveryQueue;
  }

  /** Wakes the dispatcher (after a commit that queued notifications). */
  nudge(): void {
    this.dispatcher.nudge();
  }

  async start(): Promise<void> {
    const { config, log } = this.deps;
    if (config.SMTP_URL) {
      log.info({ smtp: this.mailer.destination }, `emails are sent through ${this.mailer.destination}`);
    } else {
      const message = `no SMTP_URL: emails are kept as .eml files in ${config.MAIL_DROP_DIR}`;
      if (config.NODE_ENV === "production") log.warn({ mailDropDir: config.MAIL_DROP_DIR }, message);
      else log.info({ mailDropDir: config.MAIL_DROP_DIR }, message);
    }
    const queue = await createDeliveryQueue({
      url: config.AMQP_URL,
      name: emailQueueName(config),
      retryDelaysMs: config.MAIL_RETRY_DELAYS_MS,
      log: log.child({ component: "email-delivery" }),
      publishTimeoutMs: PUBLISH_TIMEOUT_MS,
    });
    try {
      await queue.consume((job, attempt) => this.deliver(job, attempt), { prefetch: config.MAIL_CONCURRENCY });
    } catch (error) {
      await queue.close();
      throw error;
    }
    this.deliveryQueue = queue;
    this.dispatcher.start();
  }

  /** Readiness: throws, naming RabbitMQ, unless the delivery queue's connection and channels are up. */
  async check(): Promise<void> {
    if (!this.deliveryQueue) throw new Error("RabbitMQ: the email delivery queue is not started");
    await this.deliveryQueue.check();
  }

  async stop(): Promise<void> {
    await this.dispatcher.stop();
    await this.deliveryQueue?.close();
    this.mailer.close();
  }

  private async deliver(job: DeliveryJob, attempt: DeliveryAttempt): Promise<void> {
    const { notificationIds } = emailJob.parse(job.payload);
    const log = this.deps.log.child({ notificationIds, attempt: attempt.attempt });
    try {
      const outcomes = await sendNotifications(
        {
          client: this.deps.db.client,
          mailer: this.mailer,
          from: this.deps.config.MAIL_FROM,
          now: () => this.deps.clock.now(),
          timeoutMs: this.deps.config.SMTP_TIMEOUT_MS * 3 + 5_000,
          lockTimeoutMs: LOCK_TIMEOUT_MS,
          redeliverAfterFailure: (failed) =>
            redeliveryDue(
              this.deps.clock.now(),
              {
                redeliverAfterMs: this.deps.config.DELIVERY_REDELIVER_AFTER_MS,
                retryDelaysMs: this.deps.config.MAIL_RETRY_DELAYS_MS,
              },
              failed.attempt,
            ),
        },
        notificationIds,
        attempt,
      );
      for (const [notificationId, outcome] of outcomes) {
        if (outcome === "sent") log.info({ notificationId }, "email sent");
        else if (outcome === "unknown")
          log.warn({ notificationId }, "job for a notification this database does not hold; dropped");
        else log.debug({ notificationId, outcome }, "duplicate job; nothing sent");
      }
    } catch (error) {
      if (error instanceof NotificationBusyError)
        log.warn("notification held by another transaction too long; retried later");
      else if (attempt.isLast)
        log.error({ err: error }, "an email could not be sent on its last attempt; its notification failed");
      throw error;
    }
  }
}
