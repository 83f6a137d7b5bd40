/**
 * A wide table scrolls sideways inside its own box (`.table-wrap`, ui/public/app.css) rather than
 * widening the page on a phone. A keyboard user must be able to scroll it too: while it overflows,
 * the box takes the focus (arrow keys scroll it) and is a group named after its table's heading,
 * so that a screen reader says what it is (a group, not a region: the page's section is the landmark
 * of that heading already). Whether it overflows depends on the screen's width and
 * on the rows loaded, so this watches both rather than each page marking its tables.
 */

/** Makes every overflowing `.table-wrap` in `root` a focusable, named group; the others plain boxes. */
export function markScrollableRegions(root: ParentNode): void {
	for (const wrap of root.querySelectorAll<HTMLElement>(".table-wrap")) {
		const scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
		// A page that marked its box itself (tabindex in its markup) keeps it as it is.
		if (wrap.hasAttribute("tabindex") && !wrap.hasAttribute("data-scroll-region")) continue;
		if (!scrolls) {
			if (wrap.hasAttribute("data-scroll-region")) {
				for (const name of ["data-scroll-region", "tabindex", "role", "aria-labelledby", "aria-label"])
					wrap.removeAttribute(name);
			}
			continue;
		}
		if (wrap.hasAttribute("data-scroll-region")) continue;
		wrap.setAttribute("data-scroll-region", "");
		wrap.tabIndex = 0;
		wrap.setAttribute("role", "group");
		const labelledBy = labelIdOf(wrap);
		if (labelledBy) wrap.setAttribute("aria-labelledby", labelledBy);
		else wrap.setAttribute("aria-label", document.title.replace(/ — Stockroom$/, ""));
	}
}

/** Ids given to captions and headings that had none, so that a region can point at them. */
let generatedIds = 0;

/** The id of what names the table: its own label, else the heading of the section it is in. */
function labelIdOf(wrap: HTMLElement): string | null {
	const table = wrap.querySelector("table");
	const own = table?.getAttribute("aria-labelledby");
	if (own) return own;
	const caption = table?.querySelector("caption");
	if (caption) {
		if (!caption.id) caption.id = `table-caption-${++generatedIds}`;
		return caption.id;
	}
	const section = wrap.closest("[aria-labelledby]");
	const sectionLabel = section?.getAttribute("aria-labelledby");
	if (sectionLabel) return sectionLabel;
	const heading = wrap.closest("section, .card, .page")?.querySelector<HTMLElement>("h1, h2, h3");
	if (!heading) return null;
	if (!heading.id) heading.id = `table-heading-${++generatedIds}`;
	return heading.id;
}

/**
 * Keeps `root`'s tables marked as the page changes (rows loaded, another page) and as the window is
 * resized; returns what stops it. Marked as soon as the page has changed (a mutation's microtask,
 * before the next frame), so that no one ever meets an overflowing box that cannot be focused.
 */
export function watchScrollableRegions(root: HTMLElement): () => void {
	const mark = () => markScrollableRegions(root);
	const mutations = new MutationObserver(mark);
	mutations.observe(root, { childList: true, subtree: true, characterData: true });
	window.addEventListener("resize", mark);
	return () => {
		mutations.disconnect();
		window.removeEventListener("resize", mark);
	};
}
