CREATE TABLE `qbo_drift_reports` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`trigger` text NOT NULL,
	`requested_by` text,
	`status` text NOT NULL,
	`phase` text NOT NULL,
	`checked` integer DEFAULT 0 NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`differing` integer DEFAULT 0 NOT NULL,
	`items` text NOT NULL,
	`notes` text,
	`repairs` text NOT NULL,
	`error` text,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `qbo_drift_reports_company_created` ON `qbo_drift_reports` (`company_id`,`created_at`,`id`);