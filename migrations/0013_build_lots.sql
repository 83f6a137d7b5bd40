CREATE TABLE `build_lots` (
	`build_id` text NOT NULL,
	`company_id` text NOT NULL,
	`product_id` text NOT NULL,
	`lot` text NOT NULL,
	`expiry` text,
	`quantity` integer NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`build_id`, `product_id`, `lot`),
	FOREIGN KEY (`build_id`) REFERENCES `builds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `build_lots_company_product_lot` ON `build_lots` (`company_id`,`product_id`,`lot`);