/** Printing the benchmarks' figures: numbers, durations and plain-text tables. */

export const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "—");

export const ms = (n) => (Number.isFinite(n) ? (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(1)} ms`) : "—");

/** Columns padded to their widest cell; the first left-aligned, the others right-aligned. */
export function table(headers, rows) {
	const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
	const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i])));
	return [
		line(headers).join("  "),
		widths.map((w) => "-".repeat(w)).join("  "),
		...rows.map((r) => line(r).join("  ")),
	].join("\n");
}

/** The table of measured runs, one `[label, figures]` a row, as every benchmark prints it. */
export function runsTable(runs) {
	return table(
		["run", "req/s", "p50", "p90", "p99", "max", "errors"],
		runs.map(([what, r]) => [
			what,
			fmt(r.perSecond, 0),
			ms(r.p50),
			ms(r.p90),
			ms(r.p99),
			ms(r.max),
			r.failures + r.warmupFailures,
		]),
	);
}

/** "Pick ÷ baseline: p50 1.11×, p99 1.49×, throughput 0.88×." */
export function ratioLine(what, run, baseline) {
	return (
		`${what} ÷ baseline: p50 ${fmt(run.p50 / baseline.p50, 2)}×, p99 ${fmt(run.p99 / baseline.p99, 2)}×, ` +
		`throughput ${fmt(run.perSecond / baseline.perSecond, 2)}×.`
	);
}
