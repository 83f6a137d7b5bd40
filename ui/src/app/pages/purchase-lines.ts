/**
 * A purchase's lines as its page shows them (purchase-page.ts) and as its Receive form does
 * (purchase-receive-form.ts): the product, a link to its page, then ordered, received and open, and
 * last the caller's own columns (the unit cost and the line's total, or the quantity to receive).
 */
import { html } from "lit";
import type { PurchaseLine } from "../../api/types";
import { formatQuantity } from "../../i18n/numbers";
import type { ProductRef } from "../../purchasing/purchase-references";
import { purchaseLinesMessages as t } from "./purchase-lines.messages";

export function purchaseLinesHead(...lastColumns: string[]) {
	return html`<thead>
		<tr>
			<th scope="col">${t("sku")}</th>
			<th scope="col">${t("name")}</th>
			<th scope="col" class="num">${t("ordered")}</th>
			<th scope="col" class="num">${t("received")}</th>
			<th scope="col" class="num">${t("open")}</th>
			${lastColumns.map((name) => html`<th scope="col" class="num">${name}</th>`)}
		</tr>
	</thead>`;
}

/** A line's cells before the caller's last one; a product not known yet shows its id. */
export function purchaseLineCells(line: PurchaseLine, products: ReadonlyMap<string, ProductRef>) {
	const product = products.get(line.productId);
	return html`<th scope="row">
			${product ? html`<a href=${`#/products/${encodeURIComponent(line.productId)}`}>${product.sku}</a>` : line.productId}
		</th>
		<td>${product?.name ?? ""}</td>
		<td class="num" data-field="ordered">${formatQuantity(line.ordered)}</td>
		<td class="num" data-field="received">${formatQuantity(line.received)}</td>
		<td class="num" data-field="open">${formatQuantity(line.open)}</td>`;
}
