-- The buyer's billing address (optional: accounts created before it existed have none; VAT then
-- assumes France). All five columns are set together, or none: line2 alone may be null.
ALTER TABLE "buyer" ADD COLUMN "address_line1" TEXT,
ADD COLUMN "address_line2" TEXT,
ADD COLUMN "address_postal_code" TEXT,
ADD COLUMN "address_city" TEXT,
ADD COLUMN "address_country" TEXT;
