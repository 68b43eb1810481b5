-- The vendor identity invoices print (registration and VAT numbers, registered address), carried
-- by vendor.approved since the checkout work; null for vendors approved before.
ALTER TABLE "vendor" ADD COLUMN "registration_number" TEXT;
ALTER TABLE "vendor" ADD COLUMN "vat_number" TEXT;
ALTER TABLE "vendor" ADD COLUMN "registered_address" JSONB;
