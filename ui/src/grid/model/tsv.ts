/**
 * Tab-separated values as spreadsheet programs put them on the clipboard (Excel, Google Sheets,
 * LibreOffice): rows end with \r\n, \n or \r; cells are split by tabs; a cell that holds a tab, a
 * line break or a quote is wrapped in double quotes with inner quotes doubled. Excel ends the copy
 * with a line break, which is not an extra row.
 */

/**
 * Reads a clipboard range. A cell is read as quoted only when the closing quote ends the cell
 * (`5" screw` or a lone `"` stays literal, as Excel pastes it). Rows are not padded: a ragged
 * paste keeps its shape. Empty text is no range at all.
 *
 * @example parseTsv('a\t"b\nc"\r\n') // [["a", "b\nc"]]
 */
export function parseTsv(text: string): string[][] {
	if (text === "") return [];
	const rows: string[][] = [];
	let row: string[] = [];
	let i = 0;
	const n = text.length;
	for (;;) {
		// At the start of a cell.
		let cell: string | null = null;
		if (text[i] === '"') {
			const quoted = readQuoted(text, i);
			if (quoted) {
				cell = quoted.value;
				i = quoted.end;
			}
		}
		if (cell === null) {
			let j = i;
			while (j < n && text[j] !== "\t" && text[j] !== "\n" && text[j] !== "\r") j++;
			cell = text.slice(i, j);
			i = j;
		}
		row.push(cell);
		if (i >= n) {
			rows.push(row);
			break;
		}
		const sep = text[i];
		if (sep === "\t") {
			i++;
			continue;
		}
		// A line break: \r\n counts once.
		i += sep === "\r" && text[i + 1] === "\n" ? 2 : 1;
		rows.push(row);
		row = [];
		if (i >= n) break; // the one trailing line break is not a row
	}
	return rows;
}

/** A quoted cell from `start` (at its opening quote), if it closes right before a tab, a line break or the end. */
function readQuoted(text: string, start: number): { value: string; end: number } | null {
	let value = "";
	let i = start + 1;
	for (;;) {
		const close = text.indexOf('"', i);
		if (close < 0) return null;
		value += text.slice(i, close);
		if (text[close + 1] === '"') {
			value += '"';
			i = close + 2;
			continue;
		}
		const after = text[close + 1];
		if (after === undefined || after === "\t" || after === "\n" || after === "\r") return { value, end: close + 1 };
		return null;
	}
}

/**
 * Writes a range for the clipboard, rows joined by "\n" with no trailing line break (every
 * spreadsheet program reads that). A row of one empty cell is written as `""` so that it is not
 * lost as a blank line: `parseTsv(formatTsv(cells))` gives `cells` back for any non-empty range.
 */
export function formatTsv(cells: string[][]): string {
	return cells.map((row) => (row.length === 1 && row[0] === "" ? '""' : row.map(formatTsvCell).join("\t"))).join("\n");
}

function formatTsvCell(cell: string): string {
	return /[\t\n\r"]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}
