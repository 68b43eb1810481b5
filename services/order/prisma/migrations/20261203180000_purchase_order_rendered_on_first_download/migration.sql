-- A purchase order's PDF is rendered on its first download (from the order's frozen facts) and
-- kept, instead of inside the transaction that creates the orders of a checkout: until then its
-- content is null. Invoices keep being rendered at delivery.

-- AlterTable
ALTER TABLE "order_document" ALTER COLUMN "content" DROP NOT NULL;
