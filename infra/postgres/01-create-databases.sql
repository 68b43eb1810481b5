-- Runs once, when the postgres container initialises an empty data volume
-- (/docker-entrypoint-initdb.d). One database per service that owns one
-- (scripts/lib/services.cjs, `database: true`, named marketplace_<name with _>).
-- The services' migrator also creates a missing database; creating them here up front means
-- replicas started together (`--scale order=3`) never race on CREATE DATABASE.
-- infra/test/compose.test.ts checks this list against services.cjs.
CREATE DATABASE marketplace_catalog;
CREATE DATABASE marketplace_cart;
CREATE DATABASE marketplace_payment;
CREATE DATABASE marketplace_order;
CREATE DATABASE marketplace_subscription;
CREATE DATABASE marketplace_vendor_kyc;
CREATE DATABASE marketplace_payout;
CREATE DATABASE marketplace_notification;
CREATE DATABASE marketplace_storefront_gateway;
CREATE DATABASE marketplace_vendor_api;
CREATE DATABASE marketplace_backoffice_api;
