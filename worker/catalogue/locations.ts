/**
 * Storage locations (warehouse, shop, van). Exactly one is the company's default; locations are
 * archived, never deleted, and only once they hold no stock.
 */
import { and, asc, eq, isNull, ne, or, sql } from "drizzle-orm";
import { ulid } from "ulid";
import { AppError } from "../api/problem";
import { type BatchStatement, type Database, runBatch } from "../db/client";
import { locations, products, stockLevels } from "../db/schema";

export type Location = typeof locations.$inferSelect;

export async function listLocations(db: Database, companyId: string, includeArchived: boolean) {
	return db
		.select()
		.from(locations)
		.where(and(eq(locations.companyId, companyId), includeArchived ? undefined : isNull(locations.archivedAt)))
		.orderBy(asc(locations.name));
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
		db.insert(locations).values({ id, companyId, name: input.name, isDefault: makeDefault, createdAt: now }),
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
	await runBatch(db, statements);
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

	const statements: BatchStatement[] = [];
	if (patch.isDefault && !current.isDefault) statements.push(clearDefault(db, companyId));
	statements.push(
		db
			.update(locations)
			.set({
				name: patch.name ?? current.name,
				isDefault: patch.isDefault ?? current.isDefault,
				archivedAt:
					patch.archived === undefined
						? current.archivedAt
						: patch.archived
							? (current.archivedAt ?? Date.now())
							: null,
				version: current.version + 1,
			})
			.where(and(eq(locations.id, id), eq(locations.companyId, companyId), eq(locations.version, patch.version))),
	);
	await runBatch(db, statements);
	const updated = await getLocation(db, companyId, id);
	// Another writer got in between our read and our batch: report it, as the version check would.
	if (updated.version !== current.version + 1)
		throw new AppError("version_conflict", `Location ${id} was changed meanwhile; reload it and try again.`);
	return updated;
}

function clearDefault(db: Database, companyId: string) {
	return db
		.update(locations)
		.set({ isDefault: false, version: sql`${locations.version} + 1` })
		.where(and(eq(locations.companyId, companyId), eq(locations.isDefault, true)));
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
