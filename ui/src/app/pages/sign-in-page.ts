/**
 * The page for a visitor without a session: sign in with Intuit (with the books, for the people of
 * the QuickBooks company; or the identity alone, for those invited who do not use QuickBooks), and
 * why the last try failed.
 */
import { html, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import { getLocale, type Locale, setLocale } from "../../i18n/locale";
import { AppPage } from "../app-page";
import { signInPageMessages as t } from "./sign-in-page.messages";

/** The codes `GET /auth/callback` sends back (worker/auth/sign-in.ts `SignInError`). */
const KNOWN_ERRORS = [
	"access_denied",
	"expired",
	"wrong_browser",
	"email_not_verified",
	"realm_not_confirmed",
	"not_invited",
	"invite_invalid",
	"invite_email_mismatch",
	"invalid_request",
	"intuit_refused",
	"invalid_id_token",
	"userinfo_failed",
] as const;

@customElement("stockroom-sign-in-page")
export class SignInPage extends AppPage {
	/** `?error=` as the sign-in flow sent it back. */
	@property() error = "";

	override render() {
		const known = KNOWN_ERRORS.find((code) => code === this.error);
		const reason = known ? t(known) : this.error;
		const locale = getLocale();
		return html`<main class="sign-in" data-page="sign-in" id="main" tabindex="-1">
			<div class="sign-in-card">
				<p class="brand-name">Stockroom</p>
				<h1>${t("title")}</h1>
				<p>${t("lead")}</p>
				${this.error ? html`<p class="error-banner" role="alert">${t("failed", { reason })}</p>` : nothing}
				<p><a class="button primary" href="/auth/sign-in" data-action="sign-in">${t("signIn")}</a></p>
				<p class="hint">${t("hint")}</p>
				<p class="invited">
					<a href="/auth/sign-in?scope=identity" data-action="sign-in-invited">${t("signInInvited")}</a>
				</p>
				<label class="locale-switch">
					<span>${t("language")}</span>
					<select
						data-action="locale"
						@change=${(e: Event) => setLocale((e.target as HTMLSelectElement).value as Locale)}
					>
						<option value="en" lang="en" ?selected=${locale === "en"}>English</option>
						<option value="fr" lang="fr" ?selected=${locale === "fr"}>Français</option>
					</select>
				</label>
			</div>
		</main>`;
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-sign-in-page": SignInPage;
	}
}
