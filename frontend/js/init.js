// Progressive enhancement only: every page works with JavaScript off.
//
// A module script runs only in browsers that GOV.UK Frontend supports, so it can set the body classes
// that GOV.UK's page template sets with an inline script. Keeping no inline script means pages work
// under a strict Content-Security-Policy (script-src 'self').
import { initAll as initGovukFrontend } from "./govuk-frontend.min.js";
import { initAll as initMojFrontend } from "./moj-frontend.min.js";
import { initPickers } from "./pickers.js";
import { initSessionTimeout } from "./session_timeout.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initGovukFrontend();
initMojFrontend();

// A print button, in an element marked `data-app-print` and hidden in the markup, appears only where
// this script can print; without JavaScript the browser's own Print does the same, and the print
// stylesheet applies either way. (The wrapper is hidden, not the button: a button's display wins.)
for (const area of document.querySelectorAll("[data-app-print]")) {
  area.hidden = false;
  area.querySelector("button")?.addEventListener("click", () => window.print());
}

// Person pickers become a type-ahead (pickers.js); without JavaScript their Find button searches.
initPickers();

// A signed-in page warns before the idle limit signs the person out (session_timeout.js).
initSessionTimeout();
