CREATE TABLE `check_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`finding_id` text NOT NULL,
	`check_code` text NOT NULL,
	`section_id` text,
	`message` text NOT NULL,
	`before` text,
	`after` text,
	`reason` text,
	`at` text NOT NULL,
	`by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `check_events_finding` ON `check_events` (`finding_id`);