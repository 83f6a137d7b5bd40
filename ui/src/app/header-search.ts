/**
 * The header's search box (GET /api/v1/search): products by SKU, name or barcode, orders and
 * purchases by number, customers and vendors, in a listbox grouped by kind (the ARIA combobox
 * pattern: arrows choose, Enter opens, Escape closes). `/` outside a field focuses it. A barcode
 * scanner works in it (Enter on a code that is exactly one product's barcode or SKU opens that
 * product) and anywhere outside a field (header-search-scan.ts tells its burst of keys from typing).
 * On a phone it is an icon that opens the box.
 */
import { html, nothing } from "lit";
import { customElement, query, state } from "lit/decorators.js";
import type { components } from "../api/openapi";
import { plural } from "../i18n/plural";
import { AppPage } from "./app-page";
import { headerSearchMessages as t } from "./header-search.messages";
import { ScanBurst } from "./header-search-scan";
import { problemMessage } from "./problems";

type SearchResult = components["schemas"]["SearchResult"];
type Kind = SearchResult["kind"];

const KINDS: readonly Kind[] = ["product", "order", "purchase", "customer", "vendor"];
/** Typing pauses this long before the box searches. */
const TYPING_PAUSE_MS = 150;
const LISTBOX_ID = "header-search-results";

