ALTER TABLE `locations` ADD `sort_order` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `products` ADD `barcode` text;--> statement-breakpoint
CREATE UNIQUE INDEX `products_company_barcode` ON `products` (`company_id`,`barcode`) WHERE barcode is not null;--> statement-breakpoint
ALTER TABLE `company_settings` ADD `negative_stock_allowed` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `company_settings` ADD `home_currency` text;