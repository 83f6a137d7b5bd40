import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

/** The drizzle handle over D1. D1 has no interactive transactions: write in `db.batch([...])`. */
export function database(d1: D1Database) {
	return drizzle(d1, { schema });
}

export type Database = ReturnType<typeof database>;

/** One statement of a `db.batch`; write helpers return these rather than running them. */
export type BatchStatement = Parameters<Database["batch"]>[0][number];

/** Runs statements as one D1 batch (one implicit transaction); an empty list runs nothing. */
export async function runBatch(db: Database, statements: BatchStatement[]): Promise<void> {
	const [first, ...rest] = statements;
	if (first) await db.batch([first, ...rest]);
}