/** True when keys typed at `target` are someone's input: search keys then belong to it. */
function isEditable(target: EventTarget | null): boolean {
	if (!(target instanceof HTMLElement)) return false;
	return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

@customElement("stockroom-header-search")
export class HeaderSearch extends AppPage {
	@state() private query = "";
	/** The results of `searched`, in the listbox's order (grouped by kind). */
	@state() private results: SearchResult[] = [];
	@state() private searched = "";
	@state() private listOpen = false;
	/** The option the arrows point at; -1: none. */
	@state() private active = -1;
	/** On a phone the box shows once opened. */
	@state() private boxOpen = false;
	@state() private searching = false;
	@state() private error = "";

	@query("#header-search-input") private input!: HTMLInputElement;

	#timer: ReturnType<typeof setTimeout> | undefined;
	#requests = 0;
	readonly #burst = new ScanBurst();

	override connectedCallback(): void {
		super.connectedCallback();
		window.addEventListener("keydown", this.#onWindowKey);
		document.addEventListener("pointerdown", this.#onPointerDown);
	}

	override disconnectedCallback(): void {
		window.removeEventListener("keydown", this.#onWindowKey);
		document.removeEventListener("pointerdown", this.#onPointerDown);
		clearTimeout(this.#timer);
		super.disconnectedCallback();
	}

	protected override forgetMessages(): void {
		this.error = "";
	}

	/** `/` and scans, from anywhere that is not a field (a field's keys are its own). */
	readonly #onWindowKey = (event: KeyboardEvent): void => {
		const target = event.composedPath()[0] ?? event.target;
		// A key the page already used (the grid starts an edit with it) is not the header's.
		if (event.defaultPrevented || isEditable(target) || event.ctrlKey || event.metaKey || event.altKey) {
			this.#burst.reset();
			return;
		}
		if (event.key === "Enter") {
			const code = this.#burst.enter(event.timeStamp);
			if (code === null) return;
			event.preventDefault();
			void this.scanned(code);
		} else if (event.key === "/") {
			event.preventDefault();
			this.#burst.reset();
			void this.focusBox();
		} else if (event.key.length === 1) this.#burst.key(event.key, event.timeStamp);
	};

	/** A click outside closes the list (a click on an option opens it first). */
	readonly #onPointerDown = (event: PointerEvent): void => {
		if (!event.composedPath().includes(this)) {
			this.listOpen = false;
			this.boxOpen = false;
		}
	};

	/** The phone's icon: opens the box (focused), or closes it. */
	private toggleBox = (): void => {
		if (this.boxOpen) this.boxOpen = false;
		else void this.focusBox();
	};

	private async focusBox(): Promise<void> {
		this.boxOpen = true;
		await this.updateComplete;
		this.input.focus();
		this.input.select();
	}

	/** A scanner typed `code` outside any field: its product opens when it names one, else the results show. */
	private async scanned(code: string): Promise<void> {
		this.query = code;
		await this.focusBox();
		const results = await this.search(code);
		if (results && !this.openSingleProduct(results)) this.showList();
	}

	private onInput(event: InputEvent): void {
		this.query = (event.target as HTMLInputElement).value;
		clearTimeout(this.#timer);
		if (!this.query.trim()) {
			this.results = [];
			this.searched = "";
			this.listOpen = false;
			return;
		}
		this.#timer = setTimeout(() => {
			void this.search(this.query).then((results) => {
				if (results) this.showList();
			});
		}, TYPING_PAUSE_MS);
	}

	/** Searches `q`; the answer of the latest request only is kept (null for an older or failed one). */
	private async search(q: string): Promise<SearchResult[] | null> {
		const text = q.trim();
		if (!text) return null;
		clearTimeout(this.#timer);
		const request = ++this.#requests;
		this.searching = true;
		try {
			const answer = await this.api.get<{ items: SearchResult[] }>("/search", { q: text });
			if (request !== this.#requests) return null;
			this.results = KINDS.flatMap((kind) => answer.items.filter((r) => r.kind === kind));
			this.searched = text;
			this.error = "";
			this.active = -1;
			return this.results;
		} catch (error) {
			if (request === this.#requests) {
				this.error = t("failed", { message: problemMessage(error) });
				this.results = [];
				this.searched = text;
				this.listOpen = true;
			}
			return null;
		} finally {
			if (request === this.#requests) this.searching = false;
		}
	}

	private showList(): void {
		this.listOpen = true;
	}

	/** Opens the one product the code names exactly (its barcode or SKU), or the one result there is. */
	private openSingleProduct(results: SearchResult[]): boolean {
		const exact = results.filter((r) => r.kind === "product" && r.exact);
		const only =
			exact.length === 1 ? exact[0] : results.length === 1 && results[0]?.kind === "product" ? results[0] : null;
		if (!only) return false;
		this.open(only);
		return true;
	}

	private open(result: SearchResult): void {
		this.listOpen = false;
		this.boxOpen = false;
		this.query = "";
		this.results = [];
		this.searched = "";
		this.active = -1;
		location.hash = result.href;
	}

	private async onKeydown(event: KeyboardEvent): Promise<void> {
		const count = this.results.length;
		switch (event.key) {
			case "ArrowDown":
			case "ArrowUp": {
				event.preventDefault();
				if (!this.listOpen) {
					if (this.searched) this.showList();
					return;
				}
				if (count === 0) return;
				const step = event.key === "ArrowDown" ? 1 : -1;
				this.active = this.active === -1 && step < 0 ? count - 1 : (this.active + step + count) % count;
				await this.updateComplete;
				this.querySelector(`#${this.optionId(this.active)}`)?.scrollIntoView({ block: "nearest" });
				return;
			}
			case "Enter": {
				event.preventDefault();
				const chosen = this.listOpen ? this.results[this.active] : undefined;
				if (chosen) return this.open(chosen);
				// A scanner types fast and ends with Enter: search what is typed now, not what the pause last searched.
				const results = this.query.trim() === this.searched ? this.results : await this.search(this.query);
				if (results && !this.openSingleProduct(results)) this.showList();
				return;
			}
			case "Escape":
				if (this.listOpen) {
					event.preventDefault();
					this.listOpen = false;
					this.active = -1;
				} else if (this.query) {
					event.preventDefault();
					this.query = "";
					this.results = [];
					this.searched = "";
				}
				return;
		}
	}

	private optionId(index: number): string {
		return `header-search-option-${index}`;
	}

	override render() {
		const expanded = this.listOpen && this.searched !== "";
		return html`<div class="header-search" role="search" aria-label=${t("landmark")} ?data-open=${this.boxOpen}>
			<button
				type="button"
				class="header-search-toggle quiet"
				aria-expanded=${this.boxOpen ? "true" : "false"}
				aria-controls="header-search-box"
				@click=${this.toggleBox}
			>
				<svg aria-hidden="true" focusable="false" viewBox="0 0 20 20" width="20" height="20">
					<circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" stroke-width="2"></circle>
					<line x1="12.5" y1="12.5" x2="17.5" y2="17.5" stroke="currentColor" stroke-width="2"></line>
				</svg>
				<span class="visually-hidden">${t("open")}</span>
			</button>
			<div class="header-search-box" id="header-search-box">
				<label class="visually-hidden" for="header-search-input">${t("search")}</label>
				<input
					id="header-search-input"
					type="search"
					role="combobox"
					autocomplete="off"
					spellcheck="false"
					aria-autocomplete="list"
					aria-controls=${LISTBOX_ID}
					aria-expanded=${expanded ? "true" : "false"}
					aria-activedescendant=${expanded && this.active >= 0 ? this.optionId(this.active) : nothing}
					placeholder=${t("placeholder")}
					title=${t("hint")}
					.value=${this.query}
					@input=${this.onInput}
					@keydown=${this.onKeydown}
					@focus=${() => {
						if (this.searched && this.query.trim() === this.searched) this.showList();
					}}
				/>
				<div class="header-search-results" ?hidden=${!expanded}>
					<div id=${LISTBOX_ID} role="listbox" aria-label=${t("results")}>${expanded ? this.groups() : nothing}</div>
					${
						expanded && this.error
							? html`<p class="field-error">${this.error}</p>`
							: expanded && this.results.length === 0
								? html`<p class="muted">${t("none", { q: this.searched })}</p>`
								: nothing
					}
				</div>
				<p class="visually-hidden" role="status">
					${this.searching ? t("searching") : expanded && this.results.length > 0 ? plural(t, "count", this.results.length) : ""}
				</p>
			</div>
		</div>`;
	}

	private groups() {
		let index = 0;
		return KINDS.map((kind) => {
			const ofKind = this.results.filter((r) => r.kind === kind);
			if (ofKind.length === 0) return nothing;
			const headingId = `header-search-group-${kind}`;
			return html`<div role="group" aria-labelledby=${headingId} data-kind=${kind}>
				<div role="presentation" class="header-search-group" id=${headingId}>${t(kind)}</div>
				${ofKind.map((result) => {
					const i = index++;
					return html`<div
						role="option"
						id=${this.optionId(i)}
						class="header-search-option"
						aria-selected=${i === this.active ? "true" : "false"}
						data-href=${result.href}
						@pointerdown=${(event: PointerEvent) => event.preventDefault()}
						@click=${() => this.open(result)}
					>
						<span class="label">${result.label}</span>
						${result.detail ? html`<span class="detail">${result.detail}</span>` : nothing}
					</div>`;
				})}
			</div>`;
		});
	}
}
