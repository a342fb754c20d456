CREATE TABLE `report_versions` (
	`number` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`model_json` text NOT NULL,
	`figures_json` text NOT NULL,
	`settings_json` text NOT NULL,
	`files` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `review_comments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`version` integer NOT NULL,
	`section_id` text NOT NULL,
	`paragraph` integer,
	`excerpt` text NOT NULL,
	`text` text NOT NULL,
	`by_name` text NOT NULL,
	`by_role` text NOT NULL,
	`at` text NOT NULL,
	`resolved_at` text,
	`resolved_by` text
);
--> statement-breakpoint
CREATE INDEX `review_comments_section` ON `review_comments` (`section_id`);--> statement-breakpoint
CREATE TABLE `review_transitions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`action` text NOT NULL,
	`from_state` text NOT NULL,
	`to_state` text NOT NULL,
	`version` integer,
	`note` text,
	`detail` text,
	`by_name` text NOT NULL,
	`by_role` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `signed_scans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`stored_name` text NOT NULL,
	`mime` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`bytes` blob NOT NULL,
	`at` text NOT NULL,
	`by_name` text NOT NULL
);
