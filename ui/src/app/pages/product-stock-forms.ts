/**
 * The stock commands of a product's page (product-page.ts), each a form of its own: an adjustment
 * (adds to or removes from on hand at one location) and a transfer between two locations. For a
 * product tracked by lot, each also takes lot rows (lot, expiry for an adjustment, quantity): Enter
 * goes to the next row or adds one, and a list pasted from a sheet fills them (ui/src/lots/). A
 * submission's idempotency key is kept after a network failure, so that trying again cannot apply
 * it twice; after a command the page reloads the product (`afterSave`), and a failure to do so shows
 * in the form like the command's own. The server's errors land at their field, a lot's at its row.
 */
import { html, nothing, type PropertyValues, type TemplateResult } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { repeat } from "lit/directives/repeat.js";
import { ApiError } from "../../api/api-client";
import type { Location, StockCommandResult } from "../../api/types";
import { getLocale } from "../../i18n/locale";
import { formatQuantity, parseQuantity } from "../../i18n/numbers";
import { isLotList, parseLotList } from "../../lots/lot-paste";
import {
	emptyLotRow,
	isBlankRow,
	LOTS_FIELD,
	type LotField,
	type LotRow,
	type LotRowError,
	type LotsError,
	lotFieldOf,
	lotsPlan,
	lotsTotal,
	pasteIntoRows,
} from "../../lots/lot-rows";
import { AppPage, idempotencyKey } from "../app-page";
import { formatDay } from "../dates";
import { fieldError, textField } from "../form-field";
import { formStatus } from "../form-status";
import { fieldErrors, formMessage } from "../problems";
import { productStockFormsMessages as t } from "./product-stock-forms.messages";

type MessageKey = Parameters<typeof t>[0];

/** One form's state: its field errors, its message, and the idempotency key of the submission under way. */
type FormState = { errors: Record<string, string>; message: string; ok: boolean; busy: boolean; key: string | null };
const idle = (): FormState => ({ errors: {}, message: "", ok: false, busy: false, key: null });

/** What the typed values ask for: a command to send, or the errors that stop it (and the field to focus). */
type Command =
	| {
			path: "/adjustments" | "/transfers";
			body: { quantity: number } & Record<string, string | number>;
			/** The fields it shows errors at; the problem's message says the others. */
			shownFields: string[];
			saved: (result: StockCommandResult) => string;
	  }
	| { errors: Record<string, string>; focus?: string };

const LOT_ERRORS: Record<LotRowError | LotsError, MessageKey> = {
	lotMissing: "lotMissing",
	lotTooLong: "lotTooLong",
	duplicateLot: "duplicateLot",
	notNumber: "notNumber",
	notPositive: "notPositive",
	notDate: "notDate",
	overTotal: "lotsOverTotal",
};

/** A lot the product already has, offered as the lot field's suggestion. */
export type KnownLot = { lot: string; expiry: string | null };

/** What both forms share: the product, the locations it may move between, their fields and their submission. */
abstract class StockCommandForm extends AppPage {
	@property() productId = "";
	/** The active locations: a command may use no other. */
	@property({ attribute: false }) locations: Location[] = [];
	/** How the page names a location in its sentences. */
	@property({ attribute: false }) locationName: (id: string) => string = (id) => id;
	/** The page's reload of the product, its ledger and chart, once a command is saved. */
	@property({ attribute: false }) afterSave: () => Promise<void> = async () => {};
	/** The product is tracked by lot: the form takes lot rows. */
	@property({ attribute: false }) lotTracked = false;
	/** New lots need an expiry (the server checks which lots are new). */
	@property({ attribute: false }) expiryRequired = false;
	@property({ attribute: false }) knownLots: KnownLot[] = [];
	@state() protected form: FormState = idle();
	@state() protected lotRows: LotRow[] = [emptyLotRow()];
	/** What a paste into the lot rows did, said politely. */
	@state() protected pasteNote = "";

	/** `data-form`, and the prefix of its fields' ids (`adjust-quantity`). */
	protected abstract readonly formName: "adjust" | "transfer";
	/** The lot rows take an expiry (a new lot's); a transfer moves lots that have theirs. */
	protected abstract readonly withExpiry: boolean;

