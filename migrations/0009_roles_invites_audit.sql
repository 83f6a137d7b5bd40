CREATE TABLE `audit_events` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`at` integer NOT NULL,
	`actor_kind` text NOT NULL,
	`actor_id` text,
	`actor_label` text NOT NULL,
	`action` text NOT NULL,
	`target` text NOT NULL,
	`subject` text,
	`detail` text,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_company_at` ON `audit_events` (`company_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_company_subject` ON `audit_events` (`company_id`,`subject`);--> statement-breakpoint
CREATE TABLE `embed_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`label` text NOT NULL,
	`role` text NOT NULL,
	`scopes` text NOT NULL,
	`origins` text NOT NULL,
	`location_ids` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `embed_tokens_company` ON `embed_tokens` (`company_id`,`expires_at`);--> statement-breakpoint
CREATE TABLE `invites` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`email` text NOT NULL,
	`role` text NOT NULL,
	`location_ids` text,
	`token_hash` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`accepted_at` integer,
	`accepted_by` text,
	`revoked_at` integer,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invites_hash` ON `invites` (`token_hash`);--> statement-breakpoint
CREATE INDEX `invites_company` ON `invites` (`company_id`);--> statement-breakpoint
ALTER TABLE `api_tokens` ADD `location_ids` text;--> statement-breakpoint
ALTER TABLE `users` ADD `location_ids` text;--> statement-breakpoint
-- Members and member tokens could do everything but owner settings: the nearest role is manager.
UPDATE `users` SET `role` = 'manager' WHERE `role` = 'member';--> statement-breakpoint
UPDATE `api_tokens` SET `role` = 'manager' WHERE `role` = 'member';
