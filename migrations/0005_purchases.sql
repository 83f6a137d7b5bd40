CREATE TABLE `purchase_lines` (
	`company_id` text NOT NULL,
	`purchase_id` text NOT NULL,
	`product_id` text NOT NULL,
	`ordered` integer NOT NULL,
	`received` integer DEFAULT 0 NOT NULL,
	`unit_cost` integer,
	`position` integer NOT NULL,
	PRIMARY KEY(`purchase_id`, `product_id`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`purchase_id`) REFERENCES `purchases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `purchase_receipt_lines` (
	`company_id` text NOT NULL,
	`receipt_id` text NOT NULL,
	`product_id` text NOT NULL,
	`quantity` integer NOT NULL,
	PRIMARY KEY(`receipt_id`, `product_id`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`receipt_id`) REFERENCES `purchase_receipts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `purchase_receipts` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`purchase_id` text NOT NULL,
	`seq` integer NOT NULL,
	`number` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`request_hash` text NOT NULL,
	`response` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`purchase_id`) REFERENCES `purchases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `purchase_receipts_company_key` ON `purchase_receipts` (`company_id`,`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `purchase_receipts_company_seq` ON `purchase_receipts` (`company_id`,`seq`);--> statement-breakpoint
CREATE INDEX `purchase_receipts_purchase` ON `purchase_receipts` (`purchase_id`);--> statement-breakpoint
CREATE TABLE `purchases` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`vendor_id` text,
	`location_id` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`seq` integer NOT NULL,
	`number` text NOT NULL,
	`expected_date` text,
	`note` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`vendor_id`) REFERENCES `vendors`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `purchases_company_seq` ON `purchases` (`company_id`,`seq`);--> statement-breakpoint
CREATE INDEX `purchases_company_status` ON `purchases` (`company_id`,`status`,`seq`);--> statement-breakpoint
CREATE INDEX `purchases_company_vendor` ON `purchases` (`company_id`,`vendor_id`,`seq`);