/**
 * A kit's components on its page (product-page.ts), instead of stock forms: a kit (a QuickBooks
 * bundle) holds no stock of its own. Each component with its SKU, name, quantity per kit and what is
 * available of it at each location, and the whole kits they allow there — the kit's own `available`
 * in its level rows (GET /levels), as the API computes it (worker/stock/kit-availability.ts), so the
 * page and the grid agree.
 */
import { html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { LevelRow, Product } from "../../api/types";
import { formatQuantity } from "../../i18n/numbers";
import { AppPage } from "../app-page";
import { problemMessage } from "../problems";
import { kitComponentsPanelMessages as t } from "./kit-components-panel.messages";

/** A component as the table shows it: its record (null until loaded) and its quantity per kit. */
type ComponentRow = { productId: string; perKit: number; product: Product | null };

@customElement("stockroom-kit-components-panel")
export class KitComponentsPanel extends AppPage {
	/** The kit whose components are shown. */
	@property({ attribute: false }) product: Product | null = null;
	/** How the page names a location. */
	@property({ attribute: false }) locationName: (id: string) => string = (id) => id;
	@state() private components: ComponentRow[] = [];
	/** The kit's level rows: at each location, its components and the kits they allow. */
	@state() private kitLevels: LevelRow[] = [];
	@state() private loaded = false;
	@state() private loadError = "";

	protected override willUpdate(changed: PropertyValues<this>): void {
		if (changed.has("product")) void this.load();
	}

	/**
	 * The kit's level rows, then each component's own record, for its SKU, name and levels (a kit's
	 * row names only its components' ids).
	 */
	private async load(): Promise<void> {
		const kit = this.product;
		this.loaded = false;
		this.components = [];
		this.kitLevels = [];
		if (kit?.type !== "kit") return;
		try {
			const rows = (await this.api.get<{ items: LevelRow[] }>("/levels", { productId: kit.id, limit: "1000" })).items;
			const listed = rows[0]?.components ?? [];
			const records = await Promise.all(
				listed.map((c) => this.api.get<Product>(`/products/${encodeURIComponent(c.productId)}`)),
			);
			if (kit !== this.product) return;
			this.kitLevels = rows;
			this.components = listed.map((c, i) => ({
				productId: c.productId,
				perKit: c.quantity,
				product: records[i] ?? null,
			}));
			this.loadError = "";
		} catch (error) {
			if (kit === this.product) this.loadError = t("loadFailed", { reason: problemMessage(error) });
		} finally {
			if (kit === this.product) this.loaded = true;
		}
	}

	override render() {
		const kit = this.product;
		if (kit?.type !== "kit") return nothing;
		return html`<section class="card" aria-labelledby="kit-components-title" data-section="kit-components">
			<h2 id="kit-components-title">${t("title")}</h2>
			<p class="muted small">${t("help")}</p>
			${this.loadError ? html`<p class="error-banner" role="alert">${this.loadError}</p>` : nothing}
			${
				!this.loaded
					? html`<p class="muted" role="status">${t("loading")}</p>`
					: this.components.length === 0
						? this.loadError
							? nothing
							: html`<p class="muted" data-kit-components="none">${t("none")}</p>`
						: this.table()
			}
		</section>`;
	}

	private table() {
		const levels = this.kitLevels;
		return html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="kit-components-title">
			<table class="data" data-table="kit-components">
				<thead>
					<tr>
						<th scope="col">${t("sku")}</th>
						<th scope="col">${t("name")}</th>
						<th scope="col" class="num">${t("perKit")}</th>
						${levels.map(
							(l) =>
								html`<th scope="col" class="num">${t("availableAt", { location: this.locationName(l.locationId) })}</th>`,
						)}
					</tr>
				</thead>
				<tbody>
					${this.components.map(
						(c) => html`<tr data-component-id=${c.productId}>
							<th scope="row">${c.product?.sku ?? c.productId}</th>
							<td>${c.product?.name ?? ""}</td>
							<td class="num" data-field="perKit">${formatQuantity(c.perKit)}</td>
							${levels.map((l) => {
								const available = c.product?.levels.find((cl) => cl.locationId === l.locationId)?.available ?? 0;
								return html`<td class="num ${available < 0 ? "negative" : ""}" data-location-id=${l.locationId}>
									${formatQuantity(available)}
								</td>`;
							})}
						</tr>`,
					)}
				</tbody>
				<tfoot>
					<tr data-row="kits-allowed">
						<th scope="row" colspan="3">${t("kitsAllowed")}</th>
						${levels.map(
							(l) =>
								html`<td class="num" data-location-id=${l.locationId}><strong>${formatQuantity(l.available)}</strong></td>`,
						)}
					</tr>
				</tfoot>
			</table>
		</div>`;
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-kit-components-panel": KitComponentsPanel;
	}
}
