/**
 * Stock: the grid of every product × location, full height; a row opens the product's page.
 * "Import CSV" opens the import of reorder points, bins and counts, with its preview, in a dialog.
 * A viewer reads the grid: no editing, no import (both need staff).
 */
import { html, nothing } from "lit";
import { customElement, query, state } from "lit/decorators.js";
import type { StockroomGrid } from "../../grid/stockroom-grid";
import type { ImportedDetail } from "../../import/csv-import";
import { AppPage } from "../app-page";
import { routeHash } from "../router";
import { showsStockValue, stockFilterOf } from "../stock-filter-hash";
import "../../grid/stockroom-grid";
import "../../import/csv-import";
import { stockPageMessages as t } from "./stock-page.messages";

@customElement("stockroom-stock-page")
export class StockPage extends AppPage {
	@state() private notice = "";
	@state() private importing = false;
	@query("dialog.import-dialog") private dialog?: HTMLDialogElement;
	@query("stockroom-grid") private grid?: StockroomGrid;

	protected override forgetMessages(): void {
		this.notice = "";
	}

	protected override firstUpdated(): void {
		// `#/stock?filter=below-reorder` (the start page's figures): the grid opens with that filter ticked.
		const filter = stockFilterOf(location.hash);
		if (filter) this.grid?.setFilter(filter);
		// `#/stock?show=value` (the start page's stock value): the grid opens with its value columns.
		if (showsStockValue(location.hash)) this.grid?.setShowValue(true);
	}

	private async openImport(): Promise<void> {
		this.notice = "";
		// A fresh import each time: the component reads the current levels when it appears.
		this.importing = true;
		await this.updateComplete;
		this.dialog?.showModal();
	}

	private closeImport(): void {
		this.dialog?.close();
	}

	private onSelect(event: CustomEvent<{ productId: string; lot?: string }>): void {
		const { productId, lot } = event.detail;
		location.hash = routeHash(lot ? { page: "lot", productId, lot } : { page: "product", productId });
	}

	private onImported(event: CustomEvent<ImportedDetail>): void {
		this.notice = t("imported");
		// The saved rows go straight into the grid (live updates would bring them too), keeping its undo history.
		this.grid?.applyLevelChanges(event.detail.rows);
	}

	override render() {
		const edits = this.may("staff");
		return html`<section class="page page-stock" data-page="stock" aria-labelledby="stock-title">
			<div class="page-head">
				<h1 id="stock-title">${t("title")}</h1>
				<p class="notice" role="status">${this.notice}</p>
				${
					edits
						? html`<button type="button" data-action="import-csv" aria-haspopup="dialog" @click=${this.openImport}>
								${t("importCsv")}
							</button>`
						: nothing
				}
			</div>
			<stockroom-grid
				class="stock-grid"
				.api=${this.api}
				?readonly=${!edits}
				@stockroom-select=${this.onSelect}
			></stockroom-grid>
			<dialog class="import-dialog" aria-labelledby="import-title" @close=${() => (this.importing = false)}>
				<div class="dialog-head">
					<h2 id="import-title">${t("importTitle")}</h2>
					<button type="button" class="quiet" data-action="close-import" @click=${this.closeImport}>${t("close")}</button>
				</div>
				${
					this.importing
						? html`<stockroom-csv-import .api=${this.api} @stockroom-imported=${this.onImported}></stockroom-csv-import>`
						: nothing
				}
			</dialog>
		</section>`;
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-stock-page": StockPage;
	}
}
