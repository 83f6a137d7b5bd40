/**
 * The stock-over-time chart of a product's page: an inline SVG step line of the total on hand,
 * with its scale; described by a sentence for screen readers (the ledger table holds the detail).
 */
import { html, nothing, svg } from "lit";
import type { Locale } from "../i18n/locale";
import { formatQuantity } from "../i18n/numbers";
import { formatDate, formatDateTime } from "./dates";
import { type ChartBox, type StockPoint, stockChartGeometry } from "./stock-history";

const BOX: ChartBox = { width: 640, height: 220, left: 56, right: 12, top: 12, bottom: 28 };

/** `label` is the chart's accessible name; `summary` the sentence that describes its line. */
export function stockChart(points: readonly StockPoint[], label: string, summary: string, locale: Locale) {
	if (points.length === 0) return nothing;
	const { path, yTicks, from, to } = stockChartGeometry(points, BOX);
	const right = BOX.width - BOX.right;
	const bottom = BOX.height - BOX.bottom;
	// Within two days the dates alone would read the same at both ends: show the times.
	const when = to - from < 2 * 86_400_000 ? formatDateTime : formatDate;
	return html`<figure class="stock-chart">
		<svg viewBox="0 0 ${BOX.width} ${BOX.height}" role="img" aria-label=${label}>
			<desc>${summary}</desc>
			${yTicks.map(
				(tick) => svg`<line class="grid-line" x1=${BOX.left} x2=${right} y1=${tick.position} y2=${tick.position}></line>
					<text class="axis-label" x=${BOX.left - 6} y=${tick.position + 4} text-anchor="end">${formatQuantity(tick.value, locale)}</text>`,
			)}
			<path class="stock-line" d=${path}></path>
			<text class="axis-label" x=${BOX.left} y=${bottom + 18} text-anchor="start">${when(from, locale)}</text>
			<text class="axis-label" x=${right} y=${bottom + 18} text-anchor="end">${when(to, locale)}</text>
		</svg>
	</figure>`;
}
