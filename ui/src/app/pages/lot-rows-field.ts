/**
 * The lot rows of one line of a form — a purchase's receipt (purchase-receive-form.ts), an order's
 * delivery (order-delivery-form.ts), an assignment of unassigned stock (lots-to-assign.ts): lot,
 * expiry (when the form takes one) and quantity per row, typed with the keyboard (Enter goes to
 * the next row or adds one, Ctrl+Enter sends the form) or pasted from a sheet
 * (ui/src/lots/lot-paste.ts). Also the adjustment and transfer forms of a product's page
 * (product-stock-forms.ts). The form holds the rows and their errors; this element shows them and
 * says what changed.
 *
 * For a product tracked by serial number (`serial`), each row is one serial, without a quantity
 * (ui/src/lots/serial-rows.ts): typed, pasted as a list (one a line, or separated by commas or
 * spaces) or generated from a pattern (serial-pattern-field.ts); above them, for every serial of
 * the line, its lot and expiry (when the form takes what a new serial gets, `withExpiry`). An
 * error of the shared fields, wherever the server names it (`lots.3.expiry`), shows at that field.
 *
 * @event lot-rows-change - the rows as edited (`detail.rows`) and the error keys that no longer hold (`detail.stale`); after a paste or a pattern, the rows' own errors (`detail.errors`) and how many rows it added (`detail.added`)
 */
import { html, nothing, type TemplateResult } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { repeat } from "lit/directives/repeat.js";
import { getLocale } from "../../i18n/locale";
import { plural } from "../../i18n/plural";
import { isLotList, isSerialList, parseLotList, parseSerialList } from "../../lots/lot-paste";
import {
	emptyLotRow,
	isBlankRow,
	LOTS_FIELD,
	type LotField,
	type LotRow,
	type LotRowError,
	type LotsError,
	lotsPlan,
	pasteIntoRows,
} from "../../lots/lot-rows";
import {
	insertSerials,
	isBlankSerial,
	type SerialRowError,
	type SerialShared,
	type SerialsError,
	type SerialsSummary,
	serialsPlan,
	sharedOf,
	withShared,
} from "../../lots/serial-rows";
import { AppPage } from "../app-page";
import { fieldError } from "../form-field";
import { lotRowsFieldMessages as t } from "./lot-rows-field.messages";
import "./serial-pattern-field";

export type LotRowsChange = { rows: LotRow[]; stale: string[]; errors?: Record<string, string>; added?: number };

/** A lot the lot field offers: its name and what to say of it (expiry, stock here). */
export type LotSuggestion = { lot: string; label: string };

/** A lot or serial row's error as the pure checks name it (lot-rows.ts, serial-rows.ts, line-lots.ts). */
export type LotErrorCode = LotRowError | LotsError | SerialRowError | SerialsError | "serialMissing" | "expiryMissing";

/**
 * Errors of lot rows in words, by `${rowKey}.${field}` (and `lots` for the rows together); a pasted
 * expiry that is no date is quoted.
 */
export function lotErrorWords(
	rows: readonly LotRow[],
	errors: ReadonlyMap<string, LotErrorCode>,
): Record<string, string> {
	const byKey = new Map(rows.map((r) => [r.key, r]));
	return Object.fromEntries(
		[...errors].map(([key, code]) => {
			const text = code === "notDate" ? (byKey.get(key.slice(0, key.lastIndexOf(".")))?.expiry ?? "") : "";
			return [key, t(code, { text })];
		}),
	);
}

/**
 * "3 of 10 serials named" under a line's serial rows (serial-rows.ts `serialsSummary`); empty
 * while none is typed and the line's quantity is no number.
 */
export function serialSummaryWords(summary: SerialsSummary): string {
	if (summary.of === null) return summary.named === 0 ? "" : plural(t, "serialsCount", summary.named);
	if (summary.over) return t("serialsOver", { named: summary.named, of: summary.of });
	return t("serialsNamed", { named: summary.named, of: summary.of });
}

