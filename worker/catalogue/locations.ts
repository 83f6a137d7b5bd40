/**
 * Storage locations (warehouse, shop, van). Exactly one is the company's default; locations are
 * archived, never deleted, and only once they hold no stock.
 */
import { and, asc, desc, eq, inArray, isNull, ne, or, sql } from "drizzle-orm";
import { ulid } from "ulid";
import { AppError } from "../core/app-error";
import { decodeCursor, pageOf } from "../core/cursor";
import { type BatchStatement, type Database, runBatch } from "../db/client";
import { locations, products, stockLevels } from "../db/schema";

export type Location = typeof locations.$inferSelect;

/**
 * The order every list of locations comes in: the default first, then the order the user set
 * (`setLocationOrder`), then by name.
 */
const shownOrder = [desc(locations.isDefault), asc(locations.sortOrder), asc(locations.name), asc(locations.id)];

export async function listLocations(db: Database, companyId: string, includeArchived: boolean) {
	return db
		.select()
		.from(locations)
		.where(and(eq(locations.companyId, companyId), includeArchived ? undefined : isNull(locations.archivedAt)))
		.orderBy(...shownOrder);
}

/** A page of locations in the order they are shown (default first, then the user's order, then name); archived ones only when asked. */
export async function listLocationsPage(
	db: Database,
	companyId: string,
	query: { includeArchived: boolean; limit: number; cursor?: string; ids?: string[] },
) {
	const after = query.cursor
		? decodeCursor(query.cursor, ["number", "number", "string", "string"] as const)
		: undefined;
	const rows = await db
		.select()
		.from(locations)
		.where(
			and(
				eq(locations.companyId, companyId),
				query.includeArchived ? undefined : isNull(locations.archivedAt),
				query.ids ? inArray(locations.id, query.ids) : undefined,
				after
					? sql`(1 - ${locations.isDefault}, ${locations.sortOrder}, ${locations.name}, ${locations.id}) > (${after[0]}, ${after[1]}, ${after[2]}, ${after[3]})`
					: undefined,
			),
		)
		.orderBy(...shownOrder)
		.limit(query.limit + 1);
	return pageOf(rows, query.limit, (l) => [l.isDefault ? 0 : 1, l.sortOrder, l.name, l.id]);
}

/**
 * Sets the order of the company's active locations: `locationIds` must name each of them once
 * (a list made before a location was added or archived is refused, 400 on `locationIds`). The
 * whole order is written in one batch, so two people reordering at once leave one of their
 * orders, never a mix of both. The default stays first whatever its place in the list.
 */
export async function setLocationOrder(db: Database, companyId: string, locationIds: string[]) {
	const active = await listLocations(db, companyId, false);
	const named = new Set(locationIds);
	const same =
		named.size === locationIds.length && named.size === active.length && active.every((l) => named.has(l.id));
	if (!same)
		throw new AppError("validation_failed", "Some fields are invalid; see `errors`.", [
			{
				in: "body",
				field: "locationIds",
				message: "must list every active location of the company once, and no other",
			},
		]);
	const statements: BatchStatement[] = locationIds.map((id, i) =>
		db
			.update(locations)
			.set({ sortOrder: i + 1 })
			.where(and(eq(locations.id, id), eq(locations.companyId, companyId))),
	);
	await runBatch(db, statements);
	return listLocations(db, companyId, false);
}

/** The location, or 404 — for an id of another company too, so ids cannot be probed. */
export async function getLocation(db: Database, companyId: string, id: string): Promise<Location> {
	const row = await db.query.locations.findFirst({
		where: and(eq(locations.id, id), eq(locations.companyId, companyId)),
	});
	if (!row) throw new AppError("not_found", `No location ${id}.`);
	return row;
}

/** A location that can take stock: exists for this company and is not archived. */
export async function requireActiveLocation(db: Database, companyId: string, id: string): Promise<Location> {
	const row = await getLocation(db, companyId, id);
	if (row.archivedAt !== null) throw new AppError("conflict", `Location ${id} is archived.`);
	return row;
}

export async function getDefaultLocation(db: Database, companyId: string): Promise<Location | undefined> {
	return db.query.locations.findFirst({
		where: and(eq(locations.companyId, companyId), eq(locations.isDefault, true)),
	});
}

/** Creates a location with a level row for every product; the company's first is its default. */
export async function createLocation(
	db: Database,
	companyId: string,
	input: { name: string; isDefault?: boolean },
): Promise<Location> {
	await assertNameFree(db, companyId, input.name);
	const makeDefault = input.isDefault === true || !(await getDefaultLocation(db, companyId));
	const id = ulid();
	const now = Date.now();
	const statements: BatchStatement[] = [];
	if (makeDefault) statements.push(clearDefault(db, companyId));
	statements.push(
		db.insert(locations).values({
			id,
			companyId,
			name: input.name,
			isDefault: makeDefault,
			// A new location comes after those already ordered.
			sortOrder: sql`(SELECT coalesce(max(sort_order), 0) + 1 FROM locations WHERE company_id = ${companyId})`,
			createdAt: now,
		}),
		db.insert(stockLevels).select(
			db
				.select({
					companyId: products.companyId,
					productId: products.id,
					locationId: sql<string>`${id}`.as("location_id"),
					onHand: sql<number>`0`.as("on_hand"),
					reserved: sql<number>`0`.as("reserved"),
					incoming: sql<number>`0`.as("incoming"),
					lastSeq: sql<number>`0`.as("last_seq"),
					reorderPoint: sql<null>`NULL`.as("reorder_point"),
					reorderQty: sql<null>`NULL`.as("reorder_qty"),
					bin: sql<null>`NULL`.as("bin"),
					version: sql<number>`1`.as("version"),
					updatedAt: sql<number>`${now}`.as("updated_at"),
				})
				.from(products)
				.where(eq(products.companyId, companyId)),
		),
	);
	await nameGuarded(input.name, runBatch(db, statements));
	return getLocation(db, companyId, id);
}

export type LocationPatch = { name?: string; isDefault?: true; archived?: boolean; version: number };

/** Renames, makes default, archives or restores a location, if `version` is still current. */
export async function updateLocation(db: Database, companyId: string, id: string, patch: LocationPatch) {
	const current = await getLocation(db, companyId, id);
	if (current.version !== patch.version)
		throw new AppError(
			"version_conflict",
			`Location ${id} is at version ${current.version}, not ${patch.version}; reload it and try again.`,
		);
	const archiving = patch.archived === true && current.archivedAt === null;
	if (patch.name !== undefined && patch.name !== current.name) await assertNameFree(db, companyId, patch.name, id);
	if (archiving) {
		if (current.isDefault || patch.isDefault)
			throw new AppError(
				"conflict",
				"The default location cannot be archived; make another location the default first.",
			);
		await assertEmpty(db, companyId, id);
	}
	if (patch.isDefault && (patch.archived === true || (current.archivedAt !== null && patch.archived !== false)))
		throw new AppError("conflict", "An archived location cannot be the default.");

	const update = db
		.update(locations)
		.set({
			name: patch.name ?? current.name,
			isDefault: patch.isDefault ?? current.isDefault,
			archivedAt:
				patch.archived === undefined ? current.archivedAt : patch.archived ? (current.archivedAt ?? Date.now()) : null,
			version: current.version + 1,
		})
		.where(and(eq(locations.id, id), eq(locations.companyId, companyId), eq(locations.version, patch.version)))
		.returning({ id: locations.id });
	// Taking the default is guarded by the same version as the update: if another writer got in
	// between our read and our batch, neither statement applies (otherwise the old default would be
	// cleared and the update refused, leaving the company with no default at all).
	const applied = await nameGuarded(
		patch.name ?? current.name,
		patch.isDefault && !current.isDefault
			? db.batch([clearDefault(db, companyId, { id, version: patch.version }), update]).then(([, u]) => u)
			: update,
	);
	if (applied.length === 0)
		throw new AppError("version_conflict", `Location ${id} was changed meanwhile; reload it and try again.`);
	return getLocation(db, companyId, id);
}

/** Clears the company's default; with `ifCurrent`, only while that location is still at that version. */
function clearDefault(db: Database, companyId: string, ifCurrent?: { id: string; version: number }) {
	return db
		.update(locations)
		.set({ isDefault: false, version: sql`${locations.version} + 1` })
		.where(
			and(
				eq(locations.companyId, companyId),
				eq(locations.isDefault, true),
				ifCurrent
					? sql`EXISTS (SELECT 1 FROM locations AS target WHERE target.id = ${ifCurrent.id} AND target.company_id = ${companyId} AND target.version = ${ifCurrent.version})`
					: undefined,
			),
		);
}

/** SQLite's words when `locations_company_name` refuses a row (on columns, or on an expression). */
const NAME_TAKEN = /UNIQUE constraint failed: (locations\.company_id, locations\.name|index 'locations_company_name')/;

/**
 * Runs a write that may take `name`: if another request took it between `assertNameFree` and the
 * write, the database's unique index refuses it, and that is the same 409, not a 500.
 */
async function nameGuarded<T>(name: string, write: PromiseLike<T>): Promise<T> {
	try {
		return await write;
	} catch (error) {
		for (let e: unknown = error; e instanceof Error; e = e.cause)
			if (NAME_TAKEN.test(e.message)) throw new AppError("conflict", `A location named "${name}" already exists.`);
		throw error;
	}
}

async function assertNameFree(db: Database, companyId: string, name: string, exceptId?: string) {
	const taken = await db.query.locations.findFirst({
		where: and(
			eq(locations.companyId, companyId),
			sql`lower(${locations.name}) = lower(${name})`,
			exceptId ? ne(locations.id, exceptId) : undefined,
		),
	});
	if (taken) throw new AppError("conflict", `A location named "${name}" already exists.`);
}

async function assertEmpty(db: Database, companyId: string, locationId: string) {
	const holding = await db.query.stockLevels.findFirst({
		where: and(
			eq(stockLevels.companyId, companyId),
			eq(stockLevels.locationId, locationId),
			or(ne(stockLevels.onHand, 0), ne(stockLevels.reserved, 0), ne(stockLevels.incoming, 0)),
		),
	});
	if (holding)
		throw new AppError(
			"conflict",
			"This location still holds, reserves or expects stock; transfer or adjust it to zero before archiving.",
		);
}
