/** The app shell. Placeholder until the app lands. */
import { html, LitElement } from "lit";
import { customElement } from "lit/decorators.js";
import "../grid/stockroom-grid";

@customElement("stockroom-app")
export class StockroomApp extends LitElement {
	override render() {
		return html`<stockroom-grid></stockroom-grid>`;
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-app": StockroomApp;
	}
}
