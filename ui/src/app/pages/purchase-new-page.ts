/** A new purchase: the draft form; once created, the purchase's own page. */
import { html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import type { Location, PurchaseDetail, Vendor } from "../../api/types";
import { loadLocations, loadVendors } from "../../purchasing/purchase-references";
import { AppPage } from "../app-page";
import { problemMessage } from "../problems";
import "./purchase-draft-form";
import { purchaseNewPageMessages as t } from "./purchase-new-page.messages";

@customElement("stockroom-purchase-new-page")
export class PurchaseNewPage extends AppPage {
	@state() private vendors: Vendor[] | null = null;
	@state() private locations: Location[] = [];
	@state() private loadError = "";

	override connectedCallback(): void {
		super.connectedCallback();
		void this.load();
	}

	private async load(): Promise<void> {
		try {
			const [vendors, locations] = await Promise.all([loadVendors(this.api), loadLocations(this.api)]);
			this.locations = locations;
			this.vendors = vendors;
		} catch (error) {
			this.loadError = problemMessage(error);
		}
	}

	private created(event: CustomEvent<PurchaseDetail>): void {
		location.hash = `#/purchases/${encodeURIComponent(event.detail.id)}`;
	}

	override render() {
		return html`<section class="page" data-page="purchase-new" aria-labelledby="purchase-new-title">
			<p class="breadcrumb"><a href="#/purchases">← ${t("back")}</a></p>
			<div class="page-head"><h1 id="purchase-new-title">${t("title")}</h1></div>
			<p class="lead">${t("lead")}</p>
			${this.loadError ? html`<p class="error-banner" role="alert">${this.loadError}</p>` : nothing}
			<section class="card">
				${
					this.vendors
						? html`<stockroom-purchase-draft-form
								.api=${this.api}
								.userRole=${this.userRole}
								.vendors=${this.vendors}
								.locations=${this.locations}
								@purchase-saved=${this.created}
							></stockroom-purchase-draft-form>`
						: html`<p class="muted" role="status">${t("loading")}</p>`
				}
			</section>
		</section>`;
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-purchase-new-page": PurchaseNewPage;
	}
}
