/** The app's entry (ui/dist/app.js): the shell and its pages. */
import "./app/stockroom-app";