	/** The command the typed values ask for; `read("quantity")` is a field's text. */
	protected abstract command(read: (name: string) => string): Command;

	protected override forgetMessages(): void {
		// A submission under way keeps its key: its answer still arrives.
		this.form = { ...idle(), busy: this.form.busy, key: this.form.key };
		this.pasteNote = "";
	}

	protected override willUpdate(changed: PropertyValues<this>): void {
		if (changed.has("productId")) {
			this.form = idle();
			this.lotRows = [emptyLotRow()];
			this.pasteNote = "";
		}
	}

	/** The rows' errors in words: a pasted expiry that is no date is quoted. */
	private lotErrorWords(errors: Map<string, LotRowError | LotsError>): Record<string, string> {
		const rows = new Map(this.lotRows.map((r) => [r.key, r]));
		return Object.fromEntries(
			[...errors].map(([key, code]) => {
				const text = code === "notDate" ? (rows.get(key.slice(0, key.lastIndexOf(".")))?.expiry ?? "") : "";
				return [key, t(LOT_ERRORS[code], { text })];
			}),
		);
	}

	/**
	 * Sends the command under this submission's key, says what it did, then has the page reload.
	 * A refusal shows its errors in place; the key is kept only when the request may not have arrived.
	 */
	private async submit(event: SubmitEvent): Promise<void> {
		event.preventDefault();
		if (this.form.busy) return;
		const form = event.currentTarget as HTMLFormElement;
		const data = new FormData(form);
		const command = this.command((name) => String(data.get(name) ?? ""));
		const total = "errors" in command ? null : command.body.quantity;
		const plan = this.lotTracked
			? lotsPlan(this.lotRows, { locale: getLocale(), total, withExpiry: this.withExpiry })
			: null;
		const errors = { ...("errors" in command ? command.errors : {}), ...(plan ? this.lotErrorWords(plan.errors) : {}) };
		if ("errors" in command || Object.keys(errors).length > 0) {
			this.form = { ...idle(), errors };
			this.pasteNote = "";
			await this.updateComplete;
			const focus = "errors" in command && command.focus ? `[name=${command.focus}]` : '[aria-invalid="true"]';
			form.querySelector<HTMLElement>(focus)?.focus();
			return;
		}
		const reason = String(data.get("reason") ?? "").trim();
		const lots = plan && plan.lots.length > 0 ? plan.lots : null;
		// One key per submission; kept after a network failure so that trying again cannot apply it twice.
		const key = this.form.key ?? idempotencyKey();
		this.form = { ...idle(), busy: true, key };
		this.pasteNote = "";
		try {
			const result = await this.api.post<StockCommandResult>(command.path, {
				productId: this.productId,
				...command.body,
				...(lots ? { lots } : {}),
				...(reason ? { reason } : {}),
				idempotencyKey: key,
			});
			this.form = { ...idle(), ok: true, message: command.saved(result) };
			form.reset();
			this.lotRows = [emptyLotRow()];
			await this.afterSave();
		} catch (error) {
			const networkError = error instanceof ApiError && error.status === 0;
			// A lot's error at its row (`lots.1.expiry`), the lots' together under them; the rest at their field.
			const placed: Record<string, string> = {};
			const atLots: string[] = [];
			for (const [field, words] of Object.entries(fieldErrors(error))) {
				const at = this.lotTracked ? lotFieldOf(field, plan?.sentKeys ?? []) : null;
				if (at) atLots.push(field);
				placed[at ?? field] ??= this.namingLocations(words);
			}
			const message = formMessage(error, [...command.shownFields, ...atLots]);
			this.form = {
				...idle(),
				errors: placed,
				message: message ? this.namingLocations(message) : "",
				key: networkError ? key : null,
			};
			await this.updateComplete;
			if (atLots.length > 0) form.querySelector<HTMLElement>('[data-lots] [aria-invalid="true"]')?.focus();
		}
	}

	/** The server's words with its location ids ("lot A1 holds 6 at location 01J…") as the page names them. */
	private namingLocations(words: string): string {
		return this.locations.reduce((text, l) => text.replaceAll(l.id, this.locationName(l.id)), words);
	}

