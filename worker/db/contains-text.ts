/** Text search in D1: `q` anywhere in a column, as the lists' `q` filters mean it. */
import { or, type SQL, sql } from "drizzle-orm";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";

/** Matches `q` anywhere in any of `columns`, with LIKE's wildcards (`%`, `_`, `\`) taken literally. */
export function containsText(q: string, ...columns: AnySQLiteColumn[]): SQL | undefined {
	const pattern = `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
	return or(...columns.map((column) => sql`${column} LIKE ${pattern} ESCAPE '\\'`));
}