/**
 * Resolves once `root` and the lot rows in it have rendered: a form that just set their errors (or
 * opened them) can then focus a field inside.
 */
export async function lotRowsRendered(root: HTMLElement & { updateComplete: Promise<unknown> }): Promise<void> {
	await root.updateComplete;
	await Promise.all([...root.querySelectorAll("stockroom-lot-rows")].map((rows) => rows.updateComplete));
}

@customElement("stockroom-lot-rows")
export class LotRowsField extends AppPage {
	/** Unique in the page: the prefix of the datalist's and help's ids. */
	@property() name = "lots";
	@property({ attribute: false }) rows: LotRow[] = [emptyLotRow()];
	/** By `${rowKey}.${field}`, and `lots` for the rows together. */
	@property({ attribute: false }) errors: Record<string, string> = {};
	/** The rows take what a new lot gets: its expiry (and a serial's lot). */
	@property({ attribute: false }) withExpiry = true;
	/** The product is tracked by serial number: a row is one serial, without a quantity. */
	@property({ attribute: false }) serial = false;
	@property({ attribute: false }) expiryRequired = false;
	@property({ attribute: false }) suggestions: LotSuggestion[] = [];
	/** The fieldset's legend and help. */
	@property({ attribute: false }) legend = "";
	@property({ attribute: false }) help = "";
	/** Said under the rows: what they leave unassigned, say. */
	@property({ attribute: false }) summary: TemplateResult | string = "";
	/** Said beside a row: its lot's expiry, or that it is expired. */
	@property({ attribute: false }) note: (row: LotRow) => TemplateResult | typeof nothing = () => nothing;
	@state() private pasteNote = "";

	protected override forgetMessages(): void {
		this.pasteNote = "";
	}

	private change(rows: LotRow[], stale: string[], errors?: Record<string, string>, added?: number): void {
		this.rows = rows;
		// What a paste did is said until the rows are edited; then the form's summary again.
		this.pasteNote = "";
		const detail: LotRowsChange = { rows, stale, ...(errors ? { errors } : {}), ...(added ? { added } : {}) };
		this.dispatchEvent(new CustomEvent("lot-rows-change", { detail, bubbles: true, composed: true }));
	}

	private setRow(key: string, patch: Partial<Omit<LotRow, "key">>): void {
		const rows = this.rows.map((r) => (r.key === key ? { ...r, ...patch } : r));
		this.change(rows, [...Object.keys(patch).map((field) => `${key}.${field}`), LOTS_FIELD]);
	}

	private async focusLot(key: string | undefined): Promise<void> {
		await this.updateComplete;
		if (key) this.querySelector<HTMLInputElement>(`[data-lot-row="${key}"] [data-field="lot"]`)?.focus();
	}

	private addRow(): void {
		const row = this.serial ? withShared([emptyLotRow()], sharedOf(this.rows))[0] : emptyLotRow();
		if (!row) return;
		this.change([...this.rows, row], []);
		void this.focusLot(row.key);
	}

	private removeRow(key: string): void {
		const at = this.rows.findIndex((r) => r.key === key);
		const left = this.rows.filter((r) => r.key !== key);
		// The last row gone, a blank one keeps the serials' shared lot and expiry.
		const rows = left.length > 0 ? left : withShared([emptyLotRow()], sharedOf(this.rows));
		this.change(rows, [`${key}.lot`, `${key}.expiry`, `${key}.quantity`, `${key}.batch`, LOTS_FIELD]);
		// Focus stays in the rows: on the row that took its place, else the last one.
		void this.focusLot((rows[at] ?? rows.at(-1))?.key);
	}

