-- The legal form and share capital French invoices print (Code de commerce R123-237), optional:
-- vendors that applied before, or did not give them, have none.
ALTER TABLE "vendor" ADD COLUMN "legal_form" TEXT;
ALTER TABLE "vendor" ADD COLUMN "share_capital" JSONB;
