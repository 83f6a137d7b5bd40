/**
 * The drift checks asked of the company's sync object (worker/sync/qbo-drift.ts), kept in its
 * `drift_checks` table until its alarm has run them: a check cut short (QBO busy, the object
 * restarted) is run again from the start — it only reads, and writes its report whole.
 */
export class DriftCheckQueue {
	constructor(private readonly sql: SqlStorage) {
		sql.exec("CREATE TABLE IF NOT EXISTS drift_checks (report_id TEXT PRIMARY KEY, queued_at INTEGER NOT NULL)");
	}

	/** Queues a check; one already queued stays as it is. Synchronous: for a `transactionSync`. */
	add(reportId: string): void {
		this.sql.exec(
			"INSERT INTO drift_checks (report_id, queued_at) VALUES (?, ?) ON CONFLICT (report_id) DO NOTHING",
			reportId,
			Date.now(),
		);
	}

	/** The oldest check queued, if any. */
	next(): string | null {
		const [row] = this.sql
			.exec<{ report_id: string }>("SELECT report_id FROM drift_checks ORDER BY queued_at, report_id LIMIT 1")
			.toArray();
		return row?.report_id ?? null;
	}

	remove(reportId: string): void {
		this.sql.exec("DELETE FROM drift_checks WHERE report_id = ?", reportId);
	}

	count(): number {
		return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM drift_checks").one().n;
	}
}
