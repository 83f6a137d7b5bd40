/**
 * What every page of the app shares: it renders into the light DOM (so that app.css styles it and
 * labels reach their inputs by id), receives the API client and the caller's role from the shell,
 * and re-renders when the language changes.
 */
import { LitElement } from "lit";
import { property } from "lit/decorators.js";
import { ApiClient } from "../api/api-client";
import type { Role } from "../api/types";
import { onLocaleChange } from "../i18n/locale-listener";
import { roleAtLeast } from "./role-access";

export class AppPage extends LitElement {
	@property({ attribute: false }) api: ApiClient = new ApiClient();
	/** The caller's role; null while unknown (the server still decides). */
	@property({ attribute: false }) userRole: Role | null = null;

	constructor() {
		super();
		onLocaleChange(this, () => {
			this.forgetMessages();
			this.requestUpdate();
		});
	}

	protected override createRenderRoot(): HTMLElement {
		return this;
	}

	/**
	 * Called when the language changes: a page drops the sentences it composed in the old language
	 * (a "saved" notice, a field's error); what the server holds is shown again in the new one.
	 */
	protected forgetMessages(): void {}

	/**
	 * True when the caller's role is `least` or more: a page shows only the forms and buttons the
	 * caller may use (the API's access table says which role each needs); an unknown role is left to the server.
	 */
	protected may(least: Role): boolean {
		return roleAtLeast(this.userRole, least);
	}
}

/** A fresh key for one submission of a stock command: the server applies each key once. */
export function idempotencyKey(): string {
	return crypto.randomUUID();
}
