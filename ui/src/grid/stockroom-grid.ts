/** The stock grid. Placeholder until the grid lands. */
import { html, LitElement } from "lit";

export class StockroomGrid extends LitElement {
	override render() {
		return html`<div role="grid"></div>`;
	}
}

// Two copies of the script on one page must not throw on the second definition.
if (!customElements.get("stockroom-grid")) customElements.define("stockroom-grid", StockroomGrid);

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-grid": StockroomGrid;
	}
}
