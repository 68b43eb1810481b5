-- Orders the buyer withdrew from: an order.accepted consumed after its order.withdrawn starts nothing.
CREATE TABLE "withdrawn_order" (
    "order_id" UUID NOT NULL,
    "withdrawn_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "withdrawn_order_pkey" PRIMARY KEY ("order_id")
);
