/**
 * Quantity, unit price and amount of an item line, completed as QBO completes them: an amount
 * missing is quantity × price (the item's own price by default); a price missing is amount ÷ quantity.
 */
import { roundMoney, roundQty } from "../lib/decimal.ts";
import { asNumber, type JsonObject } from "../lib/json.ts";
import { requiredParam } from "../qbo/faults.ts";

export type LinePricing = { qty: number | undefined; unitPrice: number | undefined; amount: number };

export function priceLine(line: JsonObject, detail: JsonObject, itemPrice: unknown): LinePricing {
	const qty = asNumber(detail.Qty);
	let unitPrice = asNumber(detail.UnitPrice);
	let amount = asNumber(line.Amount);
	if (amount === undefined) {
		if (qty === undefined) throw requiredParam("Amount");
		unitPrice ??= asNumber(itemPrice) ?? 0;
		amount = roundMoney(qty * unitPrice);
	} else if (unitPrice === undefined && qty) {
		unitPrice = roundQty(amount / qty);
	}
	return { qty, unitPrice, amount };
}
