/**
 * Newest-first keyset paging, the one way lists page here: ordered by a row key of one or more
 * columns (a sequence number, or a time and an id to break ties), continued after the cursor's row by
 * a row-value comparison `(a, b) < (x, y)`, which SQLite (D1) evaluates as a tuple and serves from an
 * index on those columns. `pageOf` (./cursor.ts) then cuts the page and makes the next cursor.
 */
import { type AnyColumn, desc, type SQL, sql } from "drizzle-orm";
import { decodeCursor } from "./cursor";

type KeyKind = "string" | "number";

export function newestFirst<const K extends readonly KeyKind[]>(
	cursor: string | undefined,
	columns: { readonly [I in keyof K]: AnyColumn },
	kinds: K,
): { after: SQL | undefined; orderBy: SQL[] } {
	const keyColumns = columns as readonly AnyColumn[];
	const orderBy = keyColumns.map((column) => desc(column));
	if (!cursor) return { after: undefined, orderBy };
	const values = decodeCursor(cursor, kinds) as readonly (string | number)[];
	const after = sql`(${sql.join([...keyColumns], sql`, `)}) < (${sql.join(
		values.map((value) => sql`${value}`),
		sql`, `,
	)})`;
	return { after, orderBy };
}
