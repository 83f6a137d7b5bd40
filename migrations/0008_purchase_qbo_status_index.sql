CREATE INDEX `purchase_receipts_company_qbo_status` ON `purchase_receipts` (`company_id`,`qbo_status`);--> statement-breakpoint
CREATE INDEX `purchase_receipts_unanswered` ON `purchase_receipts` (`created_at`) WHERE response IS NULL;--> statement-breakpoint
CREATE INDEX `purchases_company_qbo_status` ON `purchases` (`company_id`,`qbo_status`);