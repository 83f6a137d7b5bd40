/**
 * "To assign", a section of the Lots page (lots-page.ts; docs/architecture.md#lots): where stock of
 * a product tracked by lot is in no lot yet — what arrived from QuickBooks, the opening import, a
 * receipt or an adjustment without lots — per product and location (`GET /lots/unassigned`), a page
 * at a time. Staff and up open a row's "Assign to lots" form: lot rows with their expiry
 * (lot-rows-field.ts; serial numbers, one unit each, for a product tracked by serial), posted as `POST /lots/assignments` under one idempotency key per submission
 * (kept after a network failure, so that trying again cannot assign twice). On hand does not change.
 *
 * @event lots-assigned - stock was put into lots: the page's list of lots has new rows
 */
import { html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { ApiError } from "../../api/api-client";
import type { Location, Page, ProductLot, StockCommandResult, UnassignedStock } from "../../api/types";
import { getLocale } from "../../i18n/locale";
import { formatQuantity } from "../../i18n/numbers";
import { plural } from "../../i18n/plural";
import { lotsSummary, missingExpiries } from "../../lots/line-lots";
import { emptyLotRow, LOTS_FIELD, type LotRow, lotFieldOf, lotsPlan } from "../../lots/lot-rows";
import { serialsPlan, serialsSummary } from "../../lots/serial-rows";
import { AppPage, idempotencyKey } from "../app-page";
import { formatDay } from "../dates";
import { fieldError } from "../form-field";
import { formStatus } from "../form-status";
import { loadMoreFooter } from "../load-more";
import { fieldErrors, formMessage, problemMessage } from "../problems";
import { routeHash } from "../router";
import {
	type LotErrorCode,
	type LotRowsChange,
	lotErrorWords,
	lotRowsRendered,
	serialSummaryWords,
} from "./lot-rows-field";
import { lotsToAssignMessages as t } from "./lots-to-assign.messages";
import "./lot-rows-field";

const PAGE_SIZE = 50;

/** The open form: which row, its rows, the lots the product already has, and its submission. */
type AssignForm = {
	item: UnassignedStock;
	rows: LotRow[];
	/** By `${rowKey}.${field}`, `lots` for the rows together, `reason`. */
	errors: Record<string, string>;
	reason: string;
	known: { lot: string; expiry: string | null }[];
	busy: boolean;
	message: string;
	/** The submission's key while it may still arrive (a network failure); null for a fresh one. */
	key: string | null;
};

const rowId = (item: Pick<UnassignedStock, "productId" | "locationId">) => `${item.productId}:${item.locationId}`;

@customElement("stockroom-lots-to-assign")
export class LotsToAssign extends AppPage {
	/** Every location, archived ones too, for their names. */
	@property({ attribute: false }) locations: Location[] = [];
	@state() private items: UnassignedStock[] | null = null;
	@state() private cursor: string | null = null;
	@state() private loadError = "";
	@state() private loadingMore = false;
	@state() private form: AssignForm | null = null;
	/** What the last assignment did, said above the list. */
	@state() private notice = "";

	protected override forgetMessages(): void {
		this.notice = "";
		if (this.form) this.form = { ...this.form, errors: {}, message: "" };
	}

	override connectedCallback(): void {
		super.connectedCallback();
		void this.load();
	}

	private async load(more = false): Promise<void> {
		if (more) this.loadingMore = true;
		try {
			const page = await this.api.get<Page<UnassignedStock>>("/lots/unassigned", {
				limit: PAGE_SIZE,
				cursor: more ? this.cursor : undefined,
			});
			this.items = more ? [...(this.items ?? []), ...page.items] : page.items;
			this.cursor = page.nextCursor;
			this.loadError = "";
		} catch (error) {
			this.loadError = problemMessage(error);
		} finally {
			if (more) this.loadingMore = false;
		}
	}

	private locationName(id: string): string {
		const l = this.locations.find((x) => x.id === id);
		if (!l) return this.locations.length > 0 ? t("unknownLocation") : "";
		return l.archivedAt ? t("archived", { name: l.name }) : l.name;
	}

	private async open(item: UnassignedStock): Promise<void> {
		this.notice = "";
		this.form = { item, rows: [emptyLotRow()], errors: {}, reason: "", known: [], busy: false, message: "", key: null };
		await lotRowsRendered(this);
		this.querySelector<HTMLInputElement>('[data-form="assign"] [data-field="lot"]')?.focus();
		try {
			const answer = await this.api.get<{ items: { lots: ProductLot[] }[] }>(
				`/products/${encodeURIComponent(item.productId)}/lots`,
			);
			const known = new Map<string, string | null>();
			for (const l of answer.items.flatMap((i) => i.lots)) if (!known.has(l.lot)) known.set(l.lot, l.expiry);
			if (this.form?.item === item)
				this.form = { ...this.form, known: [...known].map(([lot, expiry]) => ({ lot, expiry })) };
		} catch {
			// Without them, the lot field suggests nothing and the server checks the expiries.
		}
	}

	private close(): void {
		const at = this.form ? rowId(this.form.item) : null;
		this.form = null;
		if (at) this.querySelector<HTMLElement>(`tr[data-row="${CSS.escape(at)}"] [data-action="assign"]`)?.focus();
	}

	private setRows(change: LotRowsChange): void {
		if (!this.form) return;
		const kept = Object.fromEntries(Object.entries(this.form.errors).filter(([k]) => !change.stale.includes(k)));
		this.form = { ...this.form, rows: change.rows, errors: { ...kept, ...change.errors } };
	}

	private async submit(event: SubmitEvent): Promise<void> {
		event.preventDefault();
		const form = this.form;
		if (!form || form.busy) return;
		const { item } = form;
		const serial = item.tracking === "serial";
		const plan = serial
			? serialsPlan(form.rows, { total: item.unassigned, withExpiry: true })
			: lotsPlan(form.rows, { locale: getLocale(), total: item.unassigned, withExpiry: true });
		const codes = new Map<string, LotErrorCode>(plan.errors);
		if (item.expiryRequired)
			for (const [key, code] of missingExpiries(form.rows, new Set(form.known.map((k) => k.lot))))
				if (!codes.has(key)) codes.set(key, code);
		if (codes.size === 0 && plan.lots.length === 0)
			codes.set(`${form.rows[0]?.key ?? ""}.lot`, serial ? "serialMissing" : "lotMissing");
		if (codes.size > 0) {
			const errors = lotErrorWords(form.rows, codes);
			if (errors[LOTS_FIELD]) errors[LOTS_FIELD] = t("overUnassigned", { unassigned: formatQuantity(item.unassigned) });
			this.form = { ...form, errors, message: "" };
			await lotRowsRendered(this);
			this.querySelector<HTMLElement>('[data-form="assign"] [aria-invalid="true"]')?.focus();
			return;
		}
		const key = form.key ?? idempotencyKey();
		const reason = form.reason.trim();
		this.form = { ...form, errors: {}, message: "", busy: true, key };
		try {
			await this.api.post<StockCommandResult>("/lots/assignments", {
				productId: item.productId,
				locationId: item.locationId,
				lots: plan.lots,
				...(reason ? { reason } : {}),
				idempotencyKey: key,
			});
			const total = plan.lots.reduce((sum, l) => sum + l.quantity, 0);
			this.form = null;
			this.notice = plural(t, "assigned", plan.lots.length, {
				quantity: formatQuantity(total),
				sku: item.sku,
				location: this.locationName(item.locationId),
			});
			this.dispatchEvent(new Event("lots-assigned", { bubbles: true, composed: true }));
			await this.load();
			await lotRowsRendered(this);
			this.querySelector<HTMLElement>("[data-assign-notice]")?.focus();
		} catch (error) {
			const networkError = error instanceof ApiError && error.status === 0;
			const errors: Record<string, string> = {};
			const shown: string[] = [];
			for (const [field, words] of Object.entries(fieldErrors(error))) {
				const at = field === "reason" ? field : lotFieldOf(field, plan.sentKeys);
				if (!at) continue;
				errors[at] ??= this.namingLocations(words);
				shown.push(field);
			}
			const message = formMessage(error, shown);
			this.form = {
				...form,
				busy: false,
				errors,
				message: message ? this.namingLocations(message) : "",
				key: networkError ? key : null,
			};
			// Assigned meanwhile by someone else: the list shows what is left.
			if (!networkError) void this.load();
			await lotRowsRendered(this);
			this.querySelector<HTMLElement>('[data-form="assign"] [aria-invalid="true"]')?.focus();
		}
	}

	/** The server's words with its location ids as the page names them. */
	private namingLocations(words: string): string {
		return this.locations.reduce((text, l) => text.replaceAll(l.id, l.name), words);
	}

	override render() {
		return html`<section class="card lots-to-assign" aria-labelledby="to-assign-title" data-section="to-assign">
			<h2 id="to-assign-title">${t("title")}</h2>
			<p class="muted small">${t("lead")}</p>
			${
				this.notice
					? html`<p class="form-status ok" role="status" tabindex="-1" data-assign-notice>${this.notice}</p>`
					: nothing
			}
			${this.loadError ? html`<p class="error-banner" role="alert">${this.loadError}</p>` : nothing}
			${this.list()}
		</section>`;
	}

	private list() {
		const items = this.items;
		if (!items) return this.loadError ? nothing : html`<p class="muted" role="status">${t("loading")}</p>`;
		if (items.length === 0) return html`<p class="muted" role="status">${t("none")}</p>`;
		const staff = this.may("staff");
		return html`<div class="table-wrap">
				<table class="data to-assign-list" data-table="to-assign">
					<thead>
						<tr>
							<th scope="col">${t("sku")}</th>
							<th scope="col">${t("name")}</th>
							<th scope="col">${t("location")}</th>
							<th scope="col" class="num">${t("onHand")}</th>
							<th scope="col" class="num">${t("inLots")}</th>
							<th scope="col" class="num">${t("unassigned")}</th>
							${staff ? html`<th scope="col"><span class="visually-hidden">${t("actions")}</span></th>` : nothing}
						</tr>
					</thead>
					<tbody>
						${items.map((item) => this.row(item, staff))}
					</tbody>
				</table>
			</div>
			${loadMoreFooter({
				more: Boolean(this.cursor),
				loading: this.loadingMore,
				onMore: () => this.load(true),
				label: t("loadMore"),
				status: plural(t, this.cursor ? "shown" : "allShown", items.length),
			})}`;
	}

	private row(item: UnassignedStock, staff: boolean) {
		const id = rowId(item);
		const open = this.form && rowId(this.form.item) === id ? this.form : null;
		const line = html`<tr data-row=${id} data-product-id=${item.productId} data-location-id=${item.locationId}>
			<th scope="row" class="nowrap">
				<a href=${routeHash({ page: "product", productId: item.productId })}>${item.sku}</a>
			</th>
			<td>${item.name}</td>
			<td>${this.locationName(item.locationId)}</td>
			<td class="num">${formatQuantity(item.onHand)}</td>
			<td class="num">${formatQuantity(item.assigned)}</td>
			<td class="num" data-field="unassigned">${formatQuantity(item.unassigned)}</td>
			${
				staff
					? html`<td class="nowrap">
							${
								item.unassigned > 0
									? html`<button
											type="button"
											data-action="assign"
											aria-expanded=${open ? "true" : "false"}
											@click=${() => (open ? this.close() : this.open(item))}
										>
											${t("assign")}
										</button>`
									: nothing
							}
						</td>`
					: nothing
			}
		</tr>`;
		return open ? [line, this.formRow(open)] : line;
	}

	private formRow(form: AssignForm) {
		const { item } = form;
		const locale = getLocale();
		const serial = item.tracking === "serial";
		const summary = serial ? null : lotsSummary(form.rows, String(item.unassigned), locale);
		const reasonError = form.errors.reason;
		return html`<tr class="lot-line" data-assign-of=${rowId(item)}>
			<td colspan="7">
				<form class="stack" data-form="assign" novalidate @submit=${this.submit}>
					<stockroom-lot-rows
						.api=${this.api}
						name="assign"
						.rows=${form.rows}
						.errors=${form.errors}
						.withExpiry=${true}
						.serial=${serial}
						.expiryRequired=${item.expiryRequired}
						.suggestions=${(serial ? [] : form.known).map((k) => ({
							lot: k.lot,
							label: k.expiry ? t("lotExpires", { date: formatDay(k.expiry) }) : t("lotKnown"),
						}))}
						.legend=${t("formTitle", { sku: item.sku, location: this.locationName(item.locationId) })}
						.help=${t("formHelp", { unassigned: formatQuantity(item.unassigned) })}
						.summary=${
							serial
								? serialSummaryWords(serialsSummary(form.rows, formatQuantity(item.unassigned, locale), locale))
								: summary === null || summary.inLots === 0
									? ""
									: summary.over
										? t("overUnassigned", { unassigned: formatQuantity(item.unassigned) })
										: t("leftUnassigned", { rest: formatQuantity(summary.rest, locale) })
						}
						@lot-rows-change=${(e: CustomEvent<LotRowsChange>) => this.setRows(e.detail)}
					></stockroom-lot-rows>
					<div class="field">
						<label for="assign-reason">${t("reason")}</label>
						<input
							id="assign-reason"
							name="reason"
							maxlength="500"
							autocomplete="off"
							.value=${form.reason}
							aria-invalid=${reasonError ? "true" : nothing}
							aria-describedby=${reasonError ? "assign-reason-error" : nothing}
							@input=${(e: Event) => {
								if (this.form) this.form = { ...this.form, reason: (e.target as HTMLInputElement).value };
							}}
						/>
						${fieldError("assign-reason-error", reasonError)}
					</div>
					<div class="actions">
						<button type="submit" class="primary" data-action="save-assignment" ?disabled=${form.busy}>
							${t("save")}
						</button>
						<button type="button" class="quiet" data-action="cancel-assignment" @click=${this.close}>
							${t("cancel")}
						</button>
						${formStatus(form, t("saving"))}
					</div>
				</form>
			</td>
		</tr>`;
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-lots-to-assign": LotsToAssign;
	}
}
