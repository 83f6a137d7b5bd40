/**
 * `<stockroom-csv-import>`: the import of reorder points, reorder quantities, bins and counts from
 * a CSV file. Nothing is saved before the user has seen the preview of every change and every
 * error; then the changes go in batches of `PATCH /api/v1/levels` and one `POST /api/v1/counts` per
 * count, each count keyed by the file's content and line so that a double click or a retry counts
 * once.
 */
import { css, html, LitElement, nothing } from "lit";
import { property, state } from "lit/decorators.js";
import type { ApiClient } from "../api/api-client";
import type { LevelRow, Location } from "../api/types";
import { type CsvSeparator, detectCsvSeparator, parseCsv } from "../grid/model/csv";
import { type ProductRow, pivotLevels } from "../grid/model/grid-rows";
import { getLocale, type Locale } from "../i18n/locale";
import { onLocaleChange } from "../i18n/locale-listener";
import { formatQuantity } from "../i18n/numbers";
import { plural } from "../i18n/plural";
import { applyImportPlan, type ImportResult } from "./apply-import";
import { type ImportField, type ImportLocation, type ImportPlan, planCsvImport } from "./csv-import-plan";
import { decodeCsvBytes, sha256Hex } from "./import-file";
import { importMessages as t } from "./import-messages";

/** Rows of the preview tables shown at most (the counts in the summary stay exact). */
const SHOWN_ROWS = 500;

type LoadedFile = { name: string; text: string; hash: string; separator: CsvSeparator };
type Phase = "idle" | "reading" | "applying" | "done";

/** What `stockroom-imported` carries: the outcome, and the rows as the server now has them. */
export type ImportedDetail = ImportResult;

/**
 * The CSV import with its preview.
 *
 * @summary Imports reorder points, reorder quantities, bins and counts from a CSV file, after a preview.
 * @event stockroom-imported - Changes were saved; `detail`: `{ updated, counted, conflicts, failures, rows }`. Bubbles, composed.
 * @csspart file - The file input.
 * @csspart apply - The "Apply N changes" button.
 * @csspart errors - The table of errors.
 * @csspart changes - The table of changes.
 * @csspart result - What was saved, and what was not.
 */
export class StockroomCsvImport extends LitElement {
	static override styles = css`
		:host {
			display: block;
			font: inherit;
			color: var(--stockroom-text, inherit);
		}
		.help,
		.muted {
			color: var(--stockroom-muted, #5b6472);
			font-size: 0.9em;
		}
		.error,
		[role="alert"] {
			color: var(--stockroom-error, #b91c1c);
		}
		.tables {
			max-height: 50vh;
			overflow: auto;
		}
		table {
			border-collapse: collapse;
			margin: 0.5em 0 1em;
			font-size: 0.9em;
		}
		th,
		td {
			border: 1px solid var(--stockroom-border, #d9dde3);
			padding: 0.2em 0.5em;
			text-align: start;
			vertical-align: top;
		}
		th {
			background: var(--stockroom-header-bg, #f3f5f8);
			position: sticky;
			top: 0;
		}
		td.num {
			text-align: end;
			font-variant-numeric: tabular-nums;
		}
		.actions {
			display: flex;
			flex-wrap: wrap;
			gap: 1em;
			align-items: center;
			margin: 0.5em 0;
		}
		button {
			font: inherit;
			padding: 0.4em 1em;
		}
		h3 {
			font-size: 1em;
			margin: 1em 0 0.25em;
		}
	`;

	/** The API client of the app. */
	@property({ attribute: false }) api?: ApiClient;
	/** The grid's product rows (by product id); read from the API when not given. */
	@property({ attribute: false }) rows?: Map<string, ProductRow>;
	/** The company's locations; read from the API when not given. Archived ones are left out. */
	@property({ attribute: false }) locations?: (ImportLocation & { archivedAt?: string | null })[];

