// Search page (/tim-kiem/, and /en/tim-kiem/ for an English edition): queries the Pagefind index
// the build wrote into /pagefind/ for the page's edition (the form's data-index names its list of
// parts). No inline script and no HTML from the index is trusted: results are built as DOM nodes.
// What it says comes from the page (the status line's data-* attributes, in the page's language).
const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const statusLine = document.getElementById("search-status");
const list = document.getElementById("search-results");
const filterBox = document.getElementById("search-filters");
const selects = Array.from(document.querySelectorAll("select[data-filter]"));
const MAX_RESULTS = 20;
const words = statusLine.dataset;

// A string of the page's table with its {fields} filled (text: shown with textContent).
function fill(text, values) {
  return text.replace(/\{([a-z_]+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

let pagefind = null;
let generation = 0;

function say(text) {
  statusLine.textContent = text;
}

// The excerpt is text with <mark> around matched words: keep exactly that, nothing else.
function excerptNodes(excerpt) {
  const doc = new DOMParser().parseFromString(`<p>${excerpt}</p>`, "text/html");
  const out = document.createDocumentFragment();
  for (const node of doc.body.firstChild.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.append(mark);
    } else {
      out.append(document.createTextNode(node.textContent));
    }
  }
  return out;
}

function resultItem(data) {
  const li = document.createElement("li");
  li.className = "item";
  const h = document.createElement("h2");
  h.className = "item-title";
  const a = document.createElement("a");
  a.href = data.url;
  a.textContent = (data.meta && data.meta.title) || data.url;
  h.append(a);
  li.append(h);
  if (data.meta && data.meta.date) {
    const meta = document.createElement("p");
    meta.className = "item-meta";
    meta.textContent = data.meta.date;
    li.append(meta);
  }
  const p = document.createElement("p");
  p.className = "item-summary";
  p.append(excerptNodes(data.excerpt || ""));
  li.append(p);
  return li;
}

function chosenFilters() {
  const filters = {};
  for (const select of selects) {
    if (select.value) filters[select.dataset.filter] = select.value;
  }
  return filters;
}

function remember(term) {
  const params = new URLSearchParams();
  if (term) params.set("q", term);
  for (const select of selects) {
    if (select.value) params.set(select.name, select.value);
  }
  const query = params.toString();
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
}

async function run() {
  if (!pagefind) return;
  const mine = ++generation;
  const term = input.value.trim();
  const filters = chosenFilters();
  remember(term);
  if (!term && Object.keys(filters).length === 0) {
    list.replaceChildren();
    say("");
    return;
  }
  const search = await pagefind.debouncedSearch(term || null, { filters }, 150);
  if (search === null || mine !== generation) return; // a newer query is on its way
  const shown = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
  if (mine !== generation) return;
  list.replaceChildren(...shown.map(resultItem));
  const total = search.results.length;
  const what = term ? fill(words.for, { term }) : "";
  if (total === 0) say(fill(words.none, { what }));
  else if (total > shown.length) say(fill(words.some, { total, what, shown: shown.length }));
  else say(fill(words.all, { total, what }));
}

function fillFilters(available) {
  let any = false;
  const collator = new Intl.Collator(document.documentElement.lang || "vi");
  for (const select of selects) {
    const values = Object.keys(available[select.dataset.filter] || {}).sort(collator.compare);
    for (const value of values) {
      const option = document.createElement("option");
      option.value = value;
      option.textContent = `${value} (${available[select.dataset.filter][value]})`;
      select.append(option);
      any = true;
    }
  }
  filterBox.hidden = !any;
}

async function start() {
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  try {
    // The index is in parts, one a year, newest first (the build re-indexes only what changed):
    // Pagefind from the newest, the others merged into it.
    const parts = await (await fetch(form.dataset.index || "/pagefind/parts.json")).json();
    pagefind = await import(`${parts[0]}pagefind.js`);
    await pagefind.options({ excerptLength: 30, basePath: parts[0] });
    await pagefind.init();
    for (const part of parts.slice(1)) await pagefind.mergeIndex(part);
    fillFilters(await pagefind.filters());
  } catch (err) {
    say(words.unavailable);
    return;
  }
  for (const select of selects) {
    const wanted = params.get(select.name);
    if (wanted && Array.from(select.options).some((o) => o.value === wanted)) select.value = wanted;
    select.addEventListener("change", run);
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  input.addEventListener("input", run);
  document.documentElement.classList.add("search-ready");
  run();
}

start();
