CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hash` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_company` ON `api_tokens` (`company_id`);--> statement-breakpoint
CREATE TABLE `command_keys` (
	`company_id` text NOT NULL,
	`key` text NOT NULL,
	`kind` text NOT NULL,
	`request_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`company_id`, `key`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `companies` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `locations` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`name` text NOT NULL,
	`is_default` integer DEFAULT false NOT NULL,
	`archived_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `locations_company_name` ON `locations` (`company_id`,`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `locations_one_default` ON `locations` (`company_id`) WHERE is_default = 1;--> statement-breakpoint
CREATE TABLE `products` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`sku` text NOT NULL,
	`name` text NOT NULL,
	`type` text DEFAULT 'inventory' NOT NULL,
	`qbo_id` text,
	`archived_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `products_company_sku` ON `products` (`company_id`,`sku`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `products_company_qbo` ON `products` (`company_id`,`qbo_id`);--> statement-breakpoint
CREATE TABLE `stock_levels` (
	`company_id` text NOT NULL,
	`product_id` text NOT NULL,
	`location_id` text NOT NULL,
	`on_hand` integer DEFAULT 0 NOT NULL,
	`reserved` integer DEFAULT 0 NOT NULL,
	`incoming` integer DEFAULT 0 NOT NULL,
	`last_seq` integer DEFAULT 0 NOT NULL,
	`reorder_point` integer,
	`reorder_qty` integer,
	`bin` text,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`product_id`, `location_id`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `stock_levels_company_location` ON `stock_levels` (`company_id`,`location_id`);--> statement-breakpoint
CREATE TABLE `stock_movements` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`product_id` text NOT NULL,
	`location_id` text NOT NULL,
	`seq` integer NOT NULL,
	`source` text NOT NULL,
	`kind` text NOT NULL,
	`reason` text,
	`on_hand_delta` integer NOT NULL,
	`reserved_delta` integer NOT NULL,
	`incoming_delta` integer NOT NULL,
	`on_hand_after` integer NOT NULL,
	`reserved_after` integer NOT NULL,
	`incoming_after` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stock_movements_product_seq` ON `stock_movements` (`product_id`,`seq`);--> statement-breakpoint
CREATE INDEX `stock_movements_company_at` ON `stock_movements` (`company_id`,`at`,`id`);--> statement-breakpoint
CREATE INDEX `stock_movements_product_at` ON `stock_movements` (`product_id`,`at`,`id`);--> statement-breakpoint
CREATE INDEX `stock_movements_company_source` ON `stock_movements` (`company_id`,`source`);