/**
 * The purchase suggestions as an editable grid, as data: sections by vendor × location, each
 * row's quantity (the suggestion until edited) and whether it is excluded; what "Create draft
 * purchases" sends; what the rows kept would cost; where the arrow keys go. Pure, tested without a browser.
 */
import type { PurchaseSuggestions, SuggestionLine } from "../api/types";
import type { Locale } from "../i18n/locale";
import { parseQuantity } from "../i18n/numbers";
import { lineAmount, linesAmount } from "./line-amounts";

export type SuggestionRow = { key: string; vendorId: string | null; line: SuggestionLine };

export type SuggestionSection = {
	key: string;
	vendor: { id: string; name: string } | null;
	locationId: string;
	rows: SuggestionRow[];
};

/**
 * Sections in the server's vendor order (vendors by name, "no preferred vendor" last), then by
 * location in `locationOrder`; rows keep the server's SKU order.
 */
export function suggestionSections(
	suggestions: PurchaseSuggestions,
	locationOrder: string[] = [],
): SuggestionSection[] {
	const rank = (id: string) => {
		const i = locationOrder.indexOf(id);
		return i < 0 ? locationOrder.length : i;
	};
	const sections: SuggestionSection[] = [];
	for (const group of suggestions.groups) {
		const vendorId = group.vendor?.id ?? null;
		const byLocation = new Map<string, SuggestionSection>();
		for (const line of group.lines) {
			let section = byLocation.get(line.locationId);
			if (!section) {
				section = {
					key: `${vendorId ?? ""}|${line.locationId}`,
					vendor: group.vendor,
					locationId: line.locationId,
					rows: [],
				};
				byLocation.set(line.locationId, section);
			}
			section.rows.push({ key: `${section.key}|${line.productId}`, vendorId, line });
		}
		sections.push(...[...byLocation.values()].sort((a, b) => rank(a.locationId) - rank(b.locationId)));
	}
	return sections;
}

export type SuggestionEdits = {
	/** Typed quantities by row key; a row not here keeps its suggestion. */
	quantities: Map<string, string>;
	excluded: Set<string>;
};

export type ApplyPlan = {
	lines: { productId: string; locationId: string; quantity: number; vendorId?: string }[];
	/** Row key of each line sent, so that the server's `lines.3.quantity` lands on its row. */
	sentKeys: string[];
	errors: Map<string, "notNumber" | "notPositive">;
};

/** The body of POST /purchases/suggestions/apply for the rows kept, or the rows' errors. */
export function applyPlan(sections: SuggestionSection[], edits: SuggestionEdits, locale: Locale): ApplyPlan {
	const plan: ApplyPlan = { lines: [], sentKeys: [], errors: new Map() };
	for (const section of sections)
		for (const row of section.rows) {
			if (edits.excluded.has(row.key)) continue;
			const quantity = rowQuantity(row, edits, locale);
			if (quantity === null) plan.errors.set(row.key, "notNumber");
			else if (quantity <= 0) plan.errors.set(row.key, "notPositive");
			else {
				plan.lines.push({
					productId: row.line.productId,
					locationId: row.line.locationId,
					quantity,
					...(row.vendorId !== null ? { vendorId: row.vendorId } : {}),
				});
				plan.sentKeys.push(row.key);
			}
		}
	return plan;
}

/** A row's quantity: as typed, else the suggestion; null when what is typed is not a number. */
export function rowQuantity(row: SuggestionRow, edits: SuggestionEdits, locale: Locale): number | null {
	const typed = edits.quantities.get(row.key);
	return typed === undefined ? row.line.suggested : parseQuantity(typed, locale);
}

/**
 * What a row would cost: its quantity × the product's cost as imported; null when the product has
 * no cost (the page says so, rather than 0) or the quantity typed is not a number.
 */
export function rowEstimate(row: SuggestionRow, edits: SuggestionEdits, locale: Locale): number | null {
	const quantity = rowQuantity(row, edits, locale);
	return quantity === null ? null : lineAmount(quantity, row.line.purchaseCost);
}

/** The rows kept, summed: `amount` of the `costed` rows; `withoutCost` rows have no cost to add. */
export type Estimate = { amount: number; costed: number; withoutCost: number };

export type Estimates = { byVendor: { vendor: SuggestionSection["vendor"]; estimate: Estimate }[]; total: Estimate };

/**
 * The estimated cost of the rows kept, per vendor (in the sections' order, a vendor's locations
 * together) and overall, summed as purchase totals are (line-amounts.ts). A row whose quantity is
 * not a number is left out of both: it shows its error until fixed.
 */
export function estimates(sections: SuggestionSection[], edits: SuggestionEdits, locale: Locale): Estimates {
	type Sum = {
		vendor: SuggestionSection["vendor"];
		lines: { quantity: number; unitCost: number }[];
		withoutCost: number;
	};
	const sums = new Map<string | null, Sum>();
	for (const section of sections) {
		const id = section.vendor?.id ?? null;
		let sum = sums.get(id);
		if (!sum) {
			sum = { vendor: section.vendor, lines: [], withoutCost: 0 };
			sums.set(id, sum);
		}
		for (const row of section.rows) {
			if (edits.excluded.has(row.key)) continue;
			const quantity = rowQuantity(row, edits, locale);
			if (quantity === null) continue;
			if (row.line.purchaseCost === null) sum.withoutCost++;
			else sum.lines.push({ quantity, unitCost: row.line.purchaseCost });
		}
	}
	const estimate = (lines: Sum["lines"], withoutCost: number): Estimate => ({
		amount: linesAmount(lines),
		costed: lines.length,
		withoutCost,
	});
	const all = [...sums.values()];
	return {
		byVendor: all.map((s) => ({ vendor: s.vendor, estimate: estimate(s.lines, s.withoutCost) })),
		total: estimate(
			all.flatMap((s) => s.lines),
			all.reduce((n, s) => n + s.withoutCost, 0),
		),
	};
}

/**
 * Where a key moves the focus in the column of quantity inputs (index `at` of `count`), or null
 * when the key is not a move: ↑/↓ and Enter/Shift+Enter one row, PageUp/PageDown ten,
 * Ctrl+Home/Ctrl+End the first and last row.
 */
export function nextRow(
	at: number,
	count: number,
	key: { key: string; shiftKey?: boolean; ctrlKey?: boolean; metaKey?: boolean },
): number | null {
	const clamp = (i: number) => Math.max(0, Math.min(count - 1, i));
	switch (key.key) {
		case "ArrowDown":
			return clamp(at + 1);
		case "ArrowUp":
			return clamp(at - 1);
		case "Enter":
			return clamp(key.shiftKey ? at - 1 : at + 1);
		case "PageDown":
			return clamp(at + 10);
		case "PageUp":
			return clamp(at - 10);
		case "Home":
			return key.ctrlKey || key.metaKey ? 0 : null;
		case "End":
			return key.ctrlKey || key.metaKey ? count - 1 : null;
		default:
			return null;
	}
}