	/** The form around its fields, with its lot rows, its submit button and status. */
	protected view(fields: TemplateResult, submitLabel: string) {
		return html`<form class="stack" data-form=${this.formName} novalidate @submit=${this.submit}>
			${fields}
			${this.lotTracked ? this.lotRowsView() : nothing}
			<div class="actions">
				<button type="submit" class="primary" ?disabled=${this.form.busy}>${submitLabel}</button>
				${formStatus(this.form, t("saving"))}
			</div>
		</form>`;
	}

	protected input(
		name: string,
		label: string,
		options: { inputmode?: string; required?: boolean; maxlength?: number },
	) {
		const id = `${this.formName}-${name}`;
		return textField({ id, name, label, error: this.form.errors[name], type: "text", ...options });
	}

	protected select(name: string, label: string, selected?: string) {
		const id = `${this.formName}-${name}`;
		const error = this.form.errors[name];
		return html`<div class="field">
			<label for=${id}>${label}</label>
			<select
				id=${id}
				name=${name}
				aria-invalid=${error ? "true" : nothing}
				aria-describedby=${error ? `${id}-error` : nothing}
			>
				${this.locations.map(
					(l) => html`<option value=${l.id} ?selected=${selected ? l.id === selected : l.isDefault}>${l.name}</option>`,
				)}
			</select>
			${fieldError(`${id}-error`, error)}
		</div>`;
	}

	// ——— Lot rows ———

	private setLotRow(key: string, patch: Partial<Omit<LotRow, "key">>): void {
		this.lotRows = this.lotRows.map((r) => (r.key === key ? { ...r, ...patch } : r));
		const stale = [...Object.keys(patch).map((field) => `${key}.${field}`), LOTS_FIELD];
		if (stale.some((k) => k in this.form.errors)) {
			const errors = { ...this.form.errors };
			for (const k of stale) delete errors[k];
			this.form = { ...this.form, errors };
		}
	}

	private async focusLot(key: string | undefined): Promise<void> {
		await this.updateComplete;
		if (key) this.querySelector<HTMLInputElement>(`[data-lot-row="${key}"] [data-field="lot"]`)?.focus();
	}

	private addLotRow(): void {
		const row = emptyLotRow();
		this.lotRows = [...this.lotRows, row];
		void this.focusLot(row.key);
	}

	private removeLotRow(key: string): void {
		const at = this.lotRows.findIndex((r) => r.key === key);
		const rows = this.lotRows.filter((r) => r.key !== key);
		this.lotRows = rows.length > 0 ? rows : [emptyLotRow()];
		const errors = Object.fromEntries(
			Object.entries(this.form.errors).filter(([k]) => !k.startsWith(`${key}.`) && k !== LOTS_FIELD),
		);
		this.form = { ...this.form, errors };
		// Focus stays in the rows: on the row that took its place, else the last one.
		void this.focusLot((this.lotRows[at] ?? this.lotRows.at(-1))?.key);
	}

	/** Enter: to the next row's lot, or a new row after the last (none after a blank one); Ctrl+Enter saves. */
	private onLotKeydown(event: KeyboardEvent, key: string): void {
		if (event.key !== "Enter" || event.isComposing || event.shiftKey || event.altKey) return;
		event.preventDefault();
		if (event.ctrlKey || event.metaKey) {
			this.querySelector<HTMLFormElement>("form")?.requestSubmit();
			return;
		}
		const at = this.lotRows.findIndex((r) => r.key === key);
		const next = this.lotRows[at + 1];
		if (next) void this.focusLot(next.key);
		else if (!isBlankRow(this.lotRows[at] ?? emptyLotRow())) this.addLotRow();
	}

