/**
 * The assembly part of a product's page: its bill of materials (edited here: components picked by
 * SKU or name, quantities, saved under a version), the build / unbuild form (each component's need
 * beside what the location has, shortfalls highlighted, an explicit override when short), and the
 * product's recent builds. Lots (docs/architecture.md#lots-in-builds): an assembly tracked by lot
 * gets the lot a build produces (generated or typed, with its expiry) or the lot an unbuild takes
 * apart; a component tracked by lot may have a chosen lot (build-lot-fields.ts). Below a manager (the API's least role for both), the bill of materials
 * reads as a table and the build form is not shown.
 *
 * @event stock-changed - after a build or an unbuild, so that the page reloads its levels and ledger
 */
import { html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { ApiError } from "../api/api-client";
import type {
	BillOfMaterials,
	Build,
	BuildKind,
	BuildResult,
	Location,
	LocationLots,
	Page,
	Product,
	ProductLots,
} from "../api/types";
import { AppPage, idempotencyKey } from "../app/app-page";
import { formatDateTime } from "../app/dates";
import { fieldError } from "../app/form-field";
import { formStatus } from "../app/form-status";
import { fieldErrors, problemMessage } from "../app/problems";
import { formatQuantity, parseQuantity } from "../i18n/numbers";
import { assemblyPanelMessages as t } from "./assembly-panel.messages";
import {
	type BomErrors,
	type BomRow,
	bomRequest,
	emptyRow,
	productForText,
	productLabel,
	rowsOf,
	serverErrorsByRow,
} from "./bom-rows";
import { assemblyLotFields, componentLotCell } from "./build-lot-fields";
import { type BuildLotForm, buildLotFieldOf, buildLotPlan, emptyBuildLotForm } from "./build-lots";
import { buildNeeds, isShort } from "./build-needs";

type Candidate = { id: string; sku: string; name: string };
type Form = { message: string; ok: boolean; busy: boolean };
const idleForm = (): Form => ({ message: "", ok: false, busy: false });

@customElement("stockroom-assembly-panel")
export class AssemblyPanel extends AppPage {
	@property({ attribute: false }) product: Product | null = null;
	@property({ attribute: false }) locations: Location[] = [];

	@state() private bom: BillOfMaterials | null = null;
	/** A manager chose "Make this an assembly" for a product with no bill of materials yet. */
	@state() private assembling = false;
	@state() private rows: BomRow[] = [];
	@state() private rowErrors: Record<string, { product?: string; quantity?: string }> = {};
	@state() private bomForm: Form = idleForm();
	@state() private candidates: Candidate[] = [];
	/** The components' products (their levels per location), for the build form's availability. */
	@state() private componentStock = new Map<string, Product>();
	@state() private kind: BuildKind = "build";
	@state() private locationId = "";
	@state() private quantityText = "1";
	@state() private override = false;
	@state() private buildErrors: Record<string, string> = {};
	@state() private buildForm: Form = idleForm();
	@state() private builds: Build[] = [];
	@state() private lotForm: BuildLotForm = emptyBuildLotForm();
	/** The lots of the products tracked by lot (this one and its components), per location. */
	@state() private lotStock = new Map<string, LocationLots[]>();
	/** The key of the build being submitted: kept after a network failure so that a retry cannot build twice. */
	#buildKey: string | null = null;
	#searchTimer: ReturnType<typeof setTimeout> | undefined;
	#loadedFor = "";

	protected override forgetMessages(): void {
		this.bomForm = { ...idleForm(), busy: this.bomForm.busy };
		this.buildForm = { ...idleForm(), busy: this.buildForm.busy };
		this.rowErrors = {};
		this.buildErrors = {};
	}

	protected override willUpdate(changed: PropertyValues<this>): void {
		if (changed.has("locations") && !this.locations.some((l) => l.id === this.locationId))
			this.locationId = (this.locations.find((l) => l.isDefault) ?? this.locations[0])?.id ?? "";
		if (changed.has("product") && this.product && this.product.id !== this.#loadedFor) {
			this.#loadedFor = this.product.id;
			void this.load(this.product.id);
		}
	}

	override disconnectedCallback(): void {
		clearTimeout(this.#searchTimer);
		super.disconnectedCallback();
	}

	private async load(productId: string): Promise<void> {
		this.bom = null;
		this.bomForm = idleForm();
		this.buildForm = idleForm();
		try {
			const [bom] = await Promise.all([
				this.api.get<BillOfMaterials>(`/assemblies/${encodeURIComponent(productId)}`),
				this.loadBuilds(productId),
			]);
			this.showBom(bom);
			await this.loadComponentStock();
		} catch (error) {
			this.bomForm = { ...idleForm(), message: problemMessage(error) };
		}
	}

	private showBom(bom: BillOfMaterials): void {
		this.bom = bom;
		this.rows = bom.components.length > 0 ? rowsOf(bom, (n) => formatQuantity(n)) : [emptyRow()];
		this.rowErrors = {};
	}

	private async loadBuilds(productId: string): Promise<void> {
		const page = await this.api.get<Page<Build>>("/builds", { productId, limit: 10 });
		this.builds = page.items;
	}

	private async loadComponentStock(): Promise<void> {
		const components = this.bom?.components ?? [];
		const products = await Promise.all(
			components.map((c) => this.api.get<Product>(`/products/${encodeURIComponent(c.productId)}`)),
		);
		this.componentStock = new Map(products.map((p) => [p.id, p]));
		const tracked = [this.product, ...products].filter((p): p is Product => p?.tracking === "lot");
		const lots = await Promise.all(
			tracked.map((p) => this.api.get<ProductLots>(`/products/${encodeURIComponent(p.id)}/lots`)),
		);
		this.lotStock = new Map(tracked.map((p, i) => [p.id, lots[i]?.items ?? []]));
	}

	/** A product's lots at the form's location. */
	private lotsHere(productId: string): LocationLots["lots"] {
		return this.lotStock.get(productId)?.find((l) => l.locationId === this.locationId)?.lots ?? [];
	}

	// ——— the bill of materials ———

	private setRow(key: string, patch: Partial<BomRow>): void {
		this.rows = this.rows.map((r) => (r.key === key ? { ...r, ...patch } : r));
	}

	private onProductInput(row: BomRow, text: string): void {
		this.setRow(row.key, { label: text, productId: productForText(text, this.candidates)?.id ?? null });
		clearTimeout(this.#searchTimer);
		const q = text.trim();
		if (!q) return;
		// Searched on the server (the catalogue may be large), after a pause in typing.
		this.#searchTimer = setTimeout(() => void this.search(row.key, q), 200);
	}

	private async search(key: string, q: string): Promise<void> {
		try {
			const page = await this.api.get<Page<Product>>("/products", { q, limit: 20 });
			this.candidates = page.items
				.filter((p) => p.type === "inventory" && p.id !== this.product?.id)
				.map((p) => ({ id: p.id, sku: p.sku, name: p.name }));
			const row = this.rows.find((r) => r.key === key);
			if (row && row.productId === null)
				this.setRow(key, { productId: productForText(row.label, this.candidates)?.id ?? null });
		} catch {
			// The list stays as it was; typing again searches again.
		}
	}

	private removeRow(key: string): void {
		const rows = this.rows.filter((r) => r.key !== key);
		this.rows = rows.length > 0 ? rows : [emptyRow()];
	}

	private async saveBom(event: SubmitEvent): Promise<void> {
		event.preventDefault();
		const product = this.product;
		const bom = this.bom;
		if (!product || !bom) return;
		const request = bomRequest(this.rows, product.id, (s) => parseQuantity(s));
		if (!request.ok) {
			this.rowErrors = this.localErrors(request.errors);
			this.bomForm = idleForm();
			return;
		}
		this.rowErrors = {};
		this.bomForm = { ...idleForm(), busy: true };
		try {
			const saved = await this.api.put<BillOfMaterials>(`/assemblies/${encodeURIComponent(product.id)}`, {
				components: request.components,
				version: bom.version,
			});
			this.showBom(saved);
			this.bomForm = { ...idleForm(), ok: true, message: t("bomSaved", { version: saved.version }) };
			await this.loadComponentStock();
		} catch (error) {
			this.rowErrors = serverErrorsByRow(this.rows, fieldErrors(error));
			// The detail explains what the fields cannot (a cycle's whole path, someone else's change).
			this.bomForm = { ...idleForm(), message: problemMessage(error) };
		}
	}

	/** Local problems by row, worded in the user's language (keys count the filled rows, like the server's). */
	private localErrors(errors: BomErrors): Record<string, { product?: string; quantity?: string }> {
		const worded = Object.fromEntries(Object.entries(errors).map(([field, problem]) => [field, t(problem)]));
		return serverErrorsByRow(this.rows, worded);
	}

	// ——— builds ———

	private neededRows() {
		const product = this.product;
		const quantity = parseQuantity(this.quantityText);
		if (!product || !this.bom || quantity === null || quantity <= 0) return [];
		const availableOf = (p: Product | undefined) =>
			p?.levels.find((l) => l.locationId === this.locationId)?.available ?? 0;
		return buildNeeds(this.kind, quantity, product, this.bom.components, (id) =>
			availableOf(id === product.id ? product : this.componentStock.get(id)),
		);
	}

	private async submitBuild(event: SubmitEvent): Promise<void> {
		event.preventDefault();
		const product = this.product;
		const quantity = parseQuantity(this.quantityText);
		if (!product) return;
		if (quantity === null || quantity <= 0) {
			this.buildErrors = { quantity: t(quantity === null ? "notNumber" : "notPositive") };
			return;
		}
		const needs = this.neededRows().filter((n) => n.productId !== product.id);
		const lots = buildLotPlan(
			this.kind,
			this.lotForm,
			product,
			needs.map((n) => ({
				productId: n.productId,
				tracked: this.componentStock.get(n.productId)?.tracking === "lot",
				need: n.need,
			})),
			(text) => parseQuantity(text),
		);
		if (lots.errors.size > 0) {
			this.buildErrors = Object.fromEntries([...lots.errors].map(([k, code]) => [k, t(code)]));
			return;
		}
		this.buildErrors = {};
		const key = this.#buildKey ?? idempotencyKey();
		this.#buildKey = key;
		this.buildForm = { ...idleForm(), busy: true };
		try {
			const result = await this.api.post<BuildResult>("/builds", {
				productId: product.id,
				locationId: this.locationId,
				quantity,
				kind: this.kind,
				override: this.override,
				...lots.fields,
				idempotencyKey: key,
			});
			this.#buildKey = null;
			this.override = false;
			this.lotForm = emptyBuildLotForm();
			const produced =
				result.kind === "build" ? result.lots.produced.find((l) => l.productId === product.id) : undefined;
			this.buildForm = {
				...idleForm(),
				ok: true,
				message: t(produced ? "builtLot" : result.kind === "build" ? "built" : "unbuilt", {
					number: result.number,
					quantity: formatQuantity(result.quantity),
					lot: produced?.lot ?? "",
				}),
			};
			this.dispatchEvent(new Event("stock-changed", { bubbles: true, composed: true }));
			await Promise.all([this.loadBuilds(product.id), this.loadComponentStock()]);
		} catch (error) {
			const networkError = error instanceof ApiError && error.status === 0;
			// A 503 means recorded: the same key completes it; anything else was refused and frees the key.
			if (!networkError && !(error instanceof ApiError && error.status === 503)) this.#buildKey = null;
			this.buildErrors = Object.fromEntries(
				Object.entries(fieldErrors(error)).map(([field, message]) => [
					buildLotFieldOf(field, lots.sent) ?? field,
					message,
				]),
			);
			this.buildForm = { ...idleForm(), message: problemMessage(error) };
			await this.loadComponentStock().catch(() => undefined);
		}
	}

	// ——— rendering ———

	override render() {
		const product = this.product;
		if (!product || !this.bom) return nothing;
		// A plain product: no empty editor and no build form, but the choice to make it an assembly.
		const plain = this.bom.components.length === 0 && this.builds.length === 0;
		if (plain && !this.may("manager")) return nothing;
		if (plain && !this.assembling)
			return html`<section class="card" aria-labelledby="assembly-title" data-section="not-assembly">
				<h2 id="assembly-title">${t("assembly")}</h2>
				<p class="muted">${t("notAssembly")}</p>
				<p>
					<button type="button" data-action="make-assembly" @click=${() => {
						this.assembling = true;
					}}>
						${t("makeAssembly")}
					</button>
				</p>
			</section>`;
		if (!this.may("manager"))
			return html`<section class="card" aria-labelledby="bom-title" data-section="bom" data-readonly>
					<h2 id="bom-title">${t("bom")}</h2>
					${this.bomTable(this.bom)}
				</section>
				${this.recentBuildsSection()}`;
		return html`<section class="card" aria-labelledby="bom-title" data-section="bom">
				<h2 id="bom-title">${t("bom")}</h2>
				${this.bomEditor()}
			</section>
			<section class="card" aria-labelledby="build-title" data-section="build">
				<h2 id="build-title">${t("build")}</h2>
				${this.bom.components.length > 0 ? this.buildFormView() : html`<p class="muted">${t("noBom")}</p>`}
			</section>
			${this.recentBuildsSection()}`;
	}

	private recentBuildsSection() {
		return html`<section class="card" aria-labelledby="builds-title" data-section="builds">
				<h2 id="builds-title">${t("recent")}</h2>
				${this.recentBuilds()}
			</section>`;
	}

	/** The bill of materials as saved, for whoever may not change it. */
	private bomTable(bom: BillOfMaterials) {
		if (bom.components.length === 0) return html`<p class="muted small">${t("bomEmpty")}</p>`;
		return html`<div class="table-wrap">
			<table class="data bom-table" data-table="bom">
				<thead>
					<tr>
						<th scope="col">${t("component")}</th>
						<th scope="col" class="num">${t("perUnit")}</th>
					</tr>
				</thead>
				<tbody>
					${bom.components.map(
						(c) => html`<tr data-product-id=${c.productId}>
							<th scope="row">
								${productLabel(c)} ${c.isAssembly ? html`<span class="badge">${t("subAssembly")}</span>` : nothing}
							</th>
							<td class="num">${formatQuantity(c.quantity)}</td>
						</tr>`,
					)}
				</tbody>
			</table>
		</div>`;
	}

	private bomEditor() {
		const form = this.bomForm;
		return html`<form class="stack" data-form="bom" novalidate @submit=${this.saveBom}>
			<p class="muted small">${t("bomHelp")} ${t("searchHint")}</p>
			<datalist id="bom-candidates">
				${this.candidates.map((c) => html`<option value=${productLabel(c)}></option>`)}
			</datalist>
			<div class="table-wrap">
				<table class="data bom-table" data-table="bom">
					<thead>
						<tr>
							<th scope="col">${t("component")}</th>
							<th scope="col" class="num">${t("perUnit")}</th>
							<th scope="col"><span class="visually-hidden">${t("remove")}</span></th>
						</tr>
					</thead>
					<tbody>
						${this.rows.map((row, i) => this.bomRow(row, i))}
					</tbody>
				</table>
			</div>
			${this.bom?.components.length === 0 && this.rows.every((r) => !r.label) ? html`<p class="muted small">${t("bomEmpty")}</p>` : nothing}
			<div class="actions">
				<button type="button" data-action="add-component" @click=${() => {
					this.rows = [...this.rows, emptyRow()];
				}}>
					${t("addComponent")}
				</button>
				<button type="submit" class="primary" ?disabled=${form.busy}>${t("saveBom")}</button>
				${formStatus(form, t("saving"))}
			</div>
		</form>`;
	}

	private bomRow(row: BomRow, i: number) {
		const errors = this.rowErrors[row.key] ?? {};
		const productId = `bom-${row.key}-product`;
		const quantityId = `bom-${row.key}-quantity`;
		const nested = this.bom?.components.find((c) => c.productId === row.productId)?.isAssembly;
		return html`<tr data-row=${i} data-product-id=${row.productId ?? nothing}>
			<td>
				<label class="visually-hidden" for=${productId}>${t("component")} ${i + 1}</label>
				<input
					id=${productId}
					list="bom-candidates"
					autocomplete="off"
					.value=${row.label}
					aria-invalid=${errors.product ? "true" : nothing}
					aria-describedby=${errors.product ? `${productId}-error` : nothing}
					@input=${(e: InputEvent) => this.onProductInput(row, (e.target as HTMLInputElement).value)}
				/>
				${nested ? html`<span class="badge">${t("subAssembly")}</span>` : nothing}
				${fieldError(`${productId}-error`, errors.product)}
			</td>
			<td class="num">
				<label class="visually-hidden" for=${quantityId}>${t("perUnit")} ${i + 1}</label>
				<input
					id=${quantityId}
					inputmode="decimal"
					autocomplete="off"
					size="8"
					.value=${row.quantity}
					aria-invalid=${errors.quantity ? "true" : nothing}
					aria-describedby=${errors.quantity ? `${quantityId}-error` : nothing}
					@input=${(e: InputEvent) => this.setRow(row.key, { quantity: (e.target as HTMLInputElement).value })}
				/>
				${fieldError(`${quantityId}-error`, errors.quantity)}
			</td>
			<td>
				<button
					type="button"
					data-action="remove-component"
					aria-label=${t("removeRow", { name: row.label || String(i + 1) })}
					@click=${() => this.removeRow(row.key)}
				>
					${t("remove")}
				</button>
			</td>
		</tr>`;
	}

	private buildFormView() {
		const form = this.buildForm;
		const needs = this.neededRows();
		const short = isShort(needs);
		const location = this.locations.find((l) => l.id === this.locationId);
		const verb = t(this.kind === "build" ? "kindBuild" : "kindUnbuild");
		return html`<form class="stack" data-form="build" novalidate @submit=${this.submitBuild}>
			<div class="field-row">
				<fieldset class="field">
					<legend>${t("kind")}</legend>
					${(["build", "unbuild"] as const).map(
						(k) => html`<label class="inline">
							<input
								type="radio"
								name="kind"
								value=${k}
								.checked=${this.kind === k}
								@change=${() => {
									this.kind = k;
								}}
							/>
							${t(k === "build" ? "kindBuild" : "kindUnbuild")}
						</label>`,
					)}
				</fieldset>
				<div class="field">
					<label for="build-location">${t("location")}</label>
					<select
						id="build-location"
						name="locationId"
						@change=${(e: Event) => {
							this.locationId = (e.target as HTMLSelectElement).value;
						}}
					>
						${this.locations.map((l) => html`<option value=${l.id} ?selected=${l.id === this.locationId}>${l.name}</option>`)}
					</select>
				</div>
				<div class="field">
					<label for="build-quantity">${t("quantity")}</label>
					<input
						id="build-quantity"
						name="quantity"
						inputmode="decimal"
						autocomplete="off"
						.value=${this.quantityText}
						aria-invalid=${this.buildErrors.quantity ? "true" : nothing}
						aria-describedby=${this.buildErrors.quantity ? "build-quantity-error" : nothing}
						@input=${(e: InputEvent) => {
							this.quantityText = (e.target as HTMLInputElement).value;
						}}
					/>
					${fieldError("build-quantity-error", this.buildErrors.quantity)}
				</div>
			</div>
			${
				this.product?.tracking === "lot"
					? assemblyLotFields(
							this.kind,
							this.lotForm,
							this.lotsHere(this.product.id),
							this.product.expiryRequired,
							this.buildErrors,
							(patch) => {
								this.lotForm = { ...this.lotForm, ...patch };
							},
						)
					: nothing
			}
			${needs.length > 0 ? this.needsTable(needs, location?.name ?? "") : nothing}
			${
				short
					? html`<label class="inline override">
							<input
								type="checkbox"
								name="override"
								.checked=${this.override}
								@change=${(e: Event) => {
									this.override = (e.target as HTMLInputElement).checked;
								}}
							/>
							${t("override", { kind: verb })}
						</label>`
					: nothing
			}
			<div class="actions">
				<button type="submit" class="primary" ?disabled=${form.busy || (short && !this.override)}>
					${t(this.kind === "build" ? "submitBuild" : "submitUnbuild")}
				</button>
				${formStatus(form, t("saving"))}
			</div>
		</form>`;
	}

	private needsTable(needs: ReturnType<AssemblyPanel["neededRows"]>, locationName: string) {
		const tracked = (productId: string) => this.componentStock.get(productId)?.tracking === "lot";
		// Chosen lots are a build's: an unbuild's components come back unassigned.
		const lotColumn = this.kind === "build" && needs.some((n) => tracked(n.productId));
		const change = (patch: Partial<BuildLotForm>) => {
			this.lotForm = { ...this.lotForm, ...patch };
		};
		return html`${lotColumn ? html`<p class="muted small">${t("chosenLotHelp")}</p>` : nothing}<div class="table-wrap">
			<table class="data needs-table" data-table="build-needs">
				<caption class="muted small">${t("needs", { location: locationName })}</caption>
				<thead>
					<tr>
						<th scope="col">${t("product")}</th>
						<th scope="col" class="num">${t("need")}</th>
						<th scope="col" class="num">${t("available")}</th>
						<th scope="col" class="num">${t("short")}</th>
						${lotColumn ? html`<th scope="col">${t("chosenLot")}</th>` : nothing}
					</tr>
				</thead>
				<tbody>
					${needs.map((n) => {
						const error = this.buildErrors[`components.${n.productId}`];
						return html`<tr data-product-id=${n.productId} class=${n.short > 0 ? "short" : ""}>
							<th scope="row">${n.sku} <span class="muted">${n.name}</span></th>
							<td class="num">${formatQuantity(n.need)}</td>
							<td class="num ${n.available < 0 ? "negative" : ""}">${formatQuantity(n.available)}</td>
							<td class="num ${n.short > 0 ? "negative" : ""}">
								${n.short > 0 ? html`${formatQuantity(n.short)} <span class="visually-hidden">(${t("shortBy", { quantity: formatQuantity(n.short) })})</span>` : "–"}
								${error ? html`<p class="field-error">${error}</p>` : nothing}
							</td>
							${
								lotColumn
									? tracked(n.productId)
										? componentLotCell(n, this.lotForm, this.lotsHere(n.productId), this.buildErrors, change)
										: html`<td></td>`
									: nothing
							}
						</tr>`;
					})}
				</tbody>
			</table>
		</div>`;
	}

	private recentBuilds() {
		if (this.builds.length === 0) return html`<p class="muted">${t("noBuilds")}</p>`;
		const locationName = (id: string) => this.locations.find((l) => l.id === id)?.name ?? id;
		return html`<div class="table-wrap">
			<table class="data builds-table" data-table="builds">
				<thead>
					<tr>
						<th scope="col">${t("number")}</th>
						<th scope="col">${t("when")}</th>
						<th scope="col">${t("kind")}</th>
						<th scope="col" class="num">${t("quantity")}</th>
						<th scope="col">${t("location")}</th>
						<th scope="col">${t("status")}</th>
					</tr>
				</thead>
				<tbody>
					${this.builds.map(
						(b) => html`<tr data-build-id=${b.id}>
							<td>${b.number}</td>
							<td class="nowrap">${formatDateTime(b.createdAt)}</td>
							<td>${t(b.kind === "build" ? "kindBuild" : "kindUnbuild")}${b.override ? html`<span class="muted"> — ${t("overridden")}</span>` : nothing}</td>
							<td class="num">${formatQuantity(b.quantity)}</td>
							<td>${locationName(b.locationId)}</td>
							<td>${t(b.status === "completed" ? "completed" : "pendingStatus")}</td>
						</tr>`,
					)}
				</tbody>
			</table>
		</div>`;
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-assembly-panel": AssemblyPanel;
	}
}
