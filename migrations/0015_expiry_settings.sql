ALTER TABLE `company_settings` ADD `expired_not_available` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `company_settings` ADD `expiring_within_days` integer DEFAULT 30 NOT NULL;