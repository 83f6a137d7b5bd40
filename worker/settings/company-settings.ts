/**
 * Company settings (docs/architecture.md#company-settings): order mode, estimates creating orders,
 * default location, stock sync to QBO, purchases to QBO, expiry (docs/architecture.md#expired-stock). One row per company, created with the
 * defaults on first read; the default location is the location marked default, so it has one source
 * of truth.
 */
import { and, eq, sql } from "drizzle-orm";
import { getDefaultLocation, requireActiveLocation, updateLocation } from "../catalogue/locations";
import { AppError } from "../core/app-error";
import type { Database } from "../db/client";
import { companySettings } from "../db/schema";

export type OrderMode = "ship_on_invoice" | "reserve_until_delivery";

export type Settings = {
	orderMode: OrderMode;
	estimatesCreateOrders: boolean;
	defaultLocationId: string | null;
	stockSyncToQbo: boolean;
	/** False when the connected QBO company has no inventory quantities to sync (its edition or settings). */
	stockSyncAvailable: boolean;
	/** Why stock sync is unavailable, for the user; null when it is available. */
	stockSyncNote: string | null;
	/** Ordering a purchase creates its PurchaseOrder in QBO, and each receipt a Bill (when connected). */
	purchasesToQbo: boolean;
	/** Stock in expired lots is not available (it stays on hand until it is written off). */
	expiredNotAvailable: boolean;
	/** Lots "expiring" are those whose expiry is from today to this many days ahead. */
	expiringWithinDays: number;
	/** A person may take available stock below zero when they confirm it; when false, never. */
	negativeStockAllowed: boolean;
	/** The QuickBooks company's home currency (ISO 4217) amounts are in; null until QuickBooks told it. */
	homeCurrency: string | null;
	version: number;
};

/** The bounds of `expiringWithinDays`: up to ten years ahead. */
export const EXPIRING_WITHIN_DAYS_MAX = 3650;

export type SettingsPatch = Partial<
	Omit<Settings, "version" | "defaultLocationId" | "stockSyncAvailable" | "stockSyncNote" | "homeCurrency">
> & {
	defaultLocationId?: string;
	/** When given, the change applies only if the settings are still at this version. */
	version?: number;
};

export async function getSettings(db: Database, companyId: string): Promise<Settings> {
	await db.insert(companySettings).values({ companyId }).onConflictDoNothing();
	const row = await db.query.companySettings.findFirst({ where: eq(companySettings.companyId, companyId) });
	if (!row) throw new Error(`settings of ${companyId} missing right after their insert`);
	const defaultLocation = await getDefaultLocation(db, companyId);
	return {
		orderMode: row.orderMode,
		estimatesCreateOrders: row.estimatesCreateOrders,
		defaultLocationId: defaultLocation?.id ?? null,
		stockSyncToQbo: row.stockSyncToQbo,
		stockSyncAvailable: row.qboTracksInventory !== false,
		stockSyncNote: row.qboTracksInventory === false ? NO_INVENTORY_NOTE : null,
		purchasesToQbo: row.purchasesToQbo,
		expiredNotAvailable: row.expiredNotAvailable,
		expiringWithinDays: row.expiringWithinDays,
		negativeStockAllowed: row.negativeStockAllowed,
		homeCurrency: row.homeCurrency,
		version: row.version,
	};
}

const NO_INVENTORY_NOTE =
	"Your QuickBooks company does not track inventory quantities (that takes QuickBooks Online Plus or Advanced, with quantity on hand tracking on), so there is no quantity to keep in step.";

/**
 * What the connected QBO company allows, as read at import: without inventory, stock sync is off.
 * Its home currency, when QuickBooks said it, is what every amount is shown in.
 */
export async function recordQboFeatures(
	db: Database,
	companyId: string,
	features: { tracksInventory: boolean; homeCurrency?: string | null },
) {
	await getSettings(db, companyId);
	await db
		.update(companySettings)
		.set({
			qboTracksInventory: features.tracksInventory,
			...(features.homeCurrency ? { homeCurrency: features.homeCurrency } : {}),
			...(features.tracksInventory ? {} : { stockSyncToQbo: false }),
		})
		.where(eq(companySettings.companyId, companyId));
}

/** Applies any subset of the settings; each change bumps the version. */
export async function updateSettings(db: Database, companyId: string, patch: SettingsPatch): Promise<Settings> {
	const current = await getSettings(db, companyId);
	if (patch.version !== undefined && patch.version !== current.version)
		throw new AppError(
			"version_conflict",
			`The settings are at version ${current.version}, not ${patch.version}; reload them and try again.`,
		);
	if (patch.stockSyncToQbo === true && !current.stockSyncAvailable)
		throw new AppError("conflict", current.stockSyncNote ?? "Stock sync to QuickBooks is not available.", [
			{ in: "body", field: "stockSyncToQbo", message: "not available for this QuickBooks company" },
		]);
	if (patch.defaultLocationId !== undefined && patch.defaultLocationId !== current.defaultLocationId) {
		const location = await requireActiveLocation(db, companyId, patch.defaultLocationId);
		await updateLocation(db, companyId, location.id, { isDefault: true, version: location.version });
	}
	const updated = await db
		.update(companySettings)
		.set({
			orderMode: patch.orderMode ?? current.orderMode,
			estimatesCreateOrders: patch.estimatesCreateOrders ?? current.estimatesCreateOrders,
			stockSyncToQbo: patch.stockSyncToQbo ?? current.stockSyncToQbo,
			purchasesToQbo: patch.purchasesToQbo ?? current.purchasesToQbo,
			expiredNotAvailable: patch.expiredNotAvailable ?? current.expiredNotAvailable,
			expiringWithinDays: patch.expiringWithinDays ?? current.expiringWithinDays,
			negativeStockAllowed: patch.negativeStockAllowed ?? current.negativeStockAllowed,
			version: sql`${companySettings.version} + 1`,
			updatedAt: Date.now(),
		})
		.where(and(eq(companySettings.companyId, companyId), eq(companySettings.version, current.version)))
		.returning({ version: companySettings.version });
	if (updated.length === 0)
		throw new AppError("version_conflict", "The settings were changed meanwhile; reload them and try again.");
	return getSettings(db, companyId);
}
