ALTER TABLE `stock_lot_levels` ADD `batch` text;--> statement-breakpoint
CREATE INDEX `stock_lot_levels_company_batch` ON `stock_lot_levels` (`company_id`,`batch`);