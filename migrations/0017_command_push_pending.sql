ALTER TABLE `command_keys` ADD `push_pending` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `command_keys_push_pending` ON `command_keys` (`created_at`) WHERE push_pending = 1;