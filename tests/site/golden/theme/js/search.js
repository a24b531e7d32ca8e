/* Rencontres: the search page, over Pagefind's static index (pagefind/ on this site).
 *
 * The page works without this script only as a list of links; with it, the form
 * is shown, `?q=` is read and kept up to date, results are listed and their
 * number is announced. Titles and excerpts are contributors' text: they are
 * inserted as text, never as HTML.
 */
(() => {
  "use strict";

  const form = document.querySelector(".search-form");
  if (!form) return;
  const input = form.querySelector("input[type=search]");
  const status = document.querySelector(".search-status");
  const list = document.querySelector(".search-results");
  const more = document.querySelector(".search-more");
  const PAGE = 20; // results shown at once; "more" shows the next ones
  const plural = new Intl.PluralRules(document.documentElement.lang || "fr");
  let latest = 0; // the newest query; answers to older ones are dropped
  let found = [];

  // The index is loaded from this site, relative to this page: it works under any sub-path.
  // It comes in parts (the regions and series, then events and recaps by months), each a
  // Pagefind bundle listed in parts.json: the first is loaded, the others merged into it.
  const partsUrl = new URL(form.dataset.index, document.baseURI);
  const siteRoot = new URL("../", partsUrl).pathname;
  const loading = fetch(partsUrl)
    .then((response) => {
      if (!response.ok) throw new Error(`${partsUrl}: ${response.status}`);
      return response.json();
    })
    .then(async ({ parts }) => {
      const [first, ...others] = parts.map((name) => new URL(`${name}/`, partsUrl).pathname);
      const pagefind = await import(new URL("pagefind.js", new URL(first, partsUrl)).href);
      await pagefind.options({ baseUrl: siteRoot });
      await Promise.all(others.map((bundle) => pagefind.mergeIndex(bundle, { baseUrl: siteRoot })));
      return pagefind;
    });

  const say = (text) => {
    status.textContent = text;
  };

  const counted = (n) =>
    (plural.select(n) === "one" ? form.dataset.one : form.dataset.other).replace("{n}", n);

  /* Pagefind's excerpt is HTML: escaped text with <mark> around the words found. It is
   * parsed in an inert document (nothing there loads or runs), and only its text and its
   * marks are kept, so a contributor's markup can never reach the page. */
  function excerpt(html) {
    const paragraph = document.createElement("p");
    const parsed = new DOMParser().parseFromString(html, "text/html").body;
    for (const node of parsed.childNodes) {
      const text = node.textContent;
      const mark = node.nodeName === "MARK" && document.createElement("mark");
      paragraph.append(mark ? Object.assign(mark, { textContent: text }) : text);
    }
    return paragraph;
  }

  function item(data) {
    const entry = document.createElement("li");
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    heading.append(link);
    entry.append(heading);
    const details = [data.meta.kind, data.meta.date].filter(Boolean).join(" · ");
    if (details) {
      const line = document.createElement("p");
      line.className = "search-details";
      line.textContent = details;
      entry.append(line);
    }
    entry.append(excerpt(data.excerpt));
    return entry;
  }

  async function showMore(turn) {
    const shown = list.children.length;
    const next = await Promise.all(found.slice(shown, shown + PAGE).map((r) => r.data()));
    if (turn !== latest) return [];
    const items = next.map(item);
    list.append(...items);
    list.hidden = list.children.length === 0;
    more.hidden = list.children.length >= found.length;
    return items;
  }

  async function search(text) {
    const turn = ++latest;
    const query = text.trim();
    list.setAttribute("aria-busy", "true");
    history.replaceState(null, "", query ? `?${new URLSearchParams({ q: query })}` : location.pathname);
    const pagefind = await loading;
    const answer = query ? await pagefind.debouncedSearch(query) : { results: [] };
    if (answer === null || turn !== latest) return; // a newer query replaced this one
    found = answer.results;
    list.replaceChildren();
    await showMore(turn);
    if (turn !== latest) return;
    if (!query) say("");
    else say(found.length ? counted(found.length) : form.dataset.none.replace("{q}", () => query));
    list.setAttribute("aria-busy", "false");
  }

  const run = (text) =>
    search(text).catch(() => {
      say(form.dataset.failed);
      list.setAttribute("aria-busy", "false");
    });

  form.hidden = false;
  document.querySelector(".search-without-script").hidden = true;
  input.value = new URLSearchParams(location.search).get("q") || "";
  input.addEventListener("input", () => run(input.value));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(input.value);
  });
  more.addEventListener("click", () => {
    showMore(latest)
      .then((items) => items[0]?.querySelector("a").focus())
      .catch(() => say(form.dataset.failed));
  });
  if (input.value) run(input.value);
  loading.catch(() => say(form.dataset.failed));
})();
