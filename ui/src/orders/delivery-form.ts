/**
 * The "new delivery note" form of an order, without the page: each line's quantity prefilled with
 * what remains, read back into the request's lines (0 or empty skips a line), checked before
 * sending, and the server's field errors (`lines.<i>.quantity`, by position in what was sent)
 * brought back to the order line they belong to.
 */
import type { OrderLine } from "../api/types";
import type { Locale } from "../i18n/locale";
import { formatQuantity, parseQuantity } from "../i18n/numbers";

/** Why a typed quantity is refused, for the page to say in its language. */
export type DeliveryLineError =
	| { code: "not_a_number" }
	| { code: "negative" }
	| { code: "above_remaining"; remaining: number };

export type DeliveryLines =
	| { ok: true; lines: { productId: string; quantity: number }[] }
	| { ok: false; errors: Map<string, DeliveryLineError>; nothingToDeliver: boolean };

/** The lines the form offers: those with something still to deliver. */
export function deliverableLines<L extends Pick<OrderLine, "remaining">>(lines: readonly L[]): L[] {
	return lines.filter((line) => line.remaining > 0);
}

/** What each quantity field starts with: the line's remaining quantity, as the user reads numbers. */
export function prefillQuantities(
	lines: readonly Pick<OrderLine, "productId" | "remaining">[],
	locale?: Locale,
): Map<string, string> {
	return new Map(deliverableLines(lines).map((line) => [line.productId, formatQuantity(line.remaining, locale)]));
}

/**
 * The request's lines from what was typed per product; every line checked, so that all errors show at once.
 * @example readDeliveryLines(lines, new Map([["p1", "2"], ["p2", "0"]])) // { ok: true, lines: [{ productId: "p1", quantity: 2 }] }
 */
export function readDeliveryLines(
	lines: readonly Pick<OrderLine, "productId" | "remaining">[],
	typed: ReadonlyMap<string, string>,
	locale?: Locale,
): DeliveryLines {
	const errors = new Map<string, DeliveryLineError>();
	const request: { productId: string; quantity: number }[] = [];
	for (const line of deliverableLines(lines)) {
		const text = (typed.get(line.productId) ?? "").trim();
		if (text === "") continue;
		const quantity = parseQuantity(text, locale);
		if (quantity === null) errors.set(line.productId, { code: "not_a_number" });
		else if (quantity < 0) errors.set(line.productId, { code: "negative" });
		else if (quantity > line.remaining)
			errors.set(line.productId, { code: "above_remaining", remaining: line.remaining });
		else if (quantity > 0) request.push({ productId: line.productId, quantity });
	}
	if (errors.size > 0 || request.length === 0) return { ok: false, errors, nothingToDeliver: errors.size === 0 };
	return { ok: true, lines: request };
}

/**
 * The server's field errors of a refused delivery, keyed by product where they name a line it was
 * sent (`lines.1.quantity` → the second line sent), the others (`locationId`, `note`, …) by field.
 */
export function errorsByLine(
	fieldErrors: Readonly<Record<string, string>>,
	sent: readonly { productId: string }[],
): { lines: Map<string, string>; fields: Record<string, string> } {
	const lines = new Map<string, string>();
	const fields: Record<string, string> = {};
	for (const [field, message] of Object.entries(fieldErrors)) {
		const match = /^lines\.(\d+)(?:\.\w+)?$/.exec(field);
		const productId = match ? sent[Number(match[1])]?.productId : undefined;
		if (productId !== undefined) {
			if (!lines.has(productId)) lines.set(productId, message);
		} else fields[field] = message;
	}
	return { lines, fields };
}
