-- CreateTable
CREATE TABLE "recipient" (
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "as_of" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "recipient_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "notification" (
    "id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "recipient_key" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "to_address" TEXT NOT NULL,
    "text_body" TEXT NOT NULL,
    "html_body" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "enqueued_at" TIMESTAMPTZ(3),
    "sent_at" TIMESTAMPTZ(3),
    "message_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "notification_recipient_key_created_at_idx" ON "notification"("recipient_key", "created_at");

-- CreateIndex
CREATE INDEX "notification_enqueued_at_created_at_idx" ON "notification"("enqueued_at", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "notification_event_id_recipient_key_template_key" ON "notification"("event_id", "recipient_key", "template");
