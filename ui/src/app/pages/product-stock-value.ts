/**
 * A product's stock value on its page (product-page.ts): its cost as imported from QuickBooks (the
 * item's PurchaseCost), said as such, and on hand × that cost per location and in total, in the
 * company's currency. A product without a cost says so instead of showing a value of 0.
 */
import { html, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { Location, Product } from "../../api/types";
import { formatMoney } from "../../i18n/money";
import { formatQuantity } from "../../i18n/numbers";
import { lineAmount } from "../../purchasing/line-amounts";
import { AppPage } from "../app-page";
import { productStockValueMessages as t } from "./product-stock-value.messages";

@customElement("stockroom-product-stock-value")
export class ProductStockValue extends AppPage {
	@property({ attribute: false }) product: Product | null = null;
	/** Names of the levels' locations. */
	@property({ attribute: false }) locations = new Map<string, Location>();

	override render() {
		const product = this.product;
		if (product?.type !== "inventory") return nothing;
		const cost = product.purchaseCost;
		return html`<section class="card" aria-labelledby="stock-value-title" data-section="stock-value">
			<h2 id="stock-value-title">${t("title")}</h2>
			<dl class="facts stacked">
				<div data-fact="cost">
					<dt>${t("cost")}</dt>
					<dd>
						${cost === null ? t("noCost") : t("costEach", { cost: formatMoney(cost, { precision: "unit" }) })}
						<span class="muted small">— ${t("costSource")}</span>
					</dd>
				</div>
			</dl>
			${cost === null ? html`<p class="muted" data-stock-value="unknown">${t("noCostHelp")}</p>` : this.table(product, cost)}
		</section>`;
	}

	private table(product: Product, cost: number) {
		return html`<div class="table-wrap">
			<table class="data" data-table="stock-value">
				<thead>
					<tr>
						<th scope="col">${t("location")}</th>
						<th scope="col" class="num">${t("onHand")}</th>
						<th scope="col" class="num">${t("value")}</th>
					</tr>
				</thead>
				<tbody>
					${product.levels.map(
						(level) => html`<tr data-location-id=${level.locationId}>
							<th scope="row">${this.locations.get(level.locationId)?.name ?? level.locationId}</th>
							<td class="num">${formatQuantity(level.onHand)}</td>
							<td class="num nowrap" data-field="value">${formatMoney(lineAmount(level.onHand, cost))}</td>
						</tr>`,
					)}
				</tbody>
				<tfoot>
					<tr>
						<th scope="row">${t("total")}</th>
						<td class="num">${formatQuantity(product.totals.onHand)}</td>
						<td class="num nowrap" data-total="value">${formatMoney(lineAmount(product.totals.onHand, cost))}</td>
					</tr>
				</tfoot>
			</table>
		</div>`;
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-product-stock-value": ProductStockValue;
	}
}