	@state() private file: LoadedFile | null = null;
	@state() private plan: ImportPlan | null = null;
	@state() private phase: Phase = "idle";
	@state() private skipErrors = false;
	@state() private progress = { done: 0, total: 0 };
	@state() private result: ImportResult | null = null;
	@state() private problem = "";

	/** Rows read from the API when the host gave none (again for each file, so versions are fresh). */
	#ownRows: Map<string, ProductRow> | null = null;
	#ownLocations: ImportLocation[] | null = null;
	/** Rows the import saved, laid over the host's rows until the host gives new ones (its map is not ours to change). */
	#saved: LevelRow[] = [];
	/** The rows the current plan was made against. */
	#planRows = new Map<string, ProductRow>();
	/** Counts file choices: a slow read of an earlier file must not replace a later one. */
	#generation = 0;

	constructor() {
		super();
		onLocaleChange(this, () => this.#replan());
	}

	protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
		// New rows (live updates, a reload) or locations: the preview follows, unless saving.
		if (changed.has("rows")) this.#saved = [];
		if ((changed.has("rows") || changed.has("locations")) && this.file && this.phase !== "applying") this.#replan();
	}

	/** Forgets the file and the preview (e.g. when the host's dialog closes). */
	reset(): void {
		this.#generation++;
		this.file = null;
		this.plan = null;
		this.phase = "idle";
		this.result = null;
		this.problem = "";
		this.skipErrors = false;
		const input = this.renderRoot.querySelector<HTMLInputElement>("input[type=file]");
		if (input) input.value = "";
	}

