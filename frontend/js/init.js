// Progressive enhancement only: every page works with JavaScript off.
//
// A module script runs only in browsers that GOV.UK Frontend supports, so it can set the body classes
// that GOV.UK's page template sets with an inline script. Keeping no inline script means pages work
// under a strict Content-Security-Policy (script-src 'self').
import { initAll as initGovukFrontend } from "./govuk-frontend.min.js";
import { initAll as initMojFrontend } from "./moj-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initGovukFrontend();
initMojFrontend();