	/**
	 * A list pasted into a row (`lot<TAB>quantity<TAB>expiry` lines, from a sheet) fills the rows from
	 * there; what is wrong in it shows at once. An empty quantity of the command becomes their sum.
	 */
	private onLotPaste(event: ClipboardEvent): void {
		const target = event.target as HTMLElement;
		const key = target.closest<HTMLElement>("[data-lot-row]")?.dataset.lotRow;
		const text = event.clipboardData?.getData("text/plain") ?? "";
		const locale = getLocale();
		if (!key || !isLotList(text, locale)) return;
		// One line without a tab is a list only in the lot's field: in a quantity, "12,5" is a number.
		if (target.dataset.field !== "lot" && !/[\t\n]/.test(text.replace(/\s+$/, ""))) return;
		event.preventDefault();
		const pasted = parseLotList(text, locale);
		this.lotRows = pasteIntoRows(this.lotRows, key, pasted, this.withExpiry);
		// The rows' own errors now; the sum against the command's quantity when it is sent.
		const plan = lotsPlan(this.lotRows, { locale, total: null, withExpiry: this.withExpiry });
		this.form = { ...idle(), busy: this.form.busy, key: this.form.key, errors: this.lotErrorWords(plan.errors) };
		const quantity = this.querySelector<HTMLInputElement>(`#${this.formName}-quantity`);
		const sum = lotsTotal(this.lotRows, locale);
		const fill = quantity !== null && quantity.value.trim() === "" && sum !== null;
		if (fill) quantity.value = formatQuantity(sum, locale);
		this.pasteNote = t(fill ? "pastedWithTotal" : "pasted", {
			count: pasted.length,
			total: formatQuantity(sum ?? 0, locale),
		});
	}

	protected abstract lotsHelp(): string;

	private lotRowsView() {
		const id = `${this.formName}-lots`;
		const groupError = this.form.errors[LOTS_FIELD];
		const expiryLabel = t(this.expiryRequired ? "expiryRequired" : "expiry");
		return html`<fieldset class="lot-rows" data-lots aria-describedby=${`${id}-help`}>
			<legend>${t("lots")}</legend>
			<p class="help" id=${`${id}-help`}>${this.lotsHelp()} ${t("lotsKeys")}</p>
			<div class="lot-grid ${this.withExpiry ? "" : "no-expiry"}" @paste=${this.onLotPaste}>
				<div class="lot-grid-head" aria-hidden="true">
					<span>${t("lot")}</span>
					${this.withExpiry ? html`<span>${expiryLabel}</span>` : nothing}
					<span class="head-num">${t("lotQuantity")}</span>
					<span></span>
				</div>
				${repeat(
					this.lotRows,
					(row) => row.key,
					(row, i) => this.lotRowView(row, i + 1, expiryLabel),
				)}
			</div>
			${fieldError(`${id}-error`, groupError, { alert: true })}
			<div class="actions">
				<button type="button" data-action="add-lot" @click=${this.addLotRow}>${t("addLot")}</button>
				<span class="muted small" role="status">${this.pasteNote}</span>
			</div>
			<datalist id=${`${id}-known`}>
				${this.knownLots.map(
					(l) => html`<option value=${l.lot}>${l.expiry ? t("expires", { date: formatDay(l.expiry) }) : ""}</option>`,
				)}
			</datalist>
		</fieldset>`;
	}

	private lotRowView(row: LotRow, n: number, expiryLabel: string) {
		const cell = (field: LotField, label: string, input: (a: { id: string; error?: string }) => TemplateResult) => {
			const id = `${row.key}-${field}`;
			const error = this.form.errors[`${row.key}.${field}`];
			return html`<div class="lot-cell" data-cell=${field}>
				<label class="lot-label" for=${id}>${label}</label>
				${input({ id, ...(error ? { error } : {}) })}
				${fieldError(`${id}-error`, error)}
			</div>`;
		};
		const invalid = (error?: string) => (error ? "true" : nothing);
		const describedBy = (id: string, error?: string) => (error ? `${id}-error` : nothing);
		const keydown = (event: KeyboardEvent) => this.onLotKeydown(event, row.key);
		return html`<div class="lot-row" role="group" aria-label=${t("lotRow", { n })} data-lot-row=${row.key}>
			${cell(
				"lot",
				t("lot"),
				({ id, error }) => html`<input
					id=${id}
					data-field="lot"
					list=${`${this.formName}-lots-known`}
					autocomplete="off"
					spellcheck="false"
					.value=${row.lot}
					aria-invalid=${invalid(error)}
					aria-describedby=${describedBy(id, error)}
					@input=${(e: Event) => this.setLotRow(row.key, { lot: (e.target as HTMLInputElement).value })}
					@keydown=${keydown}
				/>`,
			)}
			${
				this.withExpiry
					? cell(
							"expiry",
							expiryLabel,
							({ id, error }) => html`<input
								id=${id}
								data-field="expiry"
								type="date"
								.value=${row.expiry}
								aria-invalid=${invalid(error)}
								aria-describedby=${describedBy(id, error)}
								@input=${(e: Event) => this.setLotRow(row.key, { expiry: (e.target as HTMLInputElement).value })}
								@keydown=${keydown}
							/>`,
						)
					: nothing
			}
			${cell(
				"quantity",
				t("lotQuantity"),
				({ id, error }) => html`<input
					id=${id}
					data-field="quantity"
					class="num"
					inputmode="decimal"
					autocomplete="off"
					.value=${row.quantity}
					aria-invalid=${invalid(error)}
					aria-describedby=${describedBy(id, error)}
					@input=${(e: Event) => this.setLotRow(row.key, { quantity: (e.target as HTMLInputElement).value })}
					@keydown=${keydown}
				/>`,
			)}
			<button
				type="button"
				class="quiet lot-remove"
				data-action="remove-lot"
				aria-label=${t("removeLot", { n })}
				title=${t("removeLot", { n })}
				@click=${() => this.removeLotRow(row.key)}
			>
				<span aria-hidden="true">✕</span>
			</button>
		</div>`;
	}
}

