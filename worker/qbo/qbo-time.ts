/**
 * QBO's timestamps come in several shapes: `2016-10-05T03:09:04.000Z`, `2015-10-05T14:42:19-0700`
 * (offset without a colon, which `Date.parse` does not promise to read) and CloudEvents `time` with
 * nanoseconds (`2025-10-07T19:59:07.034359333Z`). Read here once, explicitly.
 */

const QBO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Epoch milliseconds of a QBO timestamp, or null when it is not one. Fractions beyond milliseconds
 * are truncated; a time without an offset is taken as UTC.
 *
 * @example parseQboTime("2015-10-05T14:42:19-0700") // Date.UTC(2015, 9, 5, 21, 42, 19)
 */
export function parseQboTime(text: string): number | null {
	const match = QBO_TIME.exec(text.trim());
	if (!match) return null;
	const [, year, month, day, hour, minute, second, fraction = "", offset = "Z"] = match;
	const fields = [year, month, day, hour, minute, second].map(Number);
	const [y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0] = fields;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
	const millis = Number(fraction.slice(0, 3).padEnd(3, "0"));
	const utc = Date.UTC(y, mo - 1, d, h, mi, s, millis);
	// Date.UTC rolls 31 February over into March: refuse dates that do not exist.
	if (new Date(utc).getUTCDate() !== d) return null;
	return utc - offsetMinutes(offset) * 60_000;
}

function offsetMinutes(offset: string): number {
	if (offset.toUpperCase() === "Z") return 0;
	const digits = offset.slice(1).replace(":", "");
	const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
	return offset.startsWith("-") ? -minutes : minutes;
}

/** A QBO timestamp as ISO-8601 UTC with milliseconds, or null when it is not one. */
export function toIsoUtc(text: string): string | null {
	const ms = parseQboTime(text);
	return ms === null ? null : new Date(ms).toISOString();
}
