/**
 * The app shell: who is signed in, the nav bar (pages, language, sign-out) and the page of the
 * current hash route. Without a session (a 401 from any API call) it shows the sign-in page.
 */
import { html, LitElement, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { ApiClient, ApiError } from "../api/api-client";
import type { Me, Role } from "../api/types";
import { getLocale, type Locale, setLocale } from "../i18n/locale";
import { onLocaleChange } from "../i18n/locale-listener";
import { setCompanyCurrency } from "../i18n/money";
import { fitNav } from "./header-layout";
import { watchScrollableRegions } from "./scrollable-regions";
import "./header-search";
import { problemMessage } from "./problems";
import { mayOpen, navPagesFor } from "./role-access";
import { roleMessages } from "./role-messages";
import { navPageOf, parseRoute, type Route, routeHash, sameRoute } from "./router";
import "./pages/start-page";
import "./pages/stock-page";
import "./pages/product-page";
import "./pages/lots-page";
import "./pages/locations-page";
import "./pages/settings-page";
import "./pages/sync-page";
import "./pages/tokens-page";
import "./pages/members-page";
import "./pages/audit-page";
import "./pages/purchases-page";
import "./pages/purchase-page";
import "./pages/purchase-new-page";
import "./pages/suggestions-page";
import "./pages/orders-page";
import "./pages/order-page";
import "./pages/delivery-note-page";
import "./pages/lot-page";
import "./pages/sign-in-page";
import { stockroomAppMessages as t } from "./stockroom-app.messages";

type Status = "loading" | "signed-out" | "ready" | "failed";

/** Pages that name the tab after what they show. */
const TITLED_BY_PAGE: readonly Route["page"][] = ["product", "order", "delivery", "lot"];

@customElement("stockroom-app")
export class StockroomApp extends LitElement {
	@state() private status: Status = "loading";
	@state() private me: Me | null = null;
	@state() private userRole: Role | null = null;
	@state() private route: Route = parseRoute(location.hash);
	@state() private loadError = "";
	/** `?error=` from a failed sign-in, `?qbo=` from the QuickBooks connection: said once. */
	@state() private signInError = "";
	@state() private qboNotice = "";
	/** On a phone the nav is a panel behind a "Menu" button (app.css): whether it is open. */
	@state() private menuOpen = false;

	/** Every API call goes through here: a 401 means the session is gone, whatever page asked. */
	readonly api = new ApiClient({
		fetch: async (input, init) => {
			const response = await fetch(input, init);
			if (response.status === 401 && this.status === "ready") this.signedOut();
			if (response.status === 403 && this.status === "ready") void this.refreshRole();
			return response;
		},
	});

	#focusOnRender = false;
	#refreshingRole = false;
	readonly #onHashChange = () => this.navigate(parseRoute(location.hash));
	readonly #resize = new ResizeObserver(() => fitNav(this));
	#stopWatchingRegions: (() => void) | undefined;

	constructor() {
		super();
		onLocaleChange(this, () => {
			document.documentElement.lang = getLocale();
			this.requestUpdate();
		});
	}

	protected override createRenderRoot(): HTMLElement {
		return this;
	}

	override connectedCallback(): void {
		super.connectedCallback();
		document.documentElement.lang = getLocale();
		this.readLandingQuery();
		window.addEventListener("hashchange", this.#onHashChange);
		this.#resize.observe(this);
		this.#stopWatchingRegions = watchScrollableRegions(this);
		void this.loadSession();
	}

	override disconnectedCallback(): void {
		window.removeEventListener("hashchange", this.#onHashChange);
		this.#resize.disconnect();
		this.#stopWatchingRegions?.();
		super.disconnectedCallback();
	}

	/** Sign-in and QuickBooks send the browser back to `/?…`: keep their word, then drop it from the address. */
	private readLandingQuery(): void {
		const query = new URLSearchParams(location.search);
		const error = query.get("error");
		const qbo = query.get("qbo");
		if (error) this.signInError = error;
		if (qbo) {
			this.qboNotice = qbo;
			if (!location.hash) this.route = { page: "sync" };
		}
		if (error || qbo) history.replaceState(null, "", `${location.pathname}${routeHash(this.route)}`);
	}

	private async loadSession(): Promise<void> {
		this.status = "loading";
		try {
			this.me = await this.api.get<Me>("/me");
			this.userRole = this.me.role;
			setCompanyCurrency(this.me.company.currency);
			this.status = "ready";
		} catch (error) {
			if (error instanceof ApiError && error.status === 401) return this.signedOut();
			this.loadError = problemMessage(error);
			this.status = "failed";
		}
	}

	/**
	 * A refusal may mean that an owner changed the caller's role or locations since the app loaded
	 * (they hold from the next request): ask who we are again, quietly, so that the nav and the
	 * pages show what the caller may now use.
	 */
	private async refreshRole(): Promise<void> {
		if (this.#refreshingRole) return;
		this.#refreshingRole = true;
		try {
			this.me = await this.api.get<Me>("/me");
			this.userRole = this.me.role;
		} catch {
			// A 401 signs out through the client; anything else leaves the page as it is.
		} finally {
			this.#refreshingRole = false;
		}
	}

	private signedOut(): void {
		this.me = null;
		this.userRole = null;
		this.status = "signed-out";
	}

	private async signOut(): Promise<void> {
		try {
			await fetch("/auth/sign-out", { method: "POST", credentials: "same-origin", redirect: "manual" });
		} finally {
			this.signInError = "";
			this.signedOut();
			this.#focusOnRender = true;
		}
	}

	private navigate(route: Route): void {
		if (sameRoute(route, this.route)) return;
		// The word QuickBooks sent back is said once, on the page it came back to.
		if (this.route.page === "sync") this.qboNotice = "";
		this.route = route;
		this.menuOpen = false;
		this.#focusOnRender = true;
	}

	protected override async updated(): Promise<void> {
		// The nav's entries (the role's) and their words (the language's) change its width.
		fitNav(this);
		// A product's, an order's and a delivery note's page title the tab themselves (its name, its number).
		if (!TITLED_BY_PAGE.includes(this.route.page) || this.status !== "ready")
			document.title = `${this.pageTitle()} — Stockroom`;
		if (!this.#focusOnRender) return;
		this.#focusOnRender = false;
		// The new page's heading takes focus, so that a screen reader announces where we are.
		const page = this.querySelector<LitElement>("main > *");
		await page?.updateComplete;
		const heading = this.querySelector<HTMLElement>("main h1");
		if (heading) {
			if (!heading.hasAttribute("tabindex")) heading.tabIndex = -1;
			heading.focus();
		}
	}

	private pageTitle(): string {
		if (this.status === "signed-out") return t("signIn");
		const nav = navPageOf(this.route);
		if (this.route.page === "not-found") return t("notFoundTitle");
		if (!mayOpen(this.route, this.userRole)) return t("forbiddenTitle");
		return nav ? t(nav) : "Stockroom";
	}

	override render() {
		if (this.status === "loading") return html`<p class="app-loading" role="status">${t("loading")}</p>`;
		if (this.status === "signed-out")
			return html`<stockroom-sign-in-page .error=${this.signInError}></stockroom-sign-in-page>`;
		if (this.status === "failed")
			return html`<main class="app-failed">
				<p role="alert">${t("loadFailed", { message: this.loadError })}</p>
				<button type="button" @click=${() => this.loadSession()}>${t("retry")}</button>
			</main>`;
		return html`
			<a class="skip-link" href="#main" @click=${this.skipToContent}>${t("skip")}</a>
			<header class="app-header">
				<div class="brand">
					<a href="#/start" class="brand-name">Stockroom</a>
					${this.me ? html`<span class="company-name" data-company>${this.me.company.name}</span>` : nothing}
				</div>
				<button
					type="button"
					class="menu-toggle"
					data-action="menu"
					aria-expanded=${this.menuOpen ? "true" : "false"}
					aria-controls="app-nav"
					@click=${() => {
						this.menuOpen = !this.menuOpen;
					}}
				>
					${t("menu")}
				</button>
				<nav id="app-nav" class="app-nav" aria-label=${t("mainNav")} ?data-open=${this.menuOpen} @keydown=${this.closeMenuOnEscape}>
					<ul>
						${navPagesFor(this.userRole).map(
							(page) => html`<li>
								<a
									href=${routeHash({ page })}
									data-nav=${page}
									aria-current=${navPageOf(this.route) === page ? "page" : nothing}
									>${t(page)}</a
								>
							</li>`,
						)}
					</ul>
				</nav>
				<div class="account" role="group" aria-label=${t("account")}>
					<stockroom-header-search .api=${this.api}></stockroom-header-search>
					${
						this.me?.user
							? html`<span
									class="user-name"
									title=${t("signedInAs", { name: this.me.user.email ?? "", role: roleMessages(this.me.role) })}
									>${this.me.user.name ?? this.me.user.email}</span
								>`
							: nothing
					}
					${this.localeSelect()}
					<button type="button" class="quiet" data-action="sign-out" @click=${this.signOut}>${t("signOut")}</button>
				</div>
			</header>
			<main id="main" tabindex="-1">${this.page()}</main>
		`;
	}

	/** Escape closes the phone's menu panel and gives the focus back to its button. */
	private closeMenuOnEscape(event: KeyboardEvent): void {
		if (event.key !== "Escape" || !this.menuOpen) return;
		this.menuOpen = false;
		this.querySelector<HTMLElement>(".menu-toggle")?.focus();
	}

	private localeSelect() {
		const locale = getLocale();
		return html`<label class="locale-switch">
			<span class="visually-hidden">${t("language")}</span>
			<select data-action="locale" @change=${(e: Event) => setLocale((e.target as HTMLSelectElement).value as Locale)}>
				<option value="en" lang="en" ?selected=${locale === "en"}>English</option>
				<option value="fr" lang="fr" ?selected=${locale === "fr"}>Français</option>
			</select>
		</label>`;
	}

	private skipToContent(event: Event): void {
		// The hash is the router's: move focus without touching it.
		event.preventDefault();
		this.querySelector<HTMLElement>("main")?.focus();
	}

	private page() {
		const { api, userRole } = this;
		// A link or a bookmark may lead where the role cannot go (the API would refuse each call): say so once.
		if (!mayOpen(this.route, userRole))
			return html`<section class="page narrow" data-page="forbidden">
				<h1>${t("forbiddenTitle")}</h1>
				<p class="notice-banner">${t("forbidden", { role: userRole ? roleMessages(userRole) : "" })}</p>
				<p><a href="#/stock">${t("backToStock")}</a></p>
			</section>`;
		switch (this.route.page) {
			case "start":
				return html`<stockroom-start-page .api=${api} .userRole=${userRole}></stockroom-start-page>`;
			case "stock":
				return html`<stockroom-stock-page .api=${api} .userRole=${userRole}></stockroom-stock-page>`;
			case "product":
				return html`<stockroom-product-page
					.api=${api}
					.userRole=${userRole}
					.productId=${this.route.productId}
				></stockroom-product-page>`;
			case "lots":
				return html`<stockroom-lots-page .api=${api} .userRole=${userRole}></stockroom-lots-page>`;
			case "lot":
				return html`<stockroom-lot-page
					.api=${api}
					.userRole=${userRole}
					.productId=${this.route.productId}
					.lot=${this.route.lot}
				></stockroom-lot-page>`;
			case "locations":
				return html`<stockroom-locations-page .api=${api} .userRole=${userRole}></stockroom-locations-page>`;
			case "settings":
				return html`<stockroom-settings-page .api=${api} .userRole=${userRole}></stockroom-settings-page>`;
			case "sync":
				return html`<stockroom-sync-page
					.api=${api}
					.userRole=${userRole}
					.notice=${this.qboNotice}
				></stockroom-sync-page>`;
			case "orders":
				return html`<stockroom-orders-page .api=${api} .userRole=${userRole}></stockroom-orders-page>`;
			case "order":
				return html`<stockroom-order-page
					.api=${api}
					.userRole=${userRole}
					.orderId=${this.route.orderId}
				></stockroom-order-page>`;
			case "delivery":
				return html`<stockroom-delivery-note-page
					.api=${api}
					.userRole=${userRole}
					.deliveryId=${this.route.deliveryId}
					.companyName=${this.me?.company.name ?? ""}
				></stockroom-delivery-note-page>`;
			case "purchases":
				return html`<stockroom-purchases-page .api=${api} .userRole=${userRole}></stockroom-purchases-page>`;
			case "purchase":
				return html`<stockroom-purchase-page
					.api=${api}
					.userRole=${userRole}
					.purchaseId=${this.route.purchaseId}
				></stockroom-purchase-page>`;
			case "purchase-new":
				return html`<stockroom-purchase-new-page .api=${api} .userRole=${userRole}></stockroom-purchase-new-page>`;
			case "purchase-suggestions":
				return html`<stockroom-suggestions-page .api=${api} .userRole=${userRole}></stockroom-suggestions-page>`;
			case "tokens":
				return html`<stockroom-tokens-page .api=${api} .userRole=${userRole}></stockroom-tokens-page>`;
			case "members":
				return html`<stockroom-members-page
					.api=${api}
					.userRole=${userRole}
					.userId=${this.me?.user?.id ?? ""}
				></stockroom-members-page>`;
			case "audit":
				return html`<stockroom-audit-page .api=${api} .userRole=${userRole}></stockroom-audit-page>`;
			default:
				return html`<section class="page" data-page="not-found">
					<h1>${t("notFoundTitle")}</h1>
					<p>${t("notFound", { path: this.route.path })}</p>
					<p><a href="#/stock">${t("backToStock")}</a></p>
				</section>`;
		}
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-app": StockroomApp;
	}
}
