/**
 * Comma-separated values (RFC 4180) for export and import. Export guards against spreadsheet
 * formula injection; import also reads the `;`-separated files that Excel writes in French (and
 * other comma-decimal) locales, and the UTF-8 byte order mark Excel puts in front.
 */

export type CsvSeparator = "," | ";" | "\t";

/** A text cell a spreadsheet would run as a formula (or that some programs treat as one). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain signed number ("-3", "+1.5", "-1,5") is data, not a formula: no guard, or it would stop being a number. */
const PLAIN_NUMBER = /^[+-]?\d+([.,]\d+)?$/;

/**
 * Rows as RFC 4180 CSV: CRLF line ends (also after the last row), cells quoted when they hold a
 * separator, quote or line break. A cell that would start a formula is prefixed with `'`.
 *
 * @example formatCsv([["sku", "bin"], ["A-1", "=HYPERLINK(…)"]]) // 'sku,bin\r\nA-1,\'=HYPERLINK(…)\r\n'
 */
export function formatCsv(rows: string[][], separator: CsvSeparator = ","): string {
	return rows.map((row) => `${row.map((cell) => formatCsvCell(cell, separator)).join(separator)}\r\n`).join("");
}

function formatCsvCell(cell: string, separator: CsvSeparator): string {
	const guarded = guardFormula(cell);
	return guarded.includes(separator) || /["\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** `'=1+2` for `=1+2`; numbers and ordinary text unchanged. */
export function guardFormula(cell: string): string {
	return FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell;
}

/** Undoes `guardFormula` on a cell read back from one of our exports: `'=1+2` → `=1+2`. */
export function stripFormulaGuard(cell: string): string {
	return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

/**
 * The separator of a file: the one of `,` `;` tab found most often outside quotes in its first
 * line (the header); `,` when there is none.
 */
export function detectCsvSeparator(text: string): CsvSeparator {
	const counts = { ",": 0, ";": 0, "\t": 0 };
	let quoted = false;
	for (const ch of stripBom(text)) {
		if (ch === '"') quoted = !quoted;
		else if (!quoted && (ch === "\n" || ch === "\r")) break;
		else if (!quoted && (ch === "," || ch === ";" || ch === "\t")) counts[ch]++;
	}
	let best: CsvSeparator = ",";
	for (const sep of [";", "\t"] as const) if (counts[sep] > counts[best]) best = sep;
	return best;
}

function stripBom(text: string): string {
	return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Reads CSV (RFC 4180, lenient): separator detected from the header line unless given; CRLF, LF or
 * CR line ends; quoted cells may hold separators, quotes (doubled) and line breaks; a BOM is
 * dropped; the final line break is not a row. Blank lines stay as `[""]`, so that row `i` is the
 * file's record `i + 1`, as a spreadsheet numbers it.
 */
export function parseCsv(text: string, separator: CsvSeparator = detectCsvSeparator(text)): string[][] {
	const src = stripBom(text);
	const rows: string[][] = [];
	if (src === "") return rows;
	let row: string[] = [];
	let cell = "";
	let quoted = false;
	let i = 0;
	const n = src.length;
	while (i < n) {
		const ch = src[i];
		if (quoted) {
			if (ch === '"') {
				if (src[i + 1] === '"') {
					cell += '"';
					i += 2;
					continue;
				}
				quoted = false;
			} else cell += ch;
			i++;
			continue;
		}
		if (ch === '"' && cell === "") {
			quoted = true;
			i++;
		} else if (ch === separator) {
			row.push(cell);
			cell = "";
			i++;
		} else if (ch === "\r" || ch === "\n") {
			row.push(cell);
			rows.push(row);
			row = [];
			cell = "";
			i += ch === "\r" && src[i + 1] === "\n" ? 2 : 1;
		} else {
			cell += ch;
			i++;
		}
	}
	// The last record, unless the text ended with its line break.
	if (cell !== "" || row.length > 0 || quoted || !/[\r\n]$/.test(src)) {
		row.push(cell);
		rows.push(row);
	}
	return rows;
}