	/** Enter: to the next row's lot, or a new row after the last (none after a blank one); Ctrl+Enter sends the form. */
	private onKeydown(event: KeyboardEvent, key: string): void {
		if (event.key !== "Enter" || event.isComposing || event.shiftKey || event.altKey) return;
		event.preventDefault();
		if (event.ctrlKey || event.metaKey) {
			this.closest("form")?.requestSubmit();
			return;
		}
		const at = this.rows.findIndex((r) => r.key === key);
		const next = this.rows[at + 1];
		const blank = this.serial ? isBlankSerial : isBlankRow;
		if (next) void this.focusLot(next.key);
		else if (!blank(this.rows[at] ?? emptyLotRow())) this.addRow();
	}

	/** A list pasted into a row (`lot<TAB>quantity<TAB>expiry` lines) fills the rows from there; what is wrong shows at once. */
	private onPaste(event: ClipboardEvent): void {
		const target = event.target as HTMLElement;
		const key = target.closest<HTMLElement>("[data-lot-row]")?.dataset.lotRow;
		const text = event.clipboardData?.getData("text/plain") ?? "";
		const locale = getLocale();
		if (this.serial) {
			if (!key || target.dataset.field !== "lot" || !isSerialList(text)) return;
			event.preventDefault();
			this.putSerials(key, parseSerialList(text), "pastedSerials");
			return;
		}
		if (!key || !isLotList(text, locale)) return;
		// One line without a tab is a list only in the lot's field: in a quantity, "12,5" is a number.
		if (target.dataset.field !== "lot" && !/[\t\n]/.test(text.replace(/\s+$/, ""))) return;
		event.preventDefault();
		const pasted = parseLotList(text, locale);
		const rows = pasteIntoRows(this.rows, key, pasted, this.withExpiry);
		const plan = lotsPlan(rows, { locale, total: null, withExpiry: this.withExpiry });
		const stale = Object.keys(this.errors);
		this.change(rows, stale, lotErrorWords(rows, plan.errors), pasted.length);
		this.pasteNote = plural(t, "pasted", pasted.length);
	}

	/** Serials pasted or generated, put in at the row `atKey` (else after the last); what is wrong shows at once. */
	private putSerials(atKey: string | null, serials: string[], said: "pastedSerials" | "generatedSerials"): void {
		if (serials.length === 0) return;
		const rows = insertSerials(this.rows, atKey, serials);
		const plan = serialsPlan(rows, { total: null, withExpiry: this.withExpiry });
		this.change(rows, Object.keys(this.errors), lotErrorWords(rows, plan.errors), serials.length);
		this.pasteNote = plural(t, said, serials.length, { first: serials[0] ?? "", last: serials.at(-1) ?? "" });
		if (said === "generatedSerials") void this.focusLot(rows.at(-1)?.key);
	}

	/** A shared field of the serials (their lot, their expiry) typed: every row takes it. */
	private setShared(patch: Partial<SerialShared>): void {
		const rows = withShared(this.rows, { ...sharedOf(this.rows), ...patch });
		const stale = Object.keys(patch).flatMap((field) => this.rows.map((r) => `${r.key}.${field}`));
		this.change(rows, [...stale, LOTS_FIELD]);
	}

	/** The first error of a shared field, at whichever row the check or the server named it. */
	private sharedError(field: "batch" | "expiry"): string | undefined {
		for (const row of this.rows) {
			const error = this.errors[`${row.key}.${field}`];
			if (error) return error;
		}
		return undefined;
	}

	override render() {
		if (this.serial) return this.serialView();
		const id = `${this.name}-lots`;
		const expiryLabel = t(this.expiryRequired ? "expiryRequired" : "expiry");
		return html`<fieldset class="lot-rows" data-lots=${this.name} aria-describedby=${`${id}-help`}>
			${this.legend ? html`<legend>${this.legend}</legend>` : nothing}
			<p class="help" id=${`${id}-help`}>${this.help} ${t(this.withExpiry ? "keys" : "keysNoExpiry")}</p>
			<div class="lot-grid ${this.withExpiry ? "" : "no-expiry"}" @paste=${this.onPaste}>
				<div class="lot-grid-head" aria-hidden="true">
					<span>${t("lot")}</span>
					${this.withExpiry ? html`<span>${expiryLabel}</span>` : nothing}
					<span class="head-num">${t("quantity")}</span>
					<span></span>
				</div>
				${repeat(
					this.rows,
					(row) => row.key,
					(row, i) => this.rowView(row, i + 1, expiryLabel),
				)}
			</div>
			${this.fieldEnd(id, t("addLot"))}
		</fieldset>`;
	}

