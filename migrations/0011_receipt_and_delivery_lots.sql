CREATE TABLE `purchase_receipt_lots` (
	`company_id` text NOT NULL,
	`receipt_id` text NOT NULL,
	`product_id` text NOT NULL,
	`lot` text NOT NULL,
	`expiry` text,
	`quantity` integer NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`receipt_id`, `product_id`, `lot`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`receipt_id`) REFERENCES `purchase_receipts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `delivery_note_lots` (
	`note_id` text NOT NULL,
	`product_id` text NOT NULL,
	`company_id` text NOT NULL,
	`lot` text NOT NULL,
	`quantity` integer NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`note_id`, `product_id`, `lot`),
	FOREIGN KEY (`note_id`) REFERENCES `delivery_notes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `stock_lot_movements_company_source` ON `stock_lot_movements` (`company_id`,`source`);