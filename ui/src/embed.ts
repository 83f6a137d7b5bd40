/**
 * The embed entry (ui/dist/embed.js): `<stockroom-grid>` for pages of other origins, loaded with
 * `<script type="module" src="https://<stockroom>/embed.js">` (served with CORS, ui/public/_headers).
 * Defining the element is all it does; a second copy of the script on a page defines nothing twice.
 */
import "./grid/stockroom-grid";

export { StockroomGrid } from "./grid/stockroom-grid";