	private rowView(row: LotRow, n: number, expiryLabel: string) {
		const cell = (field: LotField, label: string, input: (id: string, error?: string) => TemplateResult) => {
			const id = `${row.key}-${field}`;
			const error = this.errors[`${row.key}.${field}`];
			return html`<div class="lot-cell" data-cell=${field}>
				<label class="lot-label" for=${id}>${label}</label>
				${input(id, error)}
				${fieldError(`${id}-error`, error)}
			</div>`;
		};
		const invalid = (error?: string) => (error ? "true" : nothing);
		const describedBy = (id: string, error?: string) => (error ? `${id}-error` : nothing);
		const keydown = (event: KeyboardEvent) => this.onKeydown(event, row.key);
		const note = this.note(row);
		return html`<div class="lot-row" role="group" aria-label=${t("lotRow", { n })} data-lot-row=${row.key}>
			${cell(
				"lot",
				t("lot"),
				(id, error) => html`<input
					id=${id}
					data-field="lot"
					list=${`${this.name}-lots-known`}
					autocomplete="off"
					spellcheck="false"
					.value=${row.lot}
					aria-invalid=${invalid(error)}
					aria-describedby=${describedBy(id, error)}
					@input=${(e: Event) => this.setRow(row.key, { lot: (e.target as HTMLInputElement).value })}
					@keydown=${keydown}
				/>`,
			)}
			${
				this.withExpiry
					? cell(
							"expiry",
							expiryLabel,
							(id, error) => html`<input
								id=${id}
								data-field="expiry"
								type="date"
								.value=${row.expiry}
								aria-invalid=${invalid(error)}
								aria-describedby=${describedBy(id, error)}
								@input=${(e: Event) => this.setRow(row.key, { expiry: (e.target as HTMLInputElement).value })}
								@keydown=${keydown}
							/>`,
						)
					: nothing
			}
			${cell(
				"quantity",
				t("quantity"),
				(id, error) => html`<input
					id=${id}
					data-field="quantity"
					class="num"
					inputmode="decimal"
					autocomplete="off"
					.value=${row.quantity}
					aria-invalid=${invalid(error)}
					aria-describedby=${describedBy(id, error)}
					@input=${(e: Event) => this.setRow(row.key, { quantity: (e.target as HTMLInputElement).value })}
					@keydown=${keydown}
				/>`,
			)}
			${this.rowEnd(row.key, t("removeLot", { n }), note)}
		</div>`;
	}

