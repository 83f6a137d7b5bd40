/** The embed entry (ui/dist/embed.js): `<stockroom-grid>` for pages of other origins. */
import "./grid/stockroom-grid";
