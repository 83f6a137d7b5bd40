DROP INDEX `locations_company_name`;--> statement-breakpoint
CREATE UNIQUE INDEX `locations_company_name` ON `locations` (`company_id`,lower("name"));--> statement-breakpoint
ALTER TABLE `command_keys` ADD `response` text;