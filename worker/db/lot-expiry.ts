/**
 * Expiry as a level row sees it (docs/architecture.md#expired-stock): the on hand of the level's
 * expired lots and of its lots expiring soon, and the company's expiry settings, as SQL to select
 * beside a level. Each is a subquery correlated on the level's (product, location): the lot levels'
 * primary key starts with those, so a level without lots costs one empty index probe, and a page of
 * levels costs in proportion to the page, never to the company's history of lots.
 */
import { type SQL, sql } from "drizzle-orm";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";

/** A company without a settings row yet has the columns' defaults (worker/db/schema/companies.ts). */
export const EXPIRY_DEFAULTS = { expiredNotAvailable: true, expiringWithinDays: 30 } as const;

/** The level's product and location columns, which the subqueries are correlated on. */
export type LevelKeyColumns = { productId: AnySQLiteColumn; locationId: AnySQLiteColumn };

/** Whether the company counts expired stock out of available (1) or not (0): one constant subquery. */
export function expiredNotAvailableSql(companyId: string): SQL<number> {
	return sql<number>`coalesce((SELECT cs.expired_not_available FROM company_settings cs WHERE cs.company_id = ${companyId}), ${EXPIRY_DEFAULTS.expiredNotAvailable ? 1 : 0})`.mapWith(
		Number,
	);
}

/** The company's "expiring within N days". */
function expiringDaysSql(companyId: string): SQL {
	return sql`coalesce((SELECT cs.expiring_within_days FROM company_settings cs WHERE cs.company_id = ${companyId}), ${EXPIRY_DEFAULTS.expiringWithinDays})`;
}

/** The last expiry date (`YYYY-MM-DD`, UTC) the company calls "expiring", as of `today`. */
export function expiringUntilSql(companyId: string, today: string): SQL<string> {
	return sql<string>`date(${today}, '+' || ${expiringDaysSql(companyId)} || ' days')`;
}

/** Scaled on hand of the level's lots whose expiry is before `today` (`YYYY-MM-DD`, UTC). */
export function expiredOnHandSql(level: LevelKeyColumns, today: string): SQL<number> {
	return sql<number>`coalesce((SELECT sum(lx.on_hand) FROM stock_lot_levels lx
		WHERE lx.product_id = ${level.productId} AND lx.location_id = ${level.locationId}
			AND lx.expiry < ${today}), 0)`.mapWith(Number);
}

/** Scaled on hand of the level's lots expiring from `today` to the company's N days ahead. */
export function expiringOnHandSql(level: LevelKeyColumns, companyId: string, today: string): SQL<number> {
	return sql<number>`coalesce((SELECT sum(lx.on_hand) FROM stock_lot_levels lx
		WHERE lx.product_id = ${level.productId} AND lx.location_id = ${level.locationId}
			AND lx.expiry >= ${today} AND lx.expiry <= ${expiringUntilSql(companyId, today)}), 0)`.mapWith(Number);
}

/** The level's expiry columns, to spread into a select. */
export function levelExpiryColumns(level: LevelKeyColumns, companyId: string, today: string) {
	return {
		expired: expiredOnHandSql(level, today),
		expiring: expiringOnHandSql(level, companyId, today),
		expiredNotAvailable: expiredNotAvailableSql(companyId),
	};
}

/** `YYYY-MM-DD` of a time, as lots' expiries are written (UTC calendar dates). */
export function isoDay(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}
