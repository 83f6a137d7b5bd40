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
