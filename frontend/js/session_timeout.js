// The warning before the idle limit signs the person out (cepathway/people/sessions.py).
//
// A signed-in page's <body> carries the limits (data-session-*, from the server) and the CSRF token is in
// <meta name="csrf-token"> (the CSRF cookie is HttpOnly). settings.CEPATHWAY_IDLE_WARNING_SECONDS before the
// person would be signed out for doing nothing, a native modal <dialog> says so: "Stay signed in" asks the
// server to start the idle limit again (204), Escape does the same, "Sign out now" signs out. When the
// time passes, the page goes to the sign-in page, where the server says why. Past the absolute limit
// (hours after signing in) there is no staying: the dialog only says when.
//
// Tabs of one browser share one session: activity in any of them (a page loaded, "Stay signed in") is
// written to localStorage, and the others start counting again from it. Without JavaScript, nothing
// warns, and the server still signs the person out.

const STORAGE_KEY = "cepathway.session.active-at";
const GRACE_MS = 2000;

function readNumber(value, fallback) {
  const number = Number(value);
  return Number.isFinite(number) && value !== undefined && value !== "" ? number : fallback;
}

function say(seconds) {
  if (seconds < 60) {
    return "in less than a minute";
  }
  const minutes = Math.round(seconds / 60);
  return minutes === 1 ? "in 1 minute" : `in ${minutes} minutes`;
}

function buildDialog(signOutUrl, csrfToken) {
  const dialog = document.createElement("dialog");
  dialog.className = "app-session-dialog";
  dialog.setAttribute("aria-labelledby", "app-session-dialog-title");
  dialog.setAttribute("aria-describedby", "app-session-dialog-text");
  // Style through the CSSOM, which a strict Content-Security-Policy allows (a style attribute it would not).
  dialog.style.maxWidth = "36em";
  dialog.style.padding = "30px";
  dialog.style.border = "5px solid #0b0c0c";

  const title = document.createElement("h2");
  title.className = "govuk-heading-m";
  title.id = "app-session-dialog-title";
  title.textContent = "You will be signed out soon";

  const text = document.createElement("p");
  text.className = "govuk-body";
  text.id = "app-session-dialog-text";

  const buttons = document.createElement("div");
  buttons.className = "govuk-button-group";

  const stay = document.createElement("button");
  stay.type = "button";
  stay.className = "govuk-button";
  stay.textContent = "Stay signed in";

  const form = document.createElement("form");
  form.method = "post";
  form.action = signOutUrl;
  const token = document.createElement("input");
  token.type = "hidden";
  token.name = "csrfmiddlewaretoken";
  token.value = csrfToken;
  const signOut = document.createElement("button");
  signOut.type = "submit";
  signOut.className = "govuk-button govuk-button--secondary";
  signOut.textContent = "Sign out now";
  form.append(token, signOut);

  buttons.append(stay, form);
  dialog.append(title, text, buttons);
  document.body.append(dialog);
  return { dialog, text, stay, signOut };
}

export function initSessionTimeout(body = document.body) {
  const data = body.dataset;
  if (!data.sessionIdleSeconds || typeof HTMLDialogElement !== "function") {
    return;
  }
  const idle = readNumber(data.sessionIdleSeconds, 0);
  const warning = readNumber(data.sessionWarningSeconds, 120);
  const loadedAt = Date.now();
  const absoluteDeadline = loadedAt + readNumber(data.sessionAbsoluteSecondsLeft, Infinity) * 1000;
  const csrfToken = document.querySelector('meta[name="csrf-token"]')?.content ?? "";
  const parts = buildDialog(data.sessionSignOutUrl, csrfToken);
  let idleDeadline = loadedAt + readNumber(data.sessionIdleSecondsLeft, idle) * 1000;
  let timer = null;

  const deadline = () => Math.min(idleDeadline, absoluteDeadline);

  function goToSignIn() {
    window.location.assign(data.sessionSignInUrl);
  }

  function close() {
    if (parts.dialog.open) {
      parts.dialog.close();
    }
  }

  function show() {
    const left = Math.max(0, (deadline() - Date.now()) / 1000);
    const absolute = absoluteDeadline <= idleDeadline;
    parts.text.textContent = absolute
      ? `For safety, everyone is signed out some hours after signing in. You will be signed out ${say(left)}. Save what you are doing now.`
      : `You have not done anything for a while, so to keep children's records safe you will be signed out ${say(left)}. Anything you have not saved will be lost.`;
    parts.stay.hidden = absolute;
    if (!parts.dialog.open) {
      parts.dialog.showModal();
      (absolute ? parts.signOut : parts.stay).focus();
    }
  }

  function schedule() {
    window.clearTimeout(timer);
    const left = deadline() - Date.now();
    // A moment's grace, so the server (which counts whole seconds) agrees the time has passed.
    if (left <= -GRACE_MS) {
      goToSignIn();
    } else if (left <= warning * 1000) {
      show();
      timer = window.setTimeout(schedule, Math.min(left + GRACE_MS, 15000));
    } else {
      close();
      timer = window.setTimeout(schedule, left - warning * 1000);
    }
  }

  function activeAt(time) {
    idleDeadline = Math.max(idleDeadline, time + idle * 1000);
  }

  function share(time) {
    try {
      window.localStorage.setItem(STORAGE_KEY, String(time));
    } catch {
      // Storage may be off; each tab then counts on its own.
    }
  }

  async function stay() {
    try {
      const response = await fetch(data.sessionKeepAliveUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken, Accept: "application/json" },
      });
      if (response.status !== 204) {
        goToSignIn();
        return;
      }
    } catch {
      return; // The network failed: the dialog stays, the person can try again.
    }
    const now = Date.now();
    activeAt(now);
    share(now);
    close();
    schedule();
  }

  parts.stay.addEventListener("click", stay);
  // Escape is "Stay signed in" (a dialog's cancel); past the absolute limit there is nothing to stay for.
  parts.dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    if (!parts.stay.hidden) {
      stay();
    }
  });
  window.addEventListener("storage", (event) => {
    if (event.key === STORAGE_KEY && event.newValue) {
      activeAt(Number(event.newValue));
      schedule();
    }
  });

  share(loadedAt - (idle - readNumber(data.sessionIdleSecondsLeft, idle)) * 1000);
  schedule();
}
