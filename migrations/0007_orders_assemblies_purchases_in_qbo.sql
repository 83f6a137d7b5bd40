CREATE TABLE `assemblies` (
	`product_id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `assembly_components` (
	`company_id` text NOT NULL,
	`assembly_product_id` text NOT NULL,
	`component_product_id` text NOT NULL,
	`quantity` integer NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`assembly_product_id`, `component_product_id`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assembly_product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`component_product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `assembly_components_component` ON `assembly_components` (`company_id`,`component_product_id`);--> statement-breakpoint
CREATE TABLE `builds` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`seq` integer NOT NULL,
	`number` text NOT NULL,
	`kind` text NOT NULL,
	`product_id` text NOT NULL,
	`location_id` text NOT NULL,
	`quantity` integer NOT NULL,
	`override` integer DEFAULT false NOT NULL,
	`components` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`idempotency_key` text NOT NULL,
	`request_hash` text NOT NULL,
	`response` text,
	`created_at` integer NOT NULL,
	`completed_at` integer,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `builds_company_key` ON `builds` (`company_id`,`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `builds_company_seq` ON `builds` (`company_id`,`seq`);--> statement-breakpoint
CREATE INDEX `builds_company_product` ON `builds` (`company_id`,`product_id`,`seq`);--> statement-breakpoint
CREATE INDEX `builds_status_created` ON `builds` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `delivery_note_lines` (
	`note_id` text NOT NULL,
	`product_id` text NOT NULL,
	`company_id` text NOT NULL,
	`quantity` integer NOT NULL,
	PRIMARY KEY(`note_id`, `product_id`),
	FOREIGN KEY (`note_id`) REFERENCES `delivery_notes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `delivery_notes` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`order_id` text NOT NULL,
	`seq` integer NOT NULL,
	`number` text NOT NULL,
	`location_id` text NOT NULL,
	`note` text,
	`status` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`idempotency_key` text NOT NULL,
	`request_hash` text NOT NULL,
	`response` text,
	`created_at` integer NOT NULL,
	`cancelled_at` integer,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `delivery_notes_company_key` ON `delivery_notes` (`company_id`,`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `delivery_notes_company_seq` ON `delivery_notes` (`company_id`,`seq`);--> statement-breakpoint
CREATE INDEX `delivery_notes_order` ON `delivery_notes` (`order_id`);--> statement-breakpoint
CREATE TABLE `order_revisions` (
	`order_id` text NOT NULL,
	`version` integer NOT NULL,
	`company_id` text NOT NULL,
	`cause` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`order_id`, `version`),
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `orders` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`origin_type` text NOT NULL,
	`origin_qbo_id` text NOT NULL,
	`estimate_qbo_id` text,
	`sales_type` text,
	`sales_qbo_id` text,
	`doc_number` text,
	`customer_name` text,
	`ship_to` text,
	`txn_date` text,
	`location_id` text NOT NULL,
	`mode` text NOT NULL,
	`status` text NOT NULL,
	`lines` text NOT NULL,
	`documents` text NOT NULL,
	`flags` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`applied_version` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_company_origin` ON `orders` (`company_id`,`origin_type`,`origin_qbo_id`);--> statement-breakpoint
CREATE INDEX `orders_company_estimate` ON `orders` (`company_id`,`estimate_qbo_id`);--> statement-breakpoint
CREATE INDEX `orders_company_sales` ON `orders` (`company_id`,`sales_qbo_id`);--> statement-breakpoint
CREATE INDEX `orders_company_created` ON `orders` (`company_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `orders_company_status` ON `orders` (`company_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `orders_unapplied` ON `orders` (`updated_at`) WHERE applied_version < version;--> statement-breakpoint
ALTER TABLE `company_settings` ADD `purchases_to_qbo` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `purchase_receipts` ADD `qbo_bill_id` text;--> statement-breakpoint
ALTER TABLE `purchase_receipts` ADD `qbo_status` text;--> statement-breakpoint
ALTER TABLE `purchase_receipts` ADD `qbo_error` text;--> statement-breakpoint
CREATE INDEX `purchase_receipts_company_bill` ON `purchase_receipts` (`company_id`,`qbo_bill_id`);--> statement-breakpoint
ALTER TABLE `purchases` ADD `qbo_purchase_order_id` text;--> statement-breakpoint
ALTER TABLE `purchases` ADD `qbo_status` text;--> statement-breakpoint
ALTER TABLE `purchases` ADD `qbo_error` text;