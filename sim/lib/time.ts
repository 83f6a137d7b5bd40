/**
 * Intuit's timestamps are local to the company, with an offset and no milliseconds in MetaData
 * (`2020-09-29T05:58:07-07:00`), and with milliseconds in a response's `time`
 * (`2020-09-29T05:58:07.300-07:00`). Clients must parse the offset; the simulator keeps it so they do.
 */
function pad(n: number, width = 2): string {
	return String(Math.trunc(Math.abs(n))).padStart(width, "0");
}

function parts(ms: number, offsetMinutes: number) {
	const d = new Date(ms + offsetMinutes * 60_000);
	const sign = offsetMinutes < 0 ? "-" : "+";
	const offset = `${sign}${pad(Math.abs(offsetMinutes) / 60)}:${pad(Math.abs(offsetMinutes) % 60)}`;
	const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
	const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
	return { date, time, millis: pad(d.getUTCMilliseconds(), 3), offset };
}

/** MetaData style: seconds precision, company offset. */
export function formatDateTime(ms: number, offsetMinutes: number): string {
	const p = parts(ms, offsetMinutes);
	return `${p.date}T${p.time}${p.offset}`;
}

/** Response `time` style: milliseconds, company offset. */
export function formatTimestamp(ms: number, offsetMinutes: number): string {
	const p = parts(ms, offsetMinutes);
	return `${p.date}T${p.time}.${p.millis}${p.offset}`;
}

/** A TxnDate: the company's local calendar date. */
export function formatDate(ms: number, offsetMinutes: number): string {
	return parts(ms, offsetMinutes).date;
}

/** Adds whole days to a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
	const d = new Date(`${date}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

/** Milliseconds of an ISO date or date-time, or undefined when it is not one. */
export function parseInstant(text: string): number | undefined {
	if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
	const ms = Date.parse(text);
	return Number.isNaN(ms) ? undefined : ms;
}

export function isDate(text: string): boolean {
	return /^\d{4}-\d{2}-\d{2}$/.test(text) && parseInstant(text) !== undefined;
}
