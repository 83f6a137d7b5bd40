/**
 * A product's reorder point and reorder quantity at each location, on its page (product-page.ts):
 * the same fields the grid edits, saved the same way (PATCH /api/v1/levels, each row guarded by its
 * version). Staff and above edit them; a row someone changed meanwhile is reloaded and said so.
 */
import { html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { LevelPatch, LevelPatchResult, LevelRow, Page } from "../../api/types";
import { formatQuantity, parseQuantity } from "../../i18n/numbers";
import { AppPage } from "../app-page";
import { fieldError } from "../form-field";
import { formStatus } from "../form-status";
import { problemMessage } from "../problems";
import { productReorderSettingsMessages as t } from "./product-reorder-settings.messages";

type Field = "reorderPoint" | "reorderQty";
const FIELDS: readonly Field[] = ["reorderPoint", "reorderQty"];
/** What is typed in a row's two boxes. */
type Typed = Record<Field, string>;

@customElement("stockroom-product-reorder-settings")
export class ProductReorderSettings extends AppPage {
	@property() productId = "";
	/** How the page names a location. */
	@property({ attribute: false }) locationName: (id: string) => string = (id) => id;

	/** The rows as the server has them; null while they load. */
	@state() private rows: LevelRow[] | null = null;
	@state() private typed = new Map<string, Typed>();
	/** A box's error, keyed `<locationId>.<field>`. */
	@state() private errors = new Map<string, string>();
	@state() private loadError = "";
	@state() private busy = false;
	@state() private ok = false;
	@state() private message = "";

	protected override forgetMessages(): void {
		this.message = "";
		this.errors = new Map();
	}

	protected override willUpdate(changed: PropertyValues<this>): void {
		if (changed.has("productId") && this.productId) void this.load();
	}

	private async load(): Promise<void> {
		this.loadError = "";
		try {
			const page = await this.api.get<Page<LevelRow>>("/levels", { productId: this.productId, limit: 1000 });
			this.showRows(page.items);
		} catch (error) {
			this.loadError = t("loadFailed", { message: problemMessage(error) });
		}
	}

	private showRows(rows: LevelRow[]): void {
		this.rows = rows;
		const shown = (v: number | null) => (v === null ? "" : formatQuantity(v));
		this.typed = new Map(
			rows.map((r) => [r.locationId, { reorderPoint: shown(r.reorderPoint), reorderQty: shown(r.reorderQty) }]),
		);
	}

	private type(locationId: string, field: Field, value: string): void {
		const row = this.typed.get(locationId) ?? { reorderPoint: "", reorderQty: "" };
		this.typed = new Map(this.typed).set(locationId, { ...row, [field]: value });
	}

	/** The changed rows as PATCH /levels takes them, or null when a box holds no quantity (its error then shows). */
	private changes(): LevelPatch[] | null {
		const errors = new Map<string, string>();
		const patches: LevelPatch[] = [];
		for (const row of this.rows ?? []) {
			const typed = this.typed.get(row.locationId);
			if (!typed) continue;
			const patch: LevelPatch = { productId: row.productId, locationId: row.locationId, version: row.version };
			let changed = false;
			for (const field of FIELDS) {
				const text = typed[field].trim();
				const value = text === "" ? null : parseQuantity(text);
				if (text !== "" && (value === null || value < 0)) {
					errors.set(`${row.locationId}.${field}`, t("notQuantity"));
					continue;
				}
				if (value !== row[field]) {
					patch[field] = value;
					changed = true;
				}
			}
			if (changed) patches.push(patch);
		}
		this.errors = errors;
		return errors.size > 0 ? null : patches;
	}

	private async save(event: SubmitEvent): Promise<void> {
		event.preventDefault();
		if (this.busy) return;
		this.message = "";
		const patches = this.changes();
		if (patches === null) return;
		if (patches.length === 0) {
			this.ok = true;
			this.message = t("unchanged");
			return;
		}
		this.busy = true;
		try {
			const answer = await this.api.patch<{ items: LevelPatchResult[] }>("/levels", { items: patches });
			const conflict = answer.items.some((r) => r.status !== "updated");
			if (conflict) {
				// Someone saved these rows since they loaded: show them as they are now, and say so.
				await this.load();
				this.ok = false;
				this.message = t("conflict");
			} else {
				const saved = new Map(answer.items.flatMap((r) => (r.row ? [[r.locationId, r.row] as const] : [])));
				this.showRows((this.rows ?? []).map((r) => saved.get(r.locationId) ?? r));
				this.ok = true;
				this.message = t("saved");
			}
		} catch (error) {
			this.ok = false;
			this.message = problemMessage(error);
		} finally {
			this.busy = false;
		}
	}

	override render() {
		return html`<section class="card span-columns" aria-labelledby="reorder-title" data-section="reorder">
			<h2 id="reorder-title">${t("title")}</h2>
			${
				this.loadError
					? html`<p class="error-banner" role="alert">${this.loadError}</p>`
					: this.rows === null
						? html`<p class="muted" role="status">${t("loading")}</p>`
						: this.may("staff")
							? this.form(this.rows)
							: this.table(this.rows)
			}
		</section>`;
	}

	private table(rows: LevelRow[]) {
		const shown = (v: number | null) => (v === null ? t("none") : formatQuantity(v));
		return html`<div class="table-wrap" tabindex="0" aria-labelledby="reorder-title">
			<table class="data" data-table="reorder">
				${this.head()}
				<tbody>
					${rows.map(
						(r) => html`<tr data-location-id=${r.locationId}>
							<th scope="row">${this.locationName(r.locationId)}</th>
							<td class="num">${shown(r.reorderPoint)}</td>
							<td class="num">${shown(r.reorderQty)}</td>
						</tr>`,
					)}
				</tbody>
			</table>
		</div>`;
	}

	private head() {
		return html`<thead>
			<tr>
				<th scope="col">${t("location")}</th>
				<th scope="col" class="num">${t("reorderPoint")}</th>
				<th scope="col" class="num">${t("reorderQty")}</th>
			</tr>
		</thead>`;
	}

	private form(rows: LevelRow[]) {
		return html`<form @submit=${this.save} novalidate>
			<p class="help">${t("help")}</p>
			<div class="table-wrap" tabindex="0" aria-labelledby="reorder-title">
				<table class="data" data-table="reorder">
					${this.head()}
					<tbody>
						${rows.map((r) => {
							const location = this.locationName(r.locationId);
							return html`<tr data-location-id=${r.locationId}>
								<th scope="row">${location}</th>
								${FIELDS.map((field) => this.box(r.locationId, field, location))}
							</tr>`;
						})}
					</tbody>
				</table>
			</div>
			<div class="actions">
				<button type="submit" ?disabled=${this.busy}>${t("save")}</button>
				${formStatus({ busy: this.busy, ok: this.ok, message: this.message }, t("saving"))}
			</div>
		</form>`;
	}

	private box(locationId: string, field: Field, location: string) {
		const key = `${locationId}.${field}`;
		const id = `reorder-${field}-${locationId}`;
		const error = this.errors.get(key);
		return html`<td class="num">
			<input
				id=${id}
				class="num"
				inputmode="decimal"
				autocomplete="off"
				size="8"
				data-field=${field}
				aria-label=${t(field === "reorderPoint" ? "pointAt" : "qtyAt", { location })}
				aria-invalid=${error ? "true" : nothing}
				aria-describedby=${error ? `${id}-error` : nothing}
				.value=${this.typed.get(locationId)?.[field] ?? ""}
				@input=${(e: InputEvent) => this.type(locationId, field, (e.target as HTMLInputElement).value)}
			/>
			${fieldError(`${id}-error`, error)}
		</td>`;
	}
}