	/** The serial rows: the shared lot and expiry, the pattern, then one serial a row. */
	private serialView() {
		const id = `${this.name}-lots`;
		const shared = sharedOf(this.rows);
		const sharedField = (field: "batch" | "expiry", label: string, type: string) => {
			const fieldId = `${this.name}-serial-${field}`;
			const error = this.sharedError(field);
			return html`<div class="field" data-cell=${field}>
				<label for=${fieldId}>${label}</label>
				<input
					id=${fieldId}
					data-field=${field}
					type=${type}
					autocomplete="off"
					spellcheck="false"
					maxlength=${field === "batch" ? 64 : nothing}
					.value=${shared[field]}
					aria-invalid=${error ? "true" : nothing}
					aria-describedby=${error ? `${fieldId}-error` : nothing}
					@input=${(e: Event) => this.setShared({ [field]: (e.target as HTMLInputElement).value })}
				/>
				${fieldError(`${fieldId}-error`, error)}
			</div>`;
		};
		return html`<fieldset class="lot-rows serial-rows" data-lots=${this.name} data-mode="serial" aria-describedby=${`${id}-help`}>
			${this.legend ? html`<legend>${this.legend}</legend>` : nothing}
			<p class="help" id=${`${id}-help`}>${this.help} ${t("serialKeys")}</p>
			${
				this.withExpiry
					? html`<div class="field-row serial-shared">
							${sharedField("batch", t("serialBatch"), "text")}
							${sharedField("expiry", t(this.expiryRequired ? "serialExpiryRequired" : "serialExpiry"), "date")}
						</div>`
					: nothing
			}
			<stockroom-serial-pattern
				name=${this.name}
				@serials-generated=${(e: CustomEvent<string[]>) => this.putSerials(null, e.detail, "generatedSerials")}
			></stockroom-serial-pattern>
			<div class="lot-grid serial-grid" @paste=${this.onPaste}>
				<div class="lot-grid-head" aria-hidden="true">
					<span>${t("serial")}</span>
					<span></span>
				</div>
				${repeat(
					this.rows,
					(row) => row.key,
					(row, i) => this.serialRowView(row, i + 1),
				)}
			</div>
			${this.fieldEnd(id, t("addSerial"))}
		</fieldset>`;
	}

	/** One serial: its number (a server's refusal of its quantity shows there too, it has no other). */
	private serialRowView(row: LotRow, n: number) {
		const id = `${row.key}-lot`;
		const error = this.errors[`${row.key}.lot`] ?? this.errors[`${row.key}.quantity`];
		const note = this.note(row);
		return html`<div class="lot-row" role="group" aria-label=${t("serialRow", { n })} data-lot-row=${row.key}>
			<div class="lot-cell" data-cell="lot">
				<label class="lot-label" for=${id}>${t("serial")}</label>
				<input
					id=${id}
					data-field="lot"
					list=${`${this.name}-lots-known`}
					autocomplete="off"
					spellcheck="false"
					.value=${row.lot}
					aria-invalid=${error ? "true" : nothing}
					aria-describedby=${error ? `${id}-error` : nothing}
					@input=${(e: Event) => this.setRow(row.key, { lot: (e.target as HTMLInputElement).value, quantity: "" })}
					@keydown=${(event: KeyboardEvent) => this.onKeydown(event, row.key)}
				/>
				${fieldError(`${id}-error`, error)}
			</div>
			${this.rowEnd(row.key, t("removeSerial", { n }), note)}
		</div>`;
	}

	/** A row's end, lot or serial alike: its remove button, then its note if it has one. */
	/** Below the rows, lots or serials alike: the rows' error, "add a row" and the summary, the lots known. */
	private fieldEnd(id: string, addLabel: string) {
		return html`${fieldError(`${id}-error`, this.errors[LOTS_FIELD], { alert: true })}
			<div class="actions">
				<button type="button" data-action="add-lot" @click=${this.addRow}>${addLabel}</button>
				<span class="muted small" role="status" data-lots-summary>${this.pasteNote || this.summary}</span>
			</div>
			<datalist id=${`${id}-known`}>
				${this.suggestions.map((s) => html`<option value=${s.lot}>${s.label}</option>`)}
			</datalist>`;
	}

	private rowEnd(key: string, removeLabel: string, note: TemplateResult | typeof nothing) {
		return html`<button
				type="button"
				class="quiet lot-remove"
				data-action="remove-lot"
				aria-label=${removeLabel}
				title=${removeLabel}
				@click=${() => this.removeRow(key)}
			>
				<span aria-hidden="true">✕</span>
			</button>
			${note === nothing ? nothing : html`<div class="lot-note small" data-lot-note>${note}</div>`}`;
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-lot-rows": LotRowsField;
	}
}
