/**
 * QuickBooks: the connection (connect, disconnect), what sync is doing (a progress bar while it
 * imports or drains a resync, polled every 2 s), resync in either direction, the agreement of
 * QuickBooks' quantities with ours (qbo-drift-section.ts), and the sync log with a retry for what
 * failed.
 */
import { html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { Page, ResyncDirection, ResyncResult, SyncLogEntry, SyncLogStatus, SyncStatus } from "../../api/types";
import { formatQuantity } from "../../i18n/numbers";
import { AppPage } from "../app-page";
import { formatDateTime } from "../dates";
import { documentName, syncLogEvent } from "../document-names";
import { failureBanner } from "../failure-banner";
import { problemMessage } from "../problems";
import { countList, syncLogNoteText } from "../sync-counts";
import { syncPageMessages as t } from "./sync-page.messages";
import "./qbo-drift-section";

const STATUSES: readonly SyncLogStatus[] = ["pending", "applied", "ignored", "failed", "dead"];
const SOURCE_LABELS = {
	webhook: "webhook",
	cdc: "cdc",
	import: "import",
	resync: "resyncSource",
	push: "push",
} as const;
const POLL_MS = 2000;
const LOG_PAGE = 50;

/** Sync is busy while it imports or has changes queued in either direction. */
export function syncBusy(status: SyncStatus): boolean {
	return status.importing || status.pendingEvents > 0 || status.pendingPushes > 0;
}

@customElement("stockroom-sync-page")
export class SyncPage extends AppPage {
	/** `?qbo=` the connection flow came back with: "connected", or Intuit's error code. */
	@property() notice = "";
	@state() private status: SyncStatus | null = null;
	@state() private statusError = "";
	@state() private actionMessage = "";
	@state() private actionError = "";
	@state() private busyAction: string | null = null;
	@state() private entries: SyncLogEntry[] | null = null;
	@state() private cursor: string | null = null;
	@state() private filter: SyncLogStatus | "" = "";
	@state() private logError = "";
	@state() private rowMessages = new Map<string, string>();
	#timer: ReturnType<typeof setTimeout> | undefined;
	/** After a resync, keep polling for a moment even before its queue shows up in the status. */
	#pollUntil = 0;

	protected override forgetMessages(): void {
		this.actionMessage = "";
		this.actionError = "";
		this.rowMessages = new Map();
	}

	override connectedCallback(): void {
		super.connectedCallback();
		void this.loadStatus();
		void this.loadLog();
	}

	override disconnectedCallback(): void {
		clearTimeout(this.#timer);
		super.disconnectedCallback();
	}

	protected override willUpdate(changed: PropertyValues<this>): void {
		if (changed.has("notice") && this.notice) {
			this.actionMessage = this.notice === "connected" ? t("connectedNotice") : "";
			this.actionError = this.notice === "connected" ? "" : t("declinedNotice", { reason: this.notice });
			if (this.notice === "connected") this.#pollUntil = Date.now() + 10_000;
		}
	}

	private async loadStatus(): Promise<void> {
		clearTimeout(this.#timer);
		const wasBusy = this.status ? syncBusy(this.status) : false;
		try {
			this.status = await this.api.get<SyncStatus>("/sync/status");
			this.statusError = "";
		} catch (error) {
			this.statusError = problemMessage(error);
		}
		const busy = this.status ? syncBusy(this.status) : false;
		// What sync just finished shows in the log: read it again when the work is done.
		if (wasBusy && !busy) void this.loadLog();
		if (this.isConnected && (busy || Date.now() < this.#pollUntil))
			this.#timer = setTimeout(() => void this.loadStatus(), POLL_MS);
	}

	private async loadLog(more = false): Promise<void> {
		try {
			const page = await this.api.get<Page<SyncLogEntry>>("/sync/log", {
				status: this.filter || undefined,
				limit: LOG_PAGE,
				cursor: more ? this.cursor : undefined,
			});
			this.entries = more ? [...(this.entries ?? []), ...page.items] : page.items;
			this.cursor = page.nextCursor;
			this.logError = "";
		} catch (error) {
			this.logError = problemMessage(error);
		}
	}

	private async disconnect(): Promise<void> {
		if (!confirm(t("confirmDisconnect"))) return;
		await this.act("disconnect", async () => {
			await this.api.request("POST", "/disconnect");
			this.actionMessage = t("disconnectedNow");
		});
	}

	private async resync(direction: ResyncDirection): Promise<void> {
		await this.act(direction, async () => {
			const result = await this.api.post<ResyncResult>("/sync/resync", { direction });
			this.actionMessage = t("resyncQueued", {
				counts: countList([
					["newProducts", result.products],
					["documents", result.events],
					["corrections", result.pushes],
				]),
			});
			this.#pollUntil = Date.now() + 10_000;
		});
	}

	private async act(name: string, run: () => Promise<void>): Promise<void> {
		this.busyAction = name;
		this.actionMessage = "";
		this.actionError = "";
		try {
			await run();
		} catch (error) {
			this.actionError = problemMessage(error);
		} finally {
			this.busyAction = null;
			await this.loadStatus();
		}
	}

	private async retry(entry: SyncLogEntry): Promise<void> {
		const messages = new Map(this.rowMessages);
		try {
			await this.api.post(`/sync/log/${encodeURIComponent(entry.id)}/retry`);
			messages.set(entry.id, t("retried", { document: documentName(entry.entity, entry.docNumber, entry.entityId) }));
			this.#pollUntil = Date.now() + 10_000;
			void this.loadStatus();
			await this.loadLog();
		} catch (error) {
			messages.set(entry.id, problemMessage(error));
		}
		this.rowMessages = messages;
	}

	private setFilter(event: Event): void {
		this.filter = (event.target as HTMLSelectElement).value as SyncLogStatus | "";
		this.entries = null;
		void this.loadLog();
	}

	override render() {
		return html`<section class="page" data-page="sync" aria-labelledby="sync-title">
			<div class="page-head"><h1 id="sync-title">${t("title")}</h1></div>
			${this.actionMessage ? html`<p class="ok-banner" role="status">${this.actionMessage}</p>` : nothing}
			${this.actionError ? html`<p class="error-banner" role="alert">${this.actionError}</p>` : nothing}
			${this.statusError ? failureBanner(this.statusError, () => this.loadStatus()) : nothing}
			${this.status ? this.overview(this.status) : this.statusError ? nothing : html`<p class="muted" role="status">${t("loading")}</p>`}
			${
				this.status?.connection === "connected"
					? html`<stockroom-qbo-drift .api=${this.api} .userRole=${this.userRole}></stockroom-qbo-drift>`
					: nothing
			}
			<section class="card" aria-labelledby="log-title">
				<h2 id="log-title">${t("log")}</h2>
				${this.log()}
			</section>
		</section>`;
	}

	/** The import's phase, how far it got, and — once its pace is known — the rate and the time left. */
	private importLine(progress: SyncStatus["importProgress"]) {
		if (!progress || progress.total === 0) return t("importing");
		const step = t("importStep", {
			phase: t(`phase_${progress.phase}`),
			done: formatQuantity(progress.done),
			total: formatQuantity(progress.total),
		});
		if (progress.perSecond === null || progress.secondsLeft === null) return step;
		const left =
			progress.secondsLeft < 90
				? `${Math.ceil(progress.secondsLeft)} s`
				: `${Math.ceil(progress.secondsLeft / 60)} min`;
		return `${step} (${t("importPace", { rate: formatQuantity(Math.round(progress.perSecond)), left })})`;
	}

	private overview(status: SyncStatus) {
		const connected = status.connection === "connected";
		const busy = syncBusy(status);
		// Owners connect and disconnect; managers resync and retry (the page itself is for managers and owners).
		const owner = this.may("owner");
		const manager = this.may("manager");
		return html`<div class="two-columns">
			<section class="card" aria-labelledby="connection-title">
				<h2 id="connection-title">${t("connection")}</h2>
				<p class="connection-state" data-connection=${status.connection}>
					<span class="dot ${connected ? "on" : "off"}" aria-hidden="true"></span>${t(status.connection)}
				</p>
				${
					status.realmId
						? html`<dl class="facts"><div><dt>${t("realm")}</dt><dd data-realm-id>${status.realmId}</dd></div></dl>`
						: nothing
				}
				${owner ? nothing : html`<p class="muted small">${t("ownerOnly")}</p>`}
				${
					owner && !connected
						? html`<p><a class="button primary" href="/connect/qbo" data-action="connect-qbo">${t("connect")}</a></p>
								<p class="help">${t("connectHelp")}</p>`
						: nothing
				}
				${
					owner && connected
						? html`<p>
								<button type="button" data-action="disconnect-qbo" ?disabled=${this.busyAction !== null} @click=${this.disconnect}>
									${t("disconnect")}
								</button>
							</p>`
						: nothing
				}
			</section>
			<section class="card" aria-labelledby="activity-title">
				<h2 id="activity-title">${t("activity")}</h2>
				<p role="status" data-sync-state=${busy ? "busy" : "idle"}>
					${
						status.importing
							? this.importLine(status.importProgress)
							: busy
								? t("draining", {
										events: formatQuantity(status.pendingEvents),
										pushes: formatQuantity(status.pendingPushes),
									})
								: t("idle")
					}
				</p>
				${
					busy && status.importProgress && status.importProgress.total > 0
						? html`<progress class="sync-progress" aria-label=${t("progress")} max=${status.importProgress.total} .value=${status.importProgress.done}></progress>`
						: busy
							? html`<progress class="sync-progress" aria-label=${t("progress")}></progress>`
							: nothing
				}
				<dl class="facts stacked">
					<div><dt>${t("pendingEvents")}</dt><dd>${formatQuantity(status.pendingEvents)}</dd></div>
					<div><dt>${t("pendingPushes")}</dt><dd>${formatQuantity(status.pendingPushes)}</dd></div>
					<div><dt>${t("lastCatchUp")}</dt><dd>${status.lastCatchUpAt ? formatDateTime(status.lastCatchUpAt) : t("never")}</dd></div>
					<div>
						<dt>${t("lastImport")}</dt>
						<dd>
							${
								status.lastImport
									? countList([
											["products", status.lastImport.products],
											["vendors", status.lastImport.vendors],
											["documents", status.lastImport.documents],
											["locations", status.lastImport.locations],
										])
									: t("never")
							}
						</dd>
					</div>
				</dl>
				${
					manager && connected
						? html`<h3>${t("resync")}</h3>
								<div class="resync">
									<div>
										<button type="button" data-action="resync-from-qbo" aria-describedby="from-qbo-help" ?disabled=${this.busyAction !== null || status.importing} @click=${() => this.resync("from_qbo")}>
											${t("fromQbo")}
										</button>
										<p class="help" id="from-qbo-help">${t("fromQboHelp")}</p>
									</div>
									<div>
										<button type="button" data-action="resync-to-qbo" aria-describedby="to-qbo-help" ?disabled=${this.busyAction !== null || status.importing} @click=${() => this.resync("to_qbo")}>
											${t("toQbo")}
										</button>
										<p class="help" id="to-qbo-help">${t("toQboHelp")}</p>
									</div>
								</div>`
						: nothing
				}
			</section>
		</div>`;
	}

	private log() {
		const filter = html`<div class="toolbar">
			<label for="log-status">${t("filter")}</label>
			<select id="log-status" data-filter="status" @change=${this.setFilter}>
				<option value="" ?selected=${this.filter === ""}>${t("all")}</option>
				${STATUSES.map((s) => html`<option value=${s} ?selected=${this.filter === s}>${t(s)}</option>`)}
			</select>
		</div>`;
		if (this.logError) return html`${filter}${failureBanner(this.logError, () => this.loadLog())}`;
		if (!this.entries) return html`${filter}<p class="muted" role="status">${t("loading")}</p>`;
		if (this.entries.length === 0)
			return html`${filter}<p class="muted">${this.filter ? t("noEntriesFiltered") : t("noEntries")}</p>`;
		return html`${filter}
			<div class="table-wrap">
				<table class="data" data-table="sync-log">
					<thead>
						<tr>
							<th scope="col">${t("when")}</th>
							<th scope="col">${t("source")}</th>
							<th scope="col">${t("entity")}</th>
							<th scope="col">${t("operation")}</th>
							<th scope="col">${t("status")}</th>
							<th scope="col" class="num">${t("attempts")}</th>
							<th scope="col">${t("error")}</th>
							<th scope="col"><span class="visually-hidden">${t("retry")}</span></th>
						</tr>
					</thead>
					<tbody>
						${this.entries.map((entry) => this.row(entry))}
					</tbody>
				</table>
			</div>
			${
				this.cursor
					? html`<div class="actions">
							<button type="button" data-action="load-more" @click=${() => this.loadLog(true)}>${t("loadMore")}</button>
						</div>`
					: nothing
			}`;
	}

	private row(entry: SyncLogEntry) {
		const retryable = (entry.status === "failed" || entry.status === "dead") && this.may("manager");
		const message = this.rowMessages.get(entry.id);
		return html`<tr data-log-id=${entry.id} data-status=${entry.status}>
			<td class="nowrap">${formatDateTime(entry.at)}</td>
			<td>${t(SOURCE_LABELS[entry.source] ?? "webhook")}</td>
			<td data-document>${documentName(entry.entity, entry.docNumber, entry.entityId)}</td>
			<td data-operation>${syncLogEvent(entry.entity, entry.code)}</td>
			<td><span class="badge status-${entry.status}">${t(entry.status)}</span></td>
			<td class="num">${entry.attempts}</td>
			<td class="error-text">${syncLogNoteText(entry)}</td>
			<td>
				${
					retryable
						? html`<button
								type="button"
								data-action="retry"
								aria-label=${t("retryLabel", { document: documentName(entry.entity, entry.docNumber, entry.entityId) })}
								@click=${() => this.retry(entry)}
							>
								${t("retry")}
							</button>`
						: nothing
				}
				${message ? html`<span class="small" role="status">${message}</span>` : nothing}
			</td>
		</tr>`;
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-sync-page": SyncPage;
	}
}
