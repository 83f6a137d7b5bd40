/**
 * `<stockroom-grid-toolbar>`, the bar above `<stockroom-grid>` (its `toolbar` part): the filter
 * text, "below reorder point", "negative available", "expired", "expiring within N days", the locations menu,
 * "show value", undo and redo, export CSV and the live indicator. It holds no data: the grid hands it what to show and hears what is asked
 * through events on the toolbar element itself (neither bubbling nor composed, so never out of the grid):
 * `grid-filter` (`detail`: the changed fields of the filter), `grid-location` (`detail: { id, shown }`),
 * `grid-value` (`detail`: whether the stock value columns are wanted), `grid-undo`, `grid-redo`.
 *
 * It renders into its own light DOM, i.e. inside the grid's shadow root: the grid's styles and
 * `::part`s reach it as before, the page's styles still do not, and the control with the focus is
 * the grid shadow root's `activeElement`.
 */
import { html, LitElement, nothing, type TemplateResult } from "lit";
import { property, state } from "lit/decorators.js";
import type { Location } from "../api/types";
import { onLocaleChange } from "../i18n/locale-listener";
import { plural } from "../i18n/plural";
import type { LiveStatus } from "../live/live-feed";
import { t } from "./grid-messages";
import { formatCsv } from "./model/csv";
import type { RowFilter } from "./model/grid-rows";

type ToolbarFilter = Pick<RowFilter, "text" | "belowReorder" | "negativeAvailable" | "expired" | "expiring">;
export type FilterChange = Partial<ToolbarFilter>;
export type LocationToggle = { id: string; shown: boolean };

export class StockroomGridToolbar extends LitElement {
	@property({ attribute: false }) filter: ToolbarFilter = {
		text: "",
		belowReorder: false,
		negativeAvailable: false,
		expired: false,
		expiring: false,
	};
	/** The company's "expiring within" days for the filter's label; null when not known (an embedded grid). */
	@property({ attribute: false }) expiringDays: number | null = null;
	/** The locations the menu lists. */
	@property({ attribute: false }) locations: readonly Location[] = [];
	@property({ attribute: false }) hiddenLocations: ReadonlySet<string> = new Set();
	/** The stock value columns are shown. */
	@property({ attribute: false }) showValue = false;
	@property({ attribute: false }) canUndo = false;
	@property({ attribute: false }) canRedo = false;
	/** The live feed's state; null without a live feed (no indicator). */
	@property({ attribute: false }) live: LiveStatus | null = null;
	@property({ attribute: false }) liveLabel: "signedOut" | LiveStatus = "connecting";
	/** The table "Export CSV" downloads, asked for on the click. */
	@property({ attribute: false }) exportTable: () => string[][] = () => [];
	@state() private menuOpen = false;

	constructor() {
		super();
		onLocaleChange(this, () => this.requestUpdate());
	}

	protected override createRenderRoot(): HTMLElement {
		return this;
	}

	override connectedCallback(): void {
		super.connectedCallback();
		document.addEventListener("pointerdown", this.#onDocumentPointerDown, true);
	}

	override disconnectedCallback(): void {
		super.disconnectedCallback();
		document.removeEventListener("pointerdown", this.#onDocumentPointerDown, true);
	}

	#tell(type: string, detail?: unknown): void {
		this.dispatchEvent(new CustomEvent(type, { detail }));
	}

	readonly #onFilterInput = (event: Event) => {
		this.#tell("grid-filter", { text: (event.target as HTMLInputElement).value } satisfies FilterChange);
	};

