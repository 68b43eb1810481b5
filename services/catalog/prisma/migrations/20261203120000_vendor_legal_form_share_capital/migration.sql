-- The legal form and share capital French invoices print, carried by vendor.approved (optional).
ALTER TABLE "vendor" ADD COLUMN "legal_form" TEXT;
ALTER TABLE "vendor" ADD COLUMN "share_capital" JSONB;
