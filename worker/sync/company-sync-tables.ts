/**
 * The CompanySync object's SQLite tables (worker/sync/company-sync.ts), made on its first start and
 * brought up to date on every later one. `CREATE TABLE IF NOT EXISTS` leaves a table that exists as
 * it was, so a column added since is added here to the tables of objects made before it.
 */

/** Creates what is missing; safe to run on every start. */
export function createCompanySyncTables(sql: SqlStorage): void {
	// `seen_keys` outlives the inbox rows: it is what dedupes a retry after the event was processed.
	sql.exec(`
		CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
		CREATE TABLE IF NOT EXISTS seen_keys (key TEXT PRIMARY KEY, seen_at INTEGER NOT NULL) WITHOUT ROWID;
		CREATE INDEX IF NOT EXISTS seen_keys_at ON seen_keys (seen_at);
		CREATE TABLE IF NOT EXISTS inbox (
			seq INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE,
			entity TEXT NOT NULL, entity_id TEXT NOT NULL, operation TEXT NOT NULL,
			occurred_at TEXT NOT NULL, deleted_id TEXT,
			status TEXT NOT NULL DEFAULT 'pending', received_at INTEGER NOT NULL,
			attempts INTEGER NOT NULL DEFAULT 0);
		CREATE INDEX IF NOT EXISTS inbox_status_seq ON inbox (status, seq);
		CREATE TABLE IF NOT EXISTS opening_queue (
			product_id TEXT PRIMARY KEY, qbo_item_id TEXT NOT NULL, qty_on_hand INTEGER NOT NULL);
		CREATE TABLE IF NOT EXISTS pushes (
			key TEXT PRIMARY KEY, qbo_item_id TEXT NOT NULL, qty_diff INTEGER NOT NULL,
			created_at INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0);
	`);
	// When an event may be tried (epoch ms): its arrival, then after each failure its own backoff, so
	// that one failing entity waits alone. Rows queued before the column existed get 0: due at once.
	addColumnIfMissing(sql, "inbox", "next_attempt_at", "INTEGER NOT NULL DEFAULT 0");
	sql.exec("CREATE INDEX IF NOT EXISTS inbox_status_due ON inbox (status, next_attempt_at)");
	// A catch-up event's entity as CDC answered it (JSON), applied without reading it again; null: read it.
	addColumnIfMissing(sql, "inbox", "entity_json", "TEXT");
	// 1: the import created the item's product, so its opening may go straight to D1 (worker/stock/opening-seed.ts).
	addColumnIfMissing(sql, "opening_queue", "fresh", "INTEGER NOT NULL DEFAULT 0");
}

function addColumnIfMissing(sql: SqlStorage, table: string, column: string, definition: string): void {
	const columns = sql.exec<{ name: string }>(`PRAGMA table_info(${table})`).toArray();
	if (!columns.some((c) => c.name === column)) sql.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
}
