CREATE TABLE `import_files` (
	`import_id` integer PRIMARY KEY NOT NULL,
	`bytes` blob NOT NULL,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` integer NOT NULL,
	`file_name` text NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`layout` text NOT NULL,
	`summary` text NOT NULL,
	`warning_count` integer NOT NULL,
	`imported_at` text NOT NULL,
	`imported_by` text NOT NULL,
	`superseded_by` integer,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `imports_unit` ON `imports` (`unit_id`);--> statement-breakpoint
CREATE INDEX `imports_sha` ON `imports` (`sha256`);--> statement-breakpoint
CREATE TABLE `layout_mappings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` integer NOT NULL,
	`fingerprint` text NOT NULL,
	`mapping` text NOT NULL,
	`confirmed_at` text NOT NULL,
	`confirmed_by` text NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `layout_mappings_unit_fp` ON `layout_mappings` (`unit_id`,`fingerprint`);--> statement-breakpoint
CREATE TABLE `unit_notes` (
	`unit_id` integer NOT NULL,
	`section_id` text NOT NULL,
	`text` text NOT NULL,
	`source` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	PRIMARY KEY(`unit_id`, `section_id`),
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `list_rows_unit` ON `list_rows` (`unit_id`);