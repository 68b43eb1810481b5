-- @mkt/bench: the consumer's effect table (see prisma/schema/main.prisma).

-- CreateTable
CREATE TABLE "bench_receipt" (
    "event_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "producer" INTEGER NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bench_receipt_pkey" PRIMARY KEY ("event_id")
);
