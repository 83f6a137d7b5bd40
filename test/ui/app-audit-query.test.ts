import { describe, expect, it } from "vitest";
import { type AuditFilters, auditQuery } from "../../ui/src/app/audit-query";

const none: AuditFilters = { actorKind: "", action: "", from: "", to: "" };
/** Local midnight of a day, in whatever time zone the tests run: the page's days are the browser's. */
const midnight = (year: number, month: number, day: number) => new Date(year, month - 1, day).toISOString();

describe("the audit page's filters", () => {
	it("asks for everything when nothing is filled in", () => {
		expect(auditQuery(none)).toEqual({ ok: true, query: {} });
	});

	it("sends the actor kind and the action, lower-cased and trimmed, a prefix kept as typed", () => {
		expect(auditQuery({ ...none, actorKind: "api_token", action: "  Stock. " })).toEqual({
			ok: true,
			query: { actorKind: "api_token", action: "stock." },
		});
		expect(auditQuery({ ...none, action: "purchase.qbo_retried" })).toEqual({
			ok: true,
			query: { action: "purchase.qbo_retried" },
		});
	});

	it("refuses an action the API would refuse, before sending", () => {
		expect(auditQuery({ ...none, action: "stock adjusted" })).toEqual({
			ok: false,
			errors: { action: "actionFormat" },
		});
		expect(auditQuery({ ...none, action: "x".repeat(61) })).toEqual({ ok: false, errors: { action: "actionFormat" } });
	});

	it("covers whole days in the browser's time zone: from the start of the first to the end of the last", () => {
		// Across the end of March, when much of the world changes its clocks: still midnight to midnight.
		expect(auditQuery({ ...none, from: "2026-03-28", to: "2026-03-29" })).toEqual({
			ok: true,
			query: { from: midnight(2026, 3, 28), to: midnight(2026, 3, 30) },
		});
	});

	it("takes one day alone, one end alone, and the end of a month", () => {
		expect(auditQuery({ ...none, from: "2026-11-03", to: "2026-11-03" })).toEqual({
			ok: true,
			query: { from: midnight(2026, 11, 3), to: midnight(2026, 11, 4) },
		});
		expect(auditQuery({ ...none, to: "2026-12-31" })).toEqual({ ok: true, query: { to: midnight(2027, 1, 1) } });
	});

	it("says so when the end comes before the start, or a day does not exist", () => {
		expect(auditQuery({ ...none, from: "2026-11-05", to: "2026-11-04" })).toEqual({
			ok: false,
			errors: { to: "dateOrder" },
		});
		expect(auditQuery({ ...none, from: "2026-02-31" })).toEqual({ ok: false, errors: { from: "dateFormat" } });
		expect(auditQuery({ ...none, to: "soon" })).toEqual({ ok: false, errors: { to: "dateFormat" } });
	});
});
