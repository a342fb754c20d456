-- Custom migration (drizzle-kit generate --custom; drizzle's schema cannot say WITHOUT ROWID): `figures` rebuilt
-- as a table keyed by its primary key itself. A rowid table with a composite key writes every figure twice (the
-- table and the key's index); without the rowid it is written once, and a unit's figures are read straight
-- from the key. Same columns, same rows, same key and foreign key: the year's dump and its seal are unchanged.
CREATE TABLE `__new_figures` (
	`unit_id` integer NOT NULL,
	`code` text NOT NULL,
	`year` integer NOT NULL,
	`value` text NOT NULL,
	`source` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	PRIMARY KEY(`unit_id`, `code`, `year`),
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_figures` (`unit_id`, `code`, `year`, `value`, `source`, `updated_at`, `updated_by`)
	SELECT `unit_id`, `code`, `year`, `value`, `source`, `updated_at`, `updated_by` FROM `figures`;
--> statement-breakpoint
DROP TABLE `figures`;
--> statement-breakpoint
ALTER TABLE `__new_figures` RENAME TO `figures`;
