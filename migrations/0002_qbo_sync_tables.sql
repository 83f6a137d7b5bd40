CREATE TABLE `company_settings` (
	`company_id` text PRIMARY KEY NOT NULL,
	`order_mode` text DEFAULT 'ship_on_invoice' NOT NULL,
	`estimates_create_orders` integer DEFAULT false NOT NULL,
	`stock_sync_to_qbo` integer DEFAULT false NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `dead_letters` (
	`id` text PRIMARY KEY NOT NULL,
	`received_at` integer NOT NULL,
	`content_type` text,
	`body` text NOT NULL,
	`reason` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dead_letters_received` ON `dead_letters` (`received_at`);--> statement-breakpoint
CREATE TABLE `kit_components` (
	`company_id` text NOT NULL,
	`kit_product_id` text NOT NULL,
	`component_product_id` text NOT NULL,
	`quantity` integer NOT NULL,
	PRIMARY KEY(`kit_product_id`, `component_product_id`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`kit_product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`component_product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `qbo_connections` (
	`company_id` text PRIMARY KEY NOT NULL,
	`realm_id` text NOT NULL,
	`status` text NOT NULL,
	`access_token_enc` text,
	`refresh_token_enc` text,
	`access_expires_at` integer,
	`refresh_expires_at` integer,
	`connected_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `qbo_connections_realm` ON `qbo_connections` (`realm_id`);--> statement-breakpoint
CREATE TABLE `qbo_documents` (
	`company_id` text NOT NULL,
	`entity_type` text NOT NULL,
	`qbo_id` text NOT NULL,
	`sync_token` integer NOT NULL,
	`status` text NOT NULL,
	`doc_number` text,
	`location_id` text,
	`lines` text NOT NULL,
	`linked` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`company_id`, `entity_type`, `qbo_id`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sync_log` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`source` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`operation` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`error` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sync_log_company_at` ON `sync_log` (`company_id`,`at`,`id`);--> statement-breakpoint
CREATE TABLE `vendors` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`qbo_id` text,
	`name` text NOT NULL,
	`email` text,
	`phone` text,
	`address` text,
	`qbo_sync_token` integer,
	`archived_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `vendors_company_qbo` ON `vendors` (`company_id`,`qbo_id`);--> statement-breakpoint
CREATE INDEX `vendors_company_name` ON `vendors` (`company_id`,`name`);--> statement-breakpoint
ALTER TABLE `locations` ADD `qbo_department_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `locations_company_department` ON `locations` (`company_id`,`qbo_department_id`);--> statement-breakpoint
ALTER TABLE `products` ADD `description` text;--> statement-breakpoint
ALTER TABLE `products` ADD `purchase_cost` integer;--> statement-breakpoint
ALTER TABLE `products` ADD `qbo_sync_token` integer;