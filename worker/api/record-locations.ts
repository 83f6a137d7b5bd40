/** The location of a record reached by `{id}`, for the access check of a caller limited to some locations. */
import { and, eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { builds, deliveryNotes, locations, orders, purchases } from "../db/schema";
import type { RecordKind } from "./access-rules";

/** The record's location id; null when the company has no such record (the route then answers 404). */
export async function recordLocation(
	db: Database,
	companyId: string,
	kind: RecordKind,
	id: string,
): Promise<string | null> {
	const table = { location: locations, order: orders, delivery: deliveryNotes, purchase: purchases, build: builds }[
		kind
	];
	const column = kind === "location" ? locations.id : (table as typeof orders).locationId;
	const [row] = await db
		.select({ locationId: column })
		.from(table)
		.where(and(eq(table.companyId, companyId), eq(table.id, id)))
		.limit(1);
	return row?.locationId ?? null;
}