@customElement("stockroom-product-adjust-form")
export class ProductAdjustForm extends StockCommandForm {
	protected readonly formName = "adjust";
	protected readonly withExpiry = true;

	protected lotsHelp(): string {
		return t("adjustLotsHelp");
	}

	protected command(read: (name: string) => string): Command {
		const locationId = read("locationId");
		const quantity = parseQuantity(read("quantity"));
		if (quantity === null || quantity === 0)
			return { errors: { quantity: t(quantity === null ? "notNumber" : "notZero") }, focus: "quantity" };
		return {
			path: "/adjustments",
			body: { locationId, quantity },
			shownFields: ["quantity", "locationId", "reason"],
			saved: (result) =>
				t("adjusted", {
					location: this.locationName(locationId),
					onHand: formatQuantity(result.levels.find((l) => l.locationId === locationId)?.onHand ?? 0),
				}),
		};
	}

	override render() {
		if (this.locations.length === 0) return html`<p class="muted">${t("noLocations")}</p>`;
		return this.view(
			html`<p class="muted small">${t("adjustHelp")}</p>
				<div class="field-row">
					${this.select("locationId", t("location"))}
					${this.input("quantity", t("quantity"), { inputmode: "decimal", required: true })}
				</div>
				${this.input("reason", t("reason"), { maxlength: 500 })}`,
			t("adjustSubmit"),
		);
	}
}

@customElement("stockroom-product-transfer-form")
export class ProductTransferForm extends StockCommandForm {
	protected readonly formName = "transfer";
	protected readonly withExpiry = false;

	protected lotsHelp(): string {
		return t("transferLotsHelp");
	}

	protected command(read: (name: string) => string): Command {
		const fromLocationId = read("fromLocationId");
		const toLocationId = read("toLocationId");
		const quantity = parseQuantity(read("quantity"));
		const errors: Record<string, string> = {};
		if (quantity === null) errors.quantity = t("notNumber");
		else if (quantity <= 0) errors.quantity = t("notPositive");
		if (fromLocationId === toLocationId) errors.toLocationId = t("sameLocation");
		if (Object.keys(errors).length > 0 || quantity === null) return { errors };
		return {
			path: "/transfers",
			body: { fromLocationId, toLocationId, quantity },
			shownFields: ["quantity", "fromLocationId", "toLocationId", "reason"],
			saved: () =>
				t("transferred", {
					quantity: formatQuantity(quantity),
					from: this.locationName(fromLocationId),
					to: this.locationName(toLocationId),
				}),
		};
	}

	override render() {
		if (this.locations.length < 2) return html`<p class="muted">${t("noLocations")}</p>`;
		return this.view(
			html`<div class="field-row">
					${this.select("fromLocationId", t("from"))}
					${this.select("toLocationId", t("to"), this.locations[1]?.id)}
				</div>
				<div class="field-row">
					${this.input("quantity", t("quantity"), { inputmode: "decimal", required: true })}
					${this.input("reason", t("reason"), { maxlength: 500 })}
				</div>`,
			t("transferSubmit"),
		);
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-product-adjust-form": ProductAdjustForm;
		"stockroom-product-transfer-form": ProductTransferForm;
	}
}
