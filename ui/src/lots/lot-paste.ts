/**
 * A list of lots (or serial numbers) pasted into a form's lot rows (ui/src/app/pages/lot-rows-field.ts): one
 * lot a line, `lot<TAB>quantity[<TAB>expiry]` as copied from a sheet, or with `;` or `,` between
 * them as written by hand or exported as CSV. Pure, so tested on Node; the form checks the values
 * as it checks typed ones (lot-rows.ts).
 */
import type { Locale } from "../i18n/locale";
import { parseQuantity } from "../i18n/numbers";
import { parseExpiry } from "./lot-expiry";

/** One pasted line: the texts as the rows hold them, the expiry as `YYYY-MM-DD` when it reads as a date. */
export type PastedLot = {
	lot: string;
	quantity: string;
	expiry: string;
	/** The line of the pasted text (1-based). */
	line: number;
};

/** A field without the quotes a CSV may put around it (`"A 1"`, `"say ""hi"""`). */
function unquote(field: string): string {
	const s = field.trim();
	return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1).replaceAll('""', '"').trim() : s;
}

/**
 * A line's lot, quantity and expiry. A tab separates when there is one (a sheet's copy), else `;`,
 * else `,` — and then a quantity written with a decimal comma (`A1,12,5`) stays whole: the lot is
 * the first field, the expiry the last when it reads as a date, the quantity what lies between.
 */
function splitLine(line: string, locale: Locale): [string, string, string] {
	const separator = line.includes("\t") ? "\t" : line.includes(";") ? ";" : ",";
	const fields = line.split(separator).map(unquote);
	const [lot = "", ...rest] = fields;
	if (separator !== ",") return [lot, rest[0] ?? "", rest[1] ?? ""];
	const last = rest.at(-1) ?? "";
	const hasExpiry = rest.length >= 2 && last !== "" && parseExpiry(last, locale) !== null;
	return hasExpiry ? [lot, rest.slice(0, -1).join(","), last] : [lot, rest.join(","), ""];
}

/**
 * The lots of a pasted text, blank lines left out. A first line whose quantity has no digit is a
 * header (`lot<TAB>quantity<TAB>expiry`) and is left out too. An expiry that reads as a date
 * becomes `YYYY-MM-DD`; any other text is kept as pasted, for the form to show as wrong.
 * @example parseLotList("A1\t6\t2027-03-31\nB2\t4", "en") // [{ lot: "A1", quantity: "6", expiry: "2027-03-31", line: 1 }, { lot: "B2", quantity: "4", expiry: "", line: 2 }]
 */
export function parseLotList(text: string, locale: Locale): PastedLot[] {
	const lots: PastedLot[] = [];
	const lines = text.replace(/\r\n?/g, "\n").split("\n");
	let first = true;
	lines.forEach((raw, index) => {
		if (raw.trim() === "") return;
		const [lot, quantity, expiry] = splitLine(raw, locale);
		const header = first && quantity !== "" && !/\d/.test(quantity) && parseQuantity(quantity, locale) === null;
		first = false;
		if (header) return;
		lots.push({ lot, quantity, expiry: parseExpiry(expiry, locale) ?? expiry, line: index + 1 });
	});
	return lots;
}

/**
 * True when a pasted text is a list of lots rather than a lot's name: more than one line, a tab, or
 * a single `lot,quantity` (or `;`) whose quantity is a number.
 */
export function isLotList(text: string, locale: Locale): boolean {
	const s = text.replace(/\r\n?/g, "\n").replace(/\n+$/, "");
	if (s.includes("\n") || s.includes("\t")) return parseLotList(s, locale).length > 0;
	if (!/[;,]/.test(s)) return false;
	const [only] = parseLotList(s, locale);
	return only !== undefined && only.lot !== "" && parseQuantity(only.quantity, locale) !== null;
}

/**
 * The serial numbers of a pasted text: one a line, or several on a line separated by commas,
 * semicolons or spaces (a quoted one may hold them: `"SN 9"`); from a sheet's copy (a tab on the
 * line) the first column only, the others being what the sheet says of the serial. Blank entries
 * are left out, duplicates kept (the form flags them, serial-rows.ts).
 * @example parseSerialList("SN-1, SN-2\nSN-3\tblue") // ["SN-1", "SN-2", "SN-3"]
 */
export function parseSerialList(text: string): string[] {
	return text
		.replace(/\r\n?/g, "\n")
		.split("\n")
		.flatMap((line) =>
			line.includes("\t") ? [line.split("\t")[0] ?? ""] : (line.match(/"(?:[^"]|"")*"|[^\s,;]+/g) ?? []),
		)
		.map(unquote)
		.filter((serial) => serial !== "");
}

/** True when a pasted text is more than one serial number (a single one is just typed in). */
export function isSerialList(text: string): boolean {
	return parseSerialList(text).length > 1;
}
