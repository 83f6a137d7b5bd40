CREATE TABLE `stock_lot_levels` (
	`company_id` text NOT NULL,
	`product_id` text NOT NULL,
	`location_id` text NOT NULL,
	`lot` text NOT NULL,
	`expiry` text,
	`on_hand` integer DEFAULT 0 NOT NULL,
	`last_seq` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`product_id`, `location_id`, `lot`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `stock_lot_levels_company_lot` ON `stock_lot_levels` (`company_id`,`lot`);--> statement-breakpoint
CREATE INDEX `stock_lot_levels_company_expiry` ON `stock_lot_levels` (`company_id`,`expiry`);--> statement-breakpoint
CREATE TABLE `stock_lot_movements` (
	`movement_id` text NOT NULL,
	`company_id` text NOT NULL,
	`product_id` text NOT NULL,
	`location_id` text NOT NULL,
	`lot` text NOT NULL,
	`source` text NOT NULL,
	`delta` integer NOT NULL,
	`after` integer NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`movement_id`, `lot`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `stock_lot_movements_company_lot` ON `stock_lot_movements` (`company_id`,`lot`,`at`);--> statement-breakpoint
CREATE INDEX `stock_lot_movements_product_lot` ON `stock_lot_movements` (`product_id`,`lot`,`at`);--> statement-breakpoint
ALTER TABLE `products` ADD `tracking` text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE `products` ADD `expiry_required` integer DEFAULT false NOT NULL;