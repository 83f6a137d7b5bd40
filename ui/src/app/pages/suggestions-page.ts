/**
 * Purchase suggestions: what to order, by vendor × location, as a grid whose quantities are edited
 * with the keyboard (↑/↓, Enter, PageUp/PageDown, Ctrl+Home/End move between them) and whose rows
 * can be left out; "Create draft purchases" turns the rows kept into one draft per vendor and
 * location, once (one idempotency key per set of suggestions shown).
 *
 * Each row says what it would cost (its quantity × the product's cost as imported from QuickBooks,
 * or "no cost known"), and the foot what the rows kept cost per vendor and in all, as they are edited.
 */
import { html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { ApiError } from "../../api/api-client";
import type { AppliedSuggestions, Location, PurchaseSuggestions } from "../../api/types";
import { getLocale } from "../../i18n/locale";
import { formatMoney } from "../../i18n/money";
import { formatQuantity } from "../../i18n/numbers";
import { plural } from "../../i18n/plural";
import { loadLocations } from "../../purchasing/purchase-references";
import {
	applyPlan,
	type Estimate,
	estimates,
	nextRow,
	rowEstimate,
	type SuggestionEdits,
	type SuggestionRow,
	type SuggestionSection,
	suggestionSections,
} from "../../purchasing/suggestion-grid";
import { AppPage, idempotencyKey } from "../app-page";
import { fieldError } from "../form-field";
import { fieldErrors, problemMessage } from "../problems";
import { suggestionsPageMessages as t } from "./suggestions-page.messages";

@customElement("stockroom-suggestions-page")
export class SuggestionsPage extends AppPage {
	@state() private locations: Location[] = [];
	@state() private locationId = "";
	@state() private sections: SuggestionSection[] | null = null;
	@state() private edits: SuggestionEdits = { quantities: new Map(), excluded: new Set() };
	@state() private errors = new Map<string, string>();
	@state() private message = "";
	@state() private busy = false;
	@state() private loadError = "";
	@state() private applied: AppliedSuggestions | null = null;
	/** One key per set of suggestions shown: a repeated click (or a retry after a lost answer) creates nothing more. */
	#key = idempotencyKey();

	protected override forgetMessages(): void {
		this.errors = new Map();
		this.message = "";
	}

	override connectedCallback(): void {
		super.connectedCallback();
		void this.start();
	}

	private async start(): Promise<void> {
		try {
			this.locations = (await loadLocations(this.api)).filter((l) => !l.archivedAt);
		} catch (error) {
			this.loadError = problemMessage(error);
		}
		await this.load();
	}

	private async load(): Promise<void> {
		this.sections = null;
		this.applied = null;
		this.loadError = "";
		this.message = "";
		this.errors = new Map();
		this.edits = { quantities: new Map(), excluded: new Set() };
		this.#key = idempotencyKey();
		try {
			const suggestions = await this.api.post<PurchaseSuggestions>(
				"/purchases/suggestions",
				this.locationId ? { locationIds: [this.locationId] } : {},
			);
			this.sections = suggestionSections(
				suggestions,
				this.locations.map((l) => l.id),
			);
		} catch (error) {
			this.sections = [];
			this.loadError = problemMessage(error);
		}
	}

	private locationName(id: string): string {
		return this.locations.find((l) => l.id === id)?.name ?? "…";
	}

	private rows(): SuggestionRow[] {
		return (this.sections ?? []).flatMap((s) => s.rows);
	}

	private keptCount(): number {
		return this.rows().filter((r) => !this.edits.excluded.has(r.key)).length;
	}

	private setQuantity(key: string, text: string): void {
		this.edits = { ...this.edits, quantities: new Map(this.edits.quantities).set(key, text) };
		if (this.errors.has(key)) {
			const errors = new Map(this.errors);
			errors.delete(key);
			this.errors = errors;
		}
	}

	private toggle(key: string, kept: boolean): void {
		const excluded = new Set(this.edits.excluded);
		if (kept) excluded.delete(key);
		else excluded.add(key);
		this.edits = { ...this.edits, excluded };
	}

	/** Arrow keys, Enter and PageUp/PageDown move between the quantity inputs, as in a sheet. */
	private onQuantityKey(event: KeyboardEvent): void {
		const inputs = [...this.querySelectorAll<HTMLInputElement>('input[name="suggested-quantity"]')];
		const at = inputs.indexOf(event.target as HTMLInputElement);
		if (at < 0) return;
		const to = nextRow(at, inputs.length, event);
		if (to === null) return;
		event.preventDefault();
		const input = inputs[to];
		input?.focus();
		input?.select();
	}

	private async create(): Promise<void> {
		if (!this.sections || this.busy) return;
		const plan = applyPlan(this.sections, this.edits, getLocale());
		if (plan.errors.size > 0) {
			this.errors = new Map([...plan.errors].map(([key, code]) => [key, t(code)]));
			this.message = t("fixErrors");
			await this.updateComplete;
			this.querySelector<HTMLElement>('[data-table="suggestions"] [aria-invalid="true"]')?.focus();
			return;
		}
		if (plan.lines.length === 0) {
			this.message = t("nothingKept");
			return;
		}
		this.busy = true;
		this.message = "";
		this.errors = new Map();
		try {
			this.applied = await this.api.post<AppliedSuggestions>("/purchases/suggestions/apply", {
				lines: plan.lines,
				idempotencyKey: this.#key,
			});
			await this.updateComplete;
			this.querySelector<HTMLElement>("[data-applied]")?.focus();
		} catch (error) {
			if (error instanceof ApiError && error.problem.code === "idempotency_key_reused") {
				this.message = t("alreadyApplied");
				return;
			}
			const errors = new Map<string, string>();
			const unplaced: string[] = [];
			for (const [field, words] of Object.entries(fieldErrors(error))) {
				const match = /^lines\.(\d+)\./.exec(field);
				const key = match ? plan.sentKeys[Number(match[1])] : undefined;
				if (key) errors.set(key, words);
				else unplaced.push(words);
			}
			this.errors = errors;
			this.message = errors.size > 0 && unplaced.length === 0 ? t("fixErrors") : problemMessage(error);
		} finally {
			this.busy = false;
		}
	}

	override render() {
		return html`<section class="page" data-page="purchase-suggestions" aria-labelledby="suggestions-title">
			<p class="breadcrumb"><a href="#/purchases">← ${t("back")}</a></p>
			<div class="page-head"><h1 id="suggestions-title">${t("title")}</h1></div>
			<p class="lead">${t("lead")}</p>
			${this.loadError ? html`<p class="error-banner" role="alert">${this.loadError}</p>` : nothing}
			<div class="toolbar">
				<label for="suggestions-location">${t("location")}</label>
				<select
					id="suggestions-location"
					@change=${(e: Event) => {
						this.locationId = (e.target as HTMLSelectElement).value;
						void this.load();
					}}
				>
					<option value="">${t("allLocations")}</option>
					${this.locations.map((l) => html`<option value=${l.id} ?selected=${l.id === this.locationId}>${l.name}</option>`)}
				</select>
				<button type="button" data-action="refresh" @click=${() => this.load()}>${t("refresh")}</button>
			</div>
			${this.applied ? this.appliedNotice(this.applied) : this.grid()}
		</section>`;
	}

	private appliedNotice(applied: AppliedSuggestions) {
		return html`<section class="card ok-banner" data-applied tabindex="-1" role="status">
			<p>${t("created", { count: applied.purchases.length })}</p>
			<ul>
				${applied.purchases.map(
					(p) => html`<li>
						<a href=${`#/purchases/${encodeURIComponent(p.id)}`} data-purchase-id=${p.id}
							>${t("createdLine", {
								number: p.number,
								vendor: this.vendorOf(p.vendorId),
								location: this.locationName(p.locationId),
							})}</a
						>
					</li>`,
				)}
			</ul>
		</section>`;
	}

	private vendorOf(vendorId: string | null): string {
		if (!vendorId) return t("noVendor");
		return this.sections?.find((s) => s.vendor?.id === vendorId)?.vendor?.name ?? "…";
	}

	private grid() {
		const sections = this.sections;
		if (!sections) return html`<p class="muted" role="status">${t("loading")}</p>`;
		if (sections.length === 0) return html`<p class="muted" role="status">${t("none")}</p>`;
		const kept = this.keptCount();
		return html`<section class="card">
			<p class="muted small" id="suggestions-help">${t("keyboardHelp")}</p>
			<div class="table-wrap">
				<table class="data" data-table="suggestions">
					<thead>
						<tr>
							<th scope="col">${t("include")}</th>
							<th scope="col">${t("sku")}</th>
							<th scope="col">${t("name")}</th>
							<th scope="col" class="num">${t("available")}</th>
							<th scope="col" class="num">${t("incoming")}</th>
							<th scope="col" class="num">${t("reorderPoint")}</th>
							<th scope="col" class="num">${t("reorderQty")}</th>
							<th scope="col" class="num">${t("suggested")}</th>
							<th scope="col" class="num">${t("quantity")}</th>
							<th scope="col" class="num">${t("estimatedCost")}</th>
						</tr>
					</thead>
					${sections.map((section) => this.section(section))}
					${this.totals(sections)}
				</table>
			</div>
			<div class="actions">
				<button type="button" class="primary" data-action="create-drafts" ?disabled=${this.busy} @click=${this.create}>
					${t("create", { count: kept })}
				</button>
				${
					this.busy
						? html`<span class="form-status" role="status">${t("creating")}</span>`
						: this.message
							? html`<span class="form-status error" role="alert">${this.message}</span>`
							: html`<span class="form-status" role="status"></span>`
				}
			</div>
		</section>`;
	}

	private section(section: SuggestionSection) {
		const title = t("sectionTitle", {
			vendor: section.vendor?.name ?? t("noVendor"),
			location: this.locationName(section.locationId),
		});
		return html`<tbody data-section=${section.key}>
			<tr>
				<th scope="colgroup" colspan="10">${title}</th>
			</tr>
			${section.rows.map((row) => this.row(row, section))}
		</tbody>`;
	}

	/** The rows kept, priced: one line per vendor, then all of them. */
	private totals(sections: SuggestionSection[]) {
		const { byVendor, total } = estimates(sections, this.edits, getLocale());
		return html`<tfoot>
			${byVendor.map(
				({ vendor, estimate }) => html`<tr data-vendor-total=${vendor?.id ?? ""}>
					<th scope="row" colspan="9">${t("vendorTotal", { vendor: vendor?.name ?? t("noVendor") })}</th>
					<td class="num nowrap">${this.estimateWords(estimate)}</td>
				</tr>`,
			)}
			<tr data-total>
				<th scope="row" colspan="9">${t("total")}</th>
				<td class="num nowrap"><strong>${this.estimateWords(total)}</strong></td>
			</tr>
		</tfoot>`;
	}

	/** "$120.00", "$120.00 + 1 line without a cost", or "no cost known" when none of the rows has one. */
	private estimateWords(estimate: Estimate): string {
		if (estimate.costed === 0 && estimate.withoutCost > 0) return t("noCost");
		const amount = formatMoney(estimate.amount);
		return estimate.withoutCost === 0 ? amount : `${amount} ${plural(t, "withoutCost", estimate.withoutCost)}`;
	}

	private row(row: SuggestionRow, section: SuggestionSection) {
		const { line } = row;
		const excluded = this.edits.excluded.has(row.key);
		const error = this.errors.get(row.key);
		const errorId = `suggestion-${line.productId}-${line.locationId}-error`;
		const typed = this.edits.quantities.get(row.key);
		const num = (v: number | null) => (v === null ? "—" : formatQuantity(v));
		const estimate = rowEstimate(row, this.edits, getLocale());
		return html`<tr
			data-product-id=${line.productId}
			data-location-id=${line.locationId}
			class=${excluded ? "archived" : ""}
		>
			<td>
				<input
					type="checkbox"
					name="include"
					aria-label=${t("includeRow", { sku: line.sku })}
					.checked=${!excluded}
					@change=${(e: Event) => this.toggle(row.key, (e.target as HTMLInputElement).checked)}
				/>
			</td>
			<th scope="row">${line.sku}</th>
			<td>${line.name}</td>
			<td class="num ${line.available < 0 ? "negative" : ""}">${num(line.available)}</td>
			<td class="num">${num(line.incoming)}</td>
			<td class="num">${num(line.reorderPoint)}</td>
			<td class="num">${num(line.reorderQty)}</td>
			<td class="num">${num(line.suggested)}</td>
			<td class="num">
				<input
					name="suggested-quantity"
					inputmode="decimal"
					size="8"
					autocomplete="off"
					aria-label=${t("quantityOf", { sku: line.sku, location: this.locationName(section.locationId) })}
					?disabled=${excluded}
					.value=${typed ?? formatQuantity(line.suggested)}
					aria-invalid=${error ? "true" : nothing}
					aria-describedby=${error ? errorId : "suggestions-help"}
					@input=${(e: Event) => this.setQuantity(row.key, (e.target as HTMLInputElement).value)}
					@keydown=${this.onQuantityKey}
					@focus=${(e: FocusEvent) => (e.target as HTMLInputElement).select()}
				/>
				${fieldError(errorId, error)}
			</td>
			<td class="num nowrap" data-field="estimated-cost">
				${line.purchaseCost === null ? html`<span class="muted">${t("noCost")}</span>` : estimate === null ? "—" : formatMoney(estimate)}
			</td>
		</tr>`;
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-suggestions-page": SuggestionsPage;
	}
}