	get #locale(): Locale {
		return getLocale();
	}

	get #productRows(): Map<string, ProductRow> {
		const given = this.rows && this.rows.size > 0 ? this.rows : null;
		if (!given) return this.#ownRows ?? new Map();
		if (this.#saved.length === 0) return given;
		// A copy of the host's map where the products the import touched are copies with the saved levels.
		const merged = new Map(given);
		for (const row of this.#saved) {
			const product = merged.get(row.productId);
			if (product && product === given.get(row.productId))
				merged.set(row.productId, { ...product, levels: new Map(product.levels) });
		}
		pivotLevels(this.#saved, merged);
		return merged;
	}

	get #activeLocations(): ImportLocation[] {
		const given = this.locations && this.locations.length > 0 ? this.locations : null;
		if (given) return given.filter((l) => !l.archivedAt).map(({ id, name }) => ({ id, name }));
		return this.#ownLocations ?? [];
	}

	async #ensureData(): Promise<void> {
		const api = this.api;
		if (!api) return;
		const jobs: Promise<void>[] = [];
		if (!(this.rows && this.rows.size > 0))
			jobs.push(
				api.all<LevelRow>("/levels").then((levels) => {
					const map = new Map<string, ProductRow>();
					pivotLevels(levels, map);
					this.#ownRows = map;
				}),
			);
		if (!(this.locations && this.locations.length > 0))
			jobs.push(
				api.all<Location>("/locations").then((locations) => {
					this.#ownLocations = locations.filter((l) => !l.archivedAt).map(({ id, name }) => ({ id, name }));
				}),
			);
		await Promise.all(jobs);
	}

	async #onFile(event: Event): Promise<void> {
		const input = event.target as HTMLInputElement;
		const chosen = input.files?.[0];
		this.result = null;
		this.problem = "";
		this.plan = null;
		this.file = null;
		this.skipErrors = false;
		const generation = ++this.#generation;
		if (!chosen) return;
		this.phase = "reading";
		try {
			const bytes = new Uint8Array(await chosen.arrayBuffer());
			const text = decodeCsvBytes(bytes);
			const [hash] = await Promise.all([sha256Hex(bytes), this.#ensureData()]);
			if (generation !== this.#generation) return;
			this.file = { name: chosen.name, text, hash, separator: detectCsvSeparator(text) };
			this.#replan();
		} catch (error) {
			if (generation !== this.#generation) return;
			this.problem = t("readFailed", { message: error instanceof Error ? error.message : String(error) });
		} finally {
			if (generation === this.#generation) this.phase = "idle";
		}
	}

	#replan(): void {
		const file = this.file;
		if (!file) {
			this.requestUpdate();
			return;
		}
		// A `;` file comes from a comma-decimal Excel (French); a `,` file cannot use decimal commas unquoted.
		const numbers: Locale = file.separator === ";" ? "fr" : file.separator === "," ? "en" : this.#locale;
		this.#planRows = this.#productRows;
		this.plan = planCsvImport(parseCsv(file.text, file.separator), this.#planRows, this.#activeLocations, {
			locale: this.#locale,
			numbers,
		});
	}

	get #canApply(): boolean {
		const plan = this.plan;
		if (!plan || !this.api || !this.file || this.phase === "applying" || this.phase === "reading") return false;
		if (plan.changes.length === 0) return false;
		return plan.errors.length === 0 || this.skipErrors;
	}

	async #apply(): Promise<void> {
		const plan = this.plan;
		const file = this.file;
		const api = this.api;
		if (!this.#canApply || !plan || !file || !api) return;
		this.phase = "applying";
		this.progress = { done: 0, total: plan.patches.length + plan.counts.length };
		try {
			const result = await applyImportPlan(api, plan, {
				fileHash: file.hash,
				onProgress: (done, total) => {
					this.progress = { done, total };
				},
			});
			this.result = result;
			// The preview now shows what is still different (conflicts, with their current versions).
			if (this.rows && this.rows.size > 0) this.#saved.push(...result.rows);
			else if (this.#ownRows) pivotLevels(result.rows, this.#ownRows);
			this.phase = "done";
			this.#replan();
			this.dispatchEvent(
				new CustomEvent<ImportedDetail>("stockroom-imported", { detail: result, bubbles: true, composed: true }),
			);
		} catch (error) {
			this.problem = error instanceof Error ? error.message : String(error);
			this.phase = "idle";
		}
	}

	#value(value: number | string | null, locale: Locale): string {
		if (value === null) return t("empty", undefined, locale);
		return typeof value === "number" ? formatQuantity(value, locale) : value;
	}

	#fieldName(field: ImportField, locale: Locale): string {
		return t(`field_${field}`, undefined, locale);
	}

	#where(p: { productId: string; locationId: string; line: number | null }): string {
		const sku = this.#planRows.get(p.productId)?.sku ?? p.productId;
		const location = this.#activeLocations.find((l) => l.id === p.locationId)?.name ?? p.locationId;
		return `${p.line !== null ? `${t("line")} ${p.line} · ` : ""}${sku} · ${location}`;
	}

	#renderPlan(plan: ImportPlan, locale: Locale) {
		const { changes, errors } = plan;
		return html`
			<p role="status">
				${
					changes.length === 0 && errors.length === 0
						? t("noChanges", undefined, locale)
						: t("summary", { changes: changes.length, lines: plan.lines, errors: errors.length }, locale)
				}
			</p>
			<div class="tables">
				${
					errors.length > 0
						? html`<h3 class="error">${t("errorsTitle", undefined, locale)}</h3>
							<table part="errors">
								<thead>
									<tr><th scope="col">${t("line", undefined, locale)}</th><th scope="col">${t("column", undefined, locale)}</th><th scope="col">${t("message", undefined, locale)}</th></tr>
								</thead>
								<tbody>
									${errors.slice(0, SHOWN_ROWS).map((e) => html`<tr><td class="num">${e.line}</td><td>${e.column}</td><td>${e.message}</td></tr>`)}
								</tbody>
							</table>
							${errors.length > SHOWN_ROWS ? html`<p class="muted">${t("more", { n: errors.length - SHOWN_ROWS }, locale)}</p>` : nothing}`
						: nothing
				}
				${
					changes.length > 0
						? html`<h3>${t("changesTitle", undefined, locale)}</h3>
							<table part="changes">
								<thead>
									<tr>
										<th scope="col">${t("line", undefined, locale)}</th>
										<th scope="col">${t("sku", undefined, locale)}</th>
										<th scope="col">${t("location", undefined, locale)}</th>
										<th scope="col">${t("field", undefined, locale)}</th>
										<th scope="col">${t("from", undefined, locale)}</th>
										<th scope="col">${t("to", undefined, locale)}</th>
									</tr>
								</thead>
								<tbody>
									${changes.slice(0, SHOWN_ROWS).map(
										(c) => html`<tr>
											<td class="num">${c.line}</td>
											<td>${c.sku}</td>
											<td>${c.location}</td>
											<td>${this.#fieldName(c.field, locale)}</td>
											<td class=${typeof c.from === "number" ? "num" : ""}>${this.#value(c.from, locale)}</td>
											<td class=${typeof c.to === "number" ? "num" : ""}>${this.#value(c.to, locale)}</td>
										</tr>`,
									)}
								</tbody>
							</table>
							${changes.length > SHOWN_ROWS ? html`<p class="muted">${t("more", { n: changes.length - SHOWN_ROWS }, locale)}</p>` : nothing}`
						: nothing
				}
			</div>
			${
				changes.length > 0
					? html`<div class="actions">
							${
								errors.length > 0
									? html`<label
											><input
												type="checkbox"
												name="skip-errors"
												.checked=${this.skipErrors}
												@change=${(e: Event) => {
													this.skipErrors = (e.target as HTMLInputElement).checked;
												}}
											/>
											${t("skipErrors", { n: plan.errorLines }, locale)}</label
										>`
									: nothing
							}
							<button type="button" part="apply" data-action="apply" ?disabled=${!this.#canApply} @click=${this.#apply}>
								${plural(t, "apply", changes.length, {}, locale)}
							</button>
						</div>`
					: nothing
			}
		`;
	}

	#renderResult(result: ImportResult, locale: Locale) {
		return html`<div part="result">
			<p role="status">${t("done", { updated: result.updated, counted: result.counted }, locale)}</p>
			${
				result.conflicts.length > 0
					? html`<h3 class="error">${t("conflictsTitle", undefined, locale)}</h3>
						<ul>
							${result.conflicts.map((c) => html`<li>${this.#where(c)}</li>`)}
						</ul>`
					: nothing
			}
			${
				result.failures.length > 0
					? html`<h3 class="error">${t("failuresTitle", undefined, locale)}</h3>
						<ul>
							${result.failures.map((f) => html`<li>${t("failureLine", { where: this.#where(f), message: f.message }, locale)}</li>`)}
						</ul>`
					: nothing
			}
		</div>`;
	}

	override render() {
		const locale = this.#locale;
		return html`
			<label>
				${t("chooseFile", undefined, locale)}
				<input
					type="file"
					part="file"
					name="csv"
					accept=".csv,.txt,.tsv,text/csv,text/plain"
					?disabled=${this.phase === "applying"}
					@change=${this.#onFile}
				/>
			</label>
			<p class="help">${t("help", undefined, locale)}</p>
			${this.problem ? html`<p role="alert">${this.problem}</p>` : nothing}
			${this.phase === "reading" ? html`<p role="status">${t("reading", undefined, locale)}</p>` : nothing}
			${
				this.phase === "applying"
					? html`<p role="status">
							<progress max=${this.progress.total} .value=${this.progress.done}></progress>
							${t("applying", { done: this.progress.done, total: this.progress.total }, locale)}
						</p>`
					: nothing
			}
			${this.result ? this.#renderResult(this.result, locale) : nothing}
			${this.plan && this.phase !== "applying" ? this.#renderPlan(this.plan, locale) : nothing}
		`;
	}
}

// Two copies of the script on one page must not throw on the second definition.
if (!customElements.get("stockroom-csv-import")) customElements.define("stockroom-csv-import", StockroomCsvImport);

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-csv-import": StockroomCsvImport;
	}
	interface HTMLElementEventMap {
		"stockroom-imported": CustomEvent<ImportedDetail>;
	}
}
