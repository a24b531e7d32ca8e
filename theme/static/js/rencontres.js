/* Rencontres: what the reader's browser adds to the static page.
 * 1. The page stays right between builds: events that have ended since the build
 *    leave the "upcoming" lists, and events under way say so.
 * 2. List pages filter instantly by region, series, tag and attendance; the
 *    filter is kept in the address so it can be shared.
 * Without JavaScript the page shows the build-time state and filter links. */
(function () {
  "use strict";
  var script = document.currentScript;
  var labels = script ? script.dataset : {};

  function words(text) {
    return (text || "").split(" ").filter(Boolean);
  }

  function emptyNote(list, text) {
    var note = document.createElement("p");
    note.className = "empty";
    note.textContent = text;
    list.replaceWith(note);
  }

  function badge(card, className, text) {
    var title = card.querySelector("h3, .when");
    if (!title || card.querySelector("." + className)) return;
    var mark = document.createElement("span");
    mark.className = "badge " + className;
    mark.textContent = text;
    title.append(" ", mark);
  }

  function retire(card) {
    var pastList = document.querySelector("ul[data-when='past']");
    var list = card.parentElement;
    card.classList.remove("is-ongoing");
    card.querySelectorAll(".badge-ongoing").forEach(function (b) { b.remove(); });
    badge(card, "badge-ended", labels.ended);
    if (pastList) pastList.prepend(card); else card.remove();
    if (!list.querySelector("[data-end]")) emptyNote(list, list.dataset.empty || labels.none);
  }

  function keepUpToDate(now) {
    document.querySelectorAll("ul[data-when='upcoming'] > [data-end]").forEach(function (card) {
      if (Date.parse(card.dataset.end) <= now) retire(card);
      else if (Date.parse(card.dataset.start) <= now) {
        card.classList.add("is-ongoing");
        badge(card, "badge-ongoing", labels.ongoing);
      }
    });
    var article = document.querySelector("article.event[data-end]");
    var over = article && !article.dataset.recurring && !article.querySelector(".notice-ended");
    if (over && Date.parse(article.dataset.end) <= now) {
      var notice = document.createElement("p");
      notice.className = "notice notice-ended";
      notice.textContent = labels.over;
      article.querySelector("h1").after(notice);
    }
  }

  function matches(item, wanted) {
    return Object.keys(wanted).every(function (name) {
      var have = words(item.getAttribute("data-" + name));
      return words(wanted[name]).some(function (w) { return have.indexOf(w) >= 0; });
    });
  }

  function applyFilters(bar) {
    var wanted = {};
    bar.querySelectorAll("select[data-filter]").forEach(function (select) {
      if (select.value) wanted[select.dataset.filter] = select.value;
    });
    var shown = 0;
    document.querySelectorAll("main [data-attendance]").forEach(function (item) {
      item.hidden = !matches(item, wanted);
      if (!item.hidden) shown += 1;
    });
    document.querySelectorAll("main ul:has(> [data-attendance])").forEach(function (list) {
      var none = list.nextElementSibling;
      var empty = !list.querySelector(":scope > [data-attendance]:not([hidden])");
      if (!none || !none.classList.contains("none-match")) {
        none = document.createElement("p");
        none.className = "empty none-match";
        none.textContent = labels.none;
        list.after(none);
      }
      none.hidden = !empty;
    });
    bar.querySelector(".filter-count").textContent = labels.shown.replace("{n}", shown);
    return wanted;
  }

  function remember(wanted) {
    var url = new URL(location.href);
    ["region", "series", "tags", "attendance"].forEach(function (name) {
      if (wanted[name]) url.searchParams.set(name, wanted[name]);
      else url.searchParams.delete(name);
    });
    history.replaceState(null, "", url);
  }

  function setUpFilters() {
    var bar = document.querySelector(".filters");
    if (!bar) return;
    var asked = new URLSearchParams(location.search);
    bar.querySelectorAll("select[data-filter]").forEach(function (select) {
      var value = asked.get(select.dataset.filter);
      if (value && select.querySelector("option[value='" + CSS.escape(value) + "']")) {
        select.value = value;
      }
      select.addEventListener("change", function () { remember(applyFilters(bar)); });
    });
    bar.hidden = false;
    applyFilters(bar);
  }

  keepUpToDate(Date.now());
  setUpFilters();
})();
