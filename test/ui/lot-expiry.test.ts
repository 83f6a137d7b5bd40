import { describe, expect, it } from "vitest";
import { daysBetween, expiryStatus, isDay, parseExpiry, utcDay } from "../../ui/src/lots/lot-expiry";

describe("lots' expiry dates", () => {
	it("dates today as the API does, by the UTC calendar", () => {
		expect(utcDay(Date.UTC(2027, 0, 31, 23, 59))).toBe("2027-01-31");
		expect(utcDay(Date.UTC(2027, 1, 1, 0, 0))).toBe("2027-02-01");
	});

	it("knows real days and counts the days between them", () => {
		expect(isDay("2028-02-29")).toBe(true);
		expect(isDay("2027-02-29")).toBe(false);
		expect(isDay("2027-1-5")).toBe(false);
		expect(daysBetween("2027-12-30", "2028-01-02")).toBe(3);
		expect(daysBetween("2027-03-10", "2027-03-01")).toBe(-9);
		// Across a change of summer time, still whole days.
		expect(daysBetween("2027-03-01", "2027-04-01")).toBe(31);
	});

	it("says expired from the day after the expiry, soon from today to 30 days ahead, none without expiry", () => {
		const today = "2027-01-01";
		expect(expiryStatus({ expiry: null }, today)).toEqual({ kind: "none" });
		expect(expiryStatus({ expiry: "2026-12-31" }, today)).toEqual({ kind: "expired", days: -1 });
		expect(expiryStatus({ expiry: "2027-01-01" }, today)).toEqual({ kind: "soon", days: 0 });
		expect(expiryStatus({ expiry: "2027-01-31" }, today)).toEqual({ kind: "soon", days: 30 });
		expect(expiryStatus({ expiry: "2027-02-01" }, today)).toEqual({ kind: "ok", days: 31 });
		expect(expiryStatus({ expiry: "2027-01-08" }, today, 5)).toEqual({ kind: "ok", days: 7 });
	});

	it("takes the API's word that a lot is expired", () => {
		expect(expiryStatus({ expiry: "2027-01-01", expired: true }, "2027-01-01")).toEqual({ kind: "expired", days: 0 });
	});

	it("reads ISO dates, and the day as each language writes it", () => {
		expect(parseExpiry(" 2027-03-31 ", "en")).toBe("2027-03-31");
		expect(parseExpiry("2027/3/5", "fr")).toBe("2027-03-05");
		expect(parseExpiry("31/03/2027", "fr")).toBe("2027-03-31");
		expect(parseExpiry("31.03.2027", "fr")).toBe("2027-03-31");
		expect(parseExpiry("3/31/2027", "en")).toBe("2027-03-31");
		expect(parseExpiry("", "en")).toBe("");
	});

	it("refuses what is no day", () => {
		expect(parseExpiry("31/03/2027", "en")).toBeNull();
		expect(parseExpiry("2027-02-30", "en")).toBeNull();
		expect(parseExpiry("next week", "fr")).toBeNull();
		expect(parseExpiry("20270331", "en")).toBeNull();
	});
});
