// Person pickers (cepathway/ui/pickers.py) as a type-ahead, with alphagov's accessible-autocomplete.
//
// Without JavaScript a picker is a select of a short list (the people already connected, the
// current value) with a "Search for someone else" box and a Find button that resubmits the form.
// Here the select becomes a type-ahead over the same short list plus the people the field's
// `data-source` finds as you type; a picker of several (checkboxes) gets a type-ahead that ticks
// the person chosen, adding them to the list. The script is loaded only on a page with a picker.

const SCRIPT = new URL("./accessible-autocomplete.min.js", import.meta.url).href;

function loadAutocomplete() {
  if (window.accessibleAutocomplete) return Promise.resolve(window.accessibleAutocomplete);
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = SCRIPT;
    script.onload = () => resolve(window.accessibleAutocomplete);
    script.onerror = reject;
    document.head.append(script);
  });
}

// Suggestions: the short list's people whose name contains what was typed, then those the server finds.
function sourceFor(picker, localPeople) {
  const address = picker.dataset.source;
  let latest = 0;
  return (query, populate) => {
    const typed = query.trim().toLowerCase();
    const local = localPeople().filter((person) => person.label.toLowerCase().includes(typed));
    if (!address || typed.length < 2) {
      populate(local);
      return;
    }
    const asked = ++latest;
    const url = new URL(address, window.location.href);
    url.searchParams.set("q", typed);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : { results: [] }))
      .then((data) => {
        if (asked !== latest) return; // a later keystroke has asked again
        const seen = new Set(local.map((person) => person.id));
        populate(local.concat(data.results.filter((person) => !seen.has(person.id))));
      })
      .catch(() => populate(local));
  };
}

const templates = {
  inputValue: (person) => (person ? person.label : ""),
  suggestion: (person) => (typeof person === "string" ? person : person.label),
};

function enhanceSelect(accessibleAutocomplete, picker) {
  const select = picker.querySelector("select");
  const people = () =>
    Array.from(select.options)
      .filter((option) => option.value)
      .map((option) => ({ id: option.value, label: option.textContent }));
  const chosen = select.options[select.selectedIndex];
  accessibleAutocomplete.enhanceSelectElement({
    selectElement: select,
    source: sourceFor(picker, people),
    templates,
    defaultValue: chosen && chosen.value ? chosen.textContent : "",
    minLength: 0,
    // Without autoselect the library draws no inline hint: its hint is a second, unlabelled input
    // (axe: "Form elements must have labels") shown only when the first option starts with the text typed.
    autoselect: false,
    showNoOptionsFound: true,
    tNoResults: () => "No one found: type more of their name",
    inputClasses: select.classList.contains("govuk-select--error") ? "govuk-input--error" : "",
    onConfirm: (person) => {
      if (!person) return;
      let option = Array.from(select.options).find((each) => each.value === person.id);
      if (!option) {
        option = new Option(person.label, person.id);
        select.append(option);
      }
      option.selected = true;
    },
  });
  const input = picker.querySelector(".autocomplete__input");
  // Emptying the box empties the choice ("No change", "No one"), as choosing the empty option would.
  input?.addEventListener("change", () => {
    if (!input.value.trim()) select.value = "";
  });
  input?.addEventListener("blur", () => {
    if (!input.value.trim()) select.value = "";
  });
  const describedBy = select.getAttribute("aria-describedby");
  if (input && describedBy) input.setAttribute("aria-describedby", describedBy);
}

function enhanceCheckboxes(accessibleAutocomplete, picker) {
  const search = picker.querySelector("[data-app-picker-search]");
  const box = search.querySelector("input[type=text]");
  const options = picker.querySelector("[data-app-picker-options]");
  const people = () =>
    Array.from(options.querySelectorAll("input[type=checkbox]")).map((input) => ({
      id: input.value,
      label: options.querySelector(`label[for="${input.id}"]`).textContent,
    }));
  const container = document.createElement("div");
  box.closest(".app-picker__find").replaceWith(container);
  search.querySelector("[data-app-picker-found]")?.remove();
  const hint = search.querySelector(".govuk-hint");
  if (hint) hint.textContent = "Type part of their name, then choose them from the list to tick them.";
  accessibleAutocomplete({
    element: container,
    id: box.id,
    source: sourceFor(picker, () => []),
    templates,
    minLength: 2,
    showNoOptionsFound: true,
    tNoResults: () => "No one found: type more of their name",
    onConfirm: (person) => {
      if (!person) return;
      tick(options, box.name.replace(/-search$/, ""), person);
      // The box empties for the next search: the person chosen is now a ticked checkbox above.
      window.setTimeout(() => {
        const input = container.querySelector("input");
        if (input) input.value = "";
      });
    },
  });
  const input = container.querySelector("input");
  if (input) input.setAttribute("aria-describedby", box.getAttribute("aria-describedby") || "");
}

// Tick the person, adding a checkbox for them when the list has none.
function tick(options, name, person) {
  const existing = Array.from(options.querySelectorAll("input[type=checkbox]")).find((input) => input.value === person.id);
  if (existing) {
    existing.checked = true;
    return;
  }
  options.querySelector("[data-app-picker-none]")?.remove();
  const id = `${name}-${person.id}`;
  const item = document.createElement("div");
  item.className = "govuk-checkboxes__item";
  const input = document.createElement("input");
  Object.assign(input, { className: "govuk-checkboxes__input", id, name, type: "checkbox", value: person.id, checked: true });
  const label = document.createElement("label");
  Object.assign(label, { className: "govuk-label govuk-checkboxes__label", htmlFor: id, textContent: person.label });
  item.append(input, label);
  options.append(item);
}

export function initPickers() {
  const pickers = document.querySelectorAll('[data-module="app-picker"]');
  if (!pickers.length) return;
  loadAutocomplete().then((accessibleAutocomplete) => {
    for (const picker of pickers) {
      if (picker.dataset.appPicker === "select") {
        picker.querySelector("[data-app-picker-search]")?.remove();
        enhanceSelect(accessibleAutocomplete, picker);
      } else {
        enhanceCheckboxes(accessibleAutocomplete, picker);
      }
    }
  });
}