	readonly #onLocationToggle = (event: Event) => {
		const input = event.target as HTMLInputElement;
		const id = input.dataset.locationToggle;
		if (id) this.#tell("grid-location", { id, shown: input.checked } satisfies LocationToggle);
	};

	// The locations menu is a disclosure (a button and the group of checkboxes after it, in Tab order):
	// it closes on Escape, with the focus back on its button, on a click outside or when the focus leaves it.
	#setMenuOpen(open: boolean): void {
		this.menuOpen = open;
	}

	readonly #onMenuKeyDown = (event: KeyboardEvent) => {
		if (event.key !== "Escape" || !this.menuOpen) return;
		event.preventDefault();
		// A host dialog must not close on the same Escape.
		event.stopPropagation();
		this.#setMenuOpen(false);
		this.querySelector<HTMLElement>('[data-action="columns"]')?.focus();
	};

	readonly #onMenuFocusOut = (event: FocusEvent) => {
		const to = event.relatedTarget;
		const wrap = event.currentTarget as HTMLElement;
		// No relatedTarget: a click on nothing focusable, which the pointerdown below judges.
		if (to instanceof Node && !wrap.contains(to)) this.#setMenuOpen(false);
	};

	readonly #onDocumentPointerDown = (event: PointerEvent) => {
		if (!this.menuOpen) return;
		const wrap = this.querySelector(".menu-wrap");
		if (wrap && !event.composedPath().includes(wrap)) this.#setMenuOpen(false);
	};

	#exportCsv(): void {
		const blob = new Blob([`\ufeff${formatCsv(this.exportTable())}`], { type: "text/csv;charset=utf-8" });
		const url = URL.createObjectURL(blob);
		const link = document.createElement("a");
		const d = new Date();
		const pad = (n: number) => String(n).padStart(2, "0");
		link.href = url;
		link.download = `stockroom-stock-${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}.csv`;
		link.style.display = "none";
		this.appendChild(link);
		link.click();
		link.remove();
		setTimeout(() => URL.revokeObjectURL(url), 10_000);
	}

	#filterCheck(
		name: string,
		field: "belowReorder" | "negativeAvailable" | "expired" | "expiring",
		label: string,
		help?: string,
	): TemplateResult {
		const onChange = (event: Event) =>
			this.#tell("grid-filter", { [field]: (event.target as HTMLInputElement).checked } satisfies FilterChange);
		return html`<label class="check" title=${help ?? nothing}
			><input type="checkbox" data-filter=${name} .checked=${this.filter[field]} @change=${onChange} />${label}</label
		>`;
	}

	override render(): TemplateResult {
		return html`<input
				part="filter"
				type="search"
				aria-label=${t("filter")}
				placeholder=${t("filterPlaceholder")}
				.value=${this.filter.text}
				@input=${this.#onFilterInput}
			/>
			${this.#filterCheck("below-reorder", "belowReorder", t("belowReorder"))}
			${this.#filterCheck("negative", "negativeAvailable", t("negative"))}
			${this.#filterCheck("expired", "expired", t("expired"), t("expiredHelp"))}
			${this.#filterCheck(
				"expiring",
				"expiring",
				this.expiringDays === null ? t("expiringSoon") : plural(t, "expiring", this.expiringDays),
				t("expiringHelp"),
			)}
			<label class="check" title=${t("valueHelp")}
				><input
					type="checkbox"
					data-action="show-value"
					.checked=${this.showValue}
					@change=${(event: Event) => this.#tell("grid-value", (event.target as HTMLInputElement).checked)}
				/>${t("showValue")}</label
			>
			<span class="menu-wrap" @keydown=${this.#onMenuKeyDown} @focusout=${this.#onMenuFocusOut}>
				<button
					type="button"
					data-action="columns"
					aria-expanded=${this.menuOpen ? "true" : "false"}
					@click=${() => this.#setMenuOpen(!this.menuOpen)}
				>
					${t("columns")} ▾
				</button>
				${
					this.menuOpen
						? html`<div class="menu" role="group" aria-label=${t("columns")}>
							${this.locations.map(
								(l) =>
									html`<label class="check"
										><input
											type="checkbox"
											data-location-toggle=${l.id}
											.checked=${!this.hiddenLocations.has(l.id)}
											@change=${this.#onLocationToggle}
										/>${l.name}</label
									>`,
							)}
						</div>`
						: nothing
				}
			</span>
			${(["undo", "redo"] as const).map(
				(action) =>
					html`<button
						type="button"
						data-action=${action}
						?disabled=${!(action === "undo" ? this.canUndo : this.canRedo)}
						@click=${() => this.#tell(`grid-${action}`)}
					>
						${t(action)}
					</button>`,
			)}
			<button type="button" data-action="export-csv" @click=${() => this.#exportCsv()}>${t("exportCsv")}</button>
			<span class="spacer"></span>
			${this.live === null ? nothing : html`<span part="live" data-live=${this.live}>${t(this.liveLabel)}</span>`}`;
	}
}

// Two copies of the embed script on one page must not throw on the second definition.
if (!customElements.get("stockroom-grid-toolbar"))
	customElements.define("stockroom-grid-toolbar", StockroomGridToolbar);

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-grid-toolbar": StockroomGridToolbar;
	}
}
