/**
 * The audit trail (managers and owners): who changed what and when, newest first, filtered by the
 * kind of actor, an action or its start (`stock.`) and a span of days; "load more" pages back. A
 * row's Details shows what the request asked (the API's `detail`, secrets left out) and the stock
 * source it moved.
 */
import { html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import type { AuditActorKind, AuditEntry, Page } from "../../api/types";
import { plural } from "../../i18n/plural";
import { actorLabel } from "../actor-label";
import { AppPage } from "../app-page";
import {
	ACTION_PREFIXES,
	ACTOR_KINDS,
	type AuditFilterError,
	type AuditFilters,
	type AuditQuery,
	auditQuery,
} from "../audit-query";
import { formatDateTime } from "../dates";
import { fieldError } from "../form-field";
import { loadMoreFooter } from "../load-more";
import { problemMessage } from "../problems";
import { auditPageMessages as t } from "./audit-page.messages";

type MessageKey = Parameters<typeof t>[0];

const PAGE_SIZE = 50;
const NO_FILTERS: AuditFilters = { actorKind: "", action: "", from: "", to: "" };

const KIND_LABELS: Record<AuditActorKind, MessageKey> = {
	user: "kindUser",
	api_token: "kindApiToken",
	embed: "kindEmbed",
	qbo: "kindQbo",
};

const FILTER_ERRORS: Record<AuditFilterError, MessageKey> = {
	actionFormat: "actionFormat",
	dateFormat: "dateFormat",
	dateOrder: "dateOrder",
};

/** An action in words (`stock.adjusted` → "Stock adjusted"), or as recorded when this page has no words for it. */
function actionLabel(action: string): string {
	const key = `action_${action.replaceAll(".", "_")}`;
	return key in t.catalogue.en ? t(key as MessageKey) : action;
}

@customElement("stockroom-audit-page")
export class AuditPage extends AppPage {
	@state() private entries: AuditEntry[] | null = null;
	@state() private cursor: string | null = null;
	@state() private loadError = "";
	@state() private loadingMore = false;
	@state() private filters: AuditFilters = NO_FILTERS;
	@state() private filterErrors: Partial<Record<keyof AuditFilters, string>> = {};
	/** The entries whose details are shown. */
	@state() private expanded = new Set<string>();
	#query: AuditQuery = {};

	protected override forgetMessages(): void {
		this.filterErrors = {};
	}

	override connectedCallback(): void {
		super.connectedCallback();
		if (this.may("manager")) void this.load();
	}

	private async load(more = false): Promise<void> {
		if (more) this.loadingMore = true;
		try {
			const page = await this.api.get<Page<AuditEntry>>("/audit", {
				...this.#query,
				limit: PAGE_SIZE,
				cursor: more ? this.cursor : undefined,
			});
			this.entries = more ? [...(this.entries ?? []), ...page.items] : page.items;
			this.cursor = page.nextCursor;
			this.loadError = "";
		} catch (error) {
			this.loadError = problemMessage(error);
		} finally {
			this.loadingMore = false;
		}
	}

	private applyFilters(event: SubmitEvent): void {
		event.preventDefault();
		const data = new FormData(event.currentTarget as HTMLFormElement);
		const read = (name: string) => String(data.get(name) ?? "");
		const filters: AuditFilters = {
			actorKind: read("actorKind") as AuditFilters["actorKind"],
			action: read("action"),
			from: read("from"),
			to: read("to"),
		};
		this.filters = filters;
		const result = auditQuery(filters);
		if (!result.ok) {
			this.filterErrors = Object.fromEntries(
				Object.entries(result.errors).map(([field, code]) => [field, t(FILTER_ERRORS[code])]),
			);
			const first = Object.keys(result.errors)[0];
			this.querySelector<HTMLInputElement>(`#audit-${first}`)?.focus();
			return;
		}
		this.filterErrors = {};
		this.#query = result.query;
		this.entries = null;
		this.expanded = new Set();
		void this.load();
	}

	private clearFilters(): void {
		this.filters = { ...NO_FILTERS };
		this.filterErrors = {};
		this.#query = {};
		this.entries = null;
		this.expanded = new Set();
		void this.load();
	}

	private toggle(entry: AuditEntry): void {
		const expanded = new Set(this.expanded);
		if (!expanded.delete(entry.id)) expanded.add(entry.id);
		this.expanded = expanded;
	}

	override render() {
		if (!this.may("manager"))
			return html`<section class="page narrow" data-page="audit">
				<div class="page-head"><h1>${t("title")}</h1></div>
				<p class="notice-banner">${t("managersOnly")}</p>
			</section>`;
		return html`<section class="page" data-page="audit" aria-labelledby="audit-title">
			<div class="page-head"><h1 id="audit-title">${t("title")}</h1></div>
			<p class="lead">${t("lead")}</p>
			${this.filterForm()}
			${this.loadError ? html`<p class="error-banner" role="alert">${this.loadError}</p>` : nothing}
			<section class="card" aria-label=${t("entries")}>${this.list()}</section>
		</section>`;
	}

	private filterForm() {
		const f = this.filters;
		const errors = this.filterErrors;
		const invalid = (field: keyof AuditFilters) => (errors[field] ? "true" : nothing);
		const describedBy = (field: keyof AuditFilters, ...ids: string[]) =>
			[...ids, ...(errors[field] ? [`audit-${field}-error`] : [])].join(" ") || nothing;
		const filtered = f.actorKind !== "" || f.action !== "" || f.from !== "" || f.to !== "";
		return html`<form
			class="inline-form toolbar-form"
			role="search"
			data-form="audit-filters"
			novalidate
			@submit=${this.applyFilters}
		>
			<div class="field">
				<label for="audit-actorKind">${t("who")}</label>
				<select id="audit-actorKind" name="actorKind" data-filter="actorKind">
					<option value="" .selected=${f.actorKind === ""}>${t("anyone")}</option>
					${ACTOR_KINDS.map((kind) => html`<option value=${kind} .selected=${f.actorKind === kind}>${t(KIND_LABELS[kind])}</option>`)}
				</select>
			</div>
			<div class="field">
				<label for="audit-action">${t("action")}</label>
				<input
					id="audit-action"
					name="action"
					data-filter="action"
					list="audit-actions"
					autocomplete="off"
					spellcheck="false"
					placeholder="stock."
					.value=${f.action}
					aria-invalid=${invalid("action")}
					aria-describedby=${describedBy("action", "audit-action-help")}
				/>
				<datalist id="audit-actions">${ACTION_PREFIXES.map((prefix) => html`<option value=${prefix}></option>`)}</datalist>
				<p class="help" id="audit-action-help">${t("actionHelp")}</p>
				${fieldError("audit-action-error", errors.action)}
			</div>
			<div class="field">
				<label for="audit-from">${t("from")}</label>
				<input
					id="audit-from"
					name="from"
					type="date"
					data-filter="from"
					.value=${f.from}
					aria-invalid=${invalid("from")}
					aria-describedby=${describedBy("from")}
				/>
				${fieldError("audit-from-error", errors.from)}
			</div>
			<div class="field">
				<label for="audit-to">${t("to")}</label>
				<input
					id="audit-to"
					name="to"
					type="date"
					data-filter="to"
					.value=${f.to}
					aria-invalid=${invalid("to")}
					aria-describedby=${describedBy("to")}
				/>
				${fieldError("audit-to-error", errors.to)}
			</div>
			<div class="row-buttons">
				<button type="submit" class="primary">${t("filter")}</button>
				${filtered ? html`<button type="button" class="quiet" data-action="clear-filters" @click=${this.clearFilters}>${t("clear")}</button>` : nothing}
			</div>
		</form>`;
	}

	private list() {
		const entries = this.entries;
		if (!entries) return this.loadError ? nothing : html`<p class="muted" role="status">${t("loading")}</p>`;
		if (entries.length === 0)
			return html`<p class="muted">${Object.keys(this.#query).length > 0 ? t("none") : t("noneYet")}</p>`;
		return html`<div class="table-wrap">
				<table class="data audit-table" data-table="audit">
					<thead>
						<tr>
							<th scope="col">${t("when")}</th>
							<th scope="col">${t("who")}</th>
							<th scope="col">${t("action")}</th>
							<th scope="col">${t("target")}</th>
							<th scope="col"><span class="visually-hidden">${t("details")}</span></th>
						</tr>
					</thead>
					<tbody>
						${entries.map((entry) => this.row(entry))}
					</tbody>
				</table>
			</div>
			${loadMoreFooter({
				more: Boolean(this.cursor),
				loading: this.loadingMore,
				onMore: () => this.load(true),
				label: t("loadMore"),
				status: plural(t, this.cursor ? "shown" : "allShown", entries.length),
			})}`;
	}

	private row(entry: AuditEntry) {
		const open = this.expanded.has(entry.id);
		const detailId = `audit-detail-${entry.id}`;
		return html`<tr data-audit-id=${entry.id} data-audit-action=${entry.action}>
				<td class="nowrap"><time datetime=${entry.at}>${formatDateTime(entry.at)}</time></td>
				<td>
					${actorLabel(entry.actor)}
					<span class="badge quiet" data-actor-kind=${entry.actor.kind}>${t(KIND_LABELS[entry.actor.kind])}</span>
				</td>
				<td>${actionLabel(entry.action)} <span class="muted mono small">${entry.action}</span></td>
				<td class="mono small">${entry.target}</td>
				<td>
					<button
						type="button"
						class="quiet"
						data-action="toggle-detail"
						aria-expanded=${open ? "true" : "false"}
						aria-controls=${open ? detailId : nothing}
						aria-label=${t("detailsOf", { action: actionLabel(entry.action), when: formatDateTime(entry.at) })}
						@click=${() => this.toggle(entry)}
					>
						${open ? t("hide") : t("details")}
					</button>
				</td>
			</tr>
			${
				open
					? html`<tr class="detail-row" id=${detailId}>
							<td class="row-detail" colspan="5">
								${entry.subject ? html`<p class="small">${t("subject")} <span class="mono">${entry.subject}</span></p>` : nothing}
								${
									entry.detail === undefined || entry.detail === null
										? html`<p class="muted small">${t("noDetail")}</p>`
										: html`<pre class="mono audit-detail" data-detail>${JSON.stringify(entry.detail, null, 2)}</pre>`
								}
							</td>
						</tr>`
					: nothing
			}`;
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-audit-page": AuditPage;
	}
}
