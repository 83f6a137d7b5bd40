/**
 * The Receive form of a purchase, as data: one quantity per line, prefilled with what is still
 * open; 0 (or empty) skips the line. Pure, so that what is sent and which line an error belongs
 * to can be tested without a browser.
 */
import type { PurchaseLine } from "../api/types";
import type { Locale } from "../i18n/locale";
import { formatQuantity, parseQuantity } from "../i18n/numbers";

export type ReceiptLineError = "notNumber" | "negative";

export type ReceiptPlan = {
	/** What to send: the lines with a quantity above zero, in the purchase's order. */
	lines: { productId: string; quantity: number }[];
	/** Errors by product id. */
	errors: Map<string, ReceiptLineError>;
};

/** What the form shows first: each line's open quantity ("0" for a line fully received). */
export function receiptDefaults(lines: PurchaseLine[], locale: Locale): Map<string, string> {
	return new Map(lines.map((l) => [l.productId, formatQuantity(l.open, locale)]));
}

/**
 * The receipt the form's values ask for. Blank or 0 skips a line; more than open is allowed
 * (an over-delivery is accepted as is).
 * @example receiptPlan([{ productId: "a", text: "2,5" }], "fr") // { lines: [{ productId: "a", quantity: 2.5 }], errors }
 */
export function receiptPlan(entries: { productId: string; text: string }[], locale: Locale): ReceiptPlan {
	const lines: ReceiptPlan["lines"] = [];
	const errors = new Map<string, ReceiptLineError>();
	for (const { productId, text } of entries) {
		if (text.trim() === "") continue;
		const quantity = parseQuantity(text, locale);
		if (quantity === null) errors.set(productId, "notNumber");
		else if (quantity < 0) errors.set(productId, "negative");
		else if (quantity > 0) lines.push({ productId, quantity });
	}
	return { lines, errors };
}

/**
 * The server's field errors ("lines.2.quantity") put back on the purchase's lines: `sent` is the
 * lines as they were sent, so that index 2 is the third line sent, not the third of the purchase.
 */
export function errorsByProduct(
	fieldErrors: Record<string, string>,
	sent: { productId: string }[],
): { byProduct: Map<string, string>; other: string[] } {
	const byProduct = new Map<string, string>();
	const other: string[] = [];
	for (const [field, message] of Object.entries(fieldErrors)) {
		const match = /^lines\.(\d+)(?:\.|$)/.exec(field);
		const productId = match ? sent[Number(match[1])]?.productId : undefined;
		if (productId !== undefined && !byProduct.has(productId)) byProduct.set(productId, message);
		else other.push(message);
	}
	return { byProduct, other };
}
