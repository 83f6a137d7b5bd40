ALTER TABLE `orders` ADD `qbo_pushed` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `qbo_push_pending` text;