/* Rencontres: what the reader's browser adds to the static page.
 * 1. The page stays right between builds: events that have ended since the build
 *    leave the "upcoming" lists, events under way say so, and on the home page
 *    events move into "this week" and "next week" as the weeks go by.
 * 2. List pages filter instantly by region, series, tag and attendance; the
 *    filter is kept in the address so it can be shared.
 * Without JavaScript the page shows the build-time state and filter links. */
(function () {
  "use strict";
  var script = document.currentScript;
  var labels = script ? script.dataset : {};
  var DAY = 86400000;

  function words(text) {
    return (text || "").split(" ").filter(Boolean);
  }

  function byStart(a, b) {
    return Date.parse(a.dataset.start) - Date.parse(b.dataset.start);
  }

  /* Lists and their empty states ------------------------------------------ */

  function emptied(list) {
    var section = list.closest("section");
    if (list.dataset.empty) {
      var note = document.createElement("p");
      note.className = "empty";
      note.textContent = list.dataset.empty;
      list.replaceWith(note);
    } else if (section && section.querySelector(".more")) {
      list.remove();  // its "and N more" link still leads to the rest
    } else {
      (section || list).remove();
    }
  }

  function listOf(section) {
    var list = section.querySelector("ul[data-when]");
    if (list) return list;
    list = document.createElement("ul");
    list.className = "event-list";
    list.dataset.when = "upcoming";
    list.dataset.empty = section.dataset.empty || "";
    var note = section.querySelector(":scope > .empty");
    if (note) note.replaceWith(list); else section.append(list);
    return list;
  }

  function badge(card, className, text) {
    var when = card.querySelector(".when");
    if (!when || card.querySelector("." + className)) return;
    var mark = document.createElement("span");
    mark.className = "badge " + className;
    mark.textContent = text;
    when.append(" ", mark);
  }

  /* 1. Staying right between builds --------------------------------------- */

  function retire(card) {
    var pastList = document.querySelector("ul[data-when='past']");
    var list = card.parentElement;
    card.classList.remove("is-ongoing");
    card.querySelectorAll(".badge-ongoing").forEach(function (b) { b.remove(); });
    badge(card, "badge-ended", labels.ended);
    if (pastList) pastList.prepend(card); else card.remove();
    if (!list.querySelector("[data-end]")) emptied(list);
  }

  /* Weeks from Monday, on the calendar where the event happens (its offset). */
  function weeksAhead(card, now) {
    var start = card.dataset.start;
    var offset = /([+-])(\d\d):(\d\d)$/.exec(start);
    var minutes = offset ? (offset[1] === "-" ? -1 : 1) * (+offset[2] * 60 + +offset[3]) : 0;
    var there = new Date(now + minutes * 60000);
    var today = Date.UTC(there.getUTCFullYear(), there.getUTCMonth(), there.getUTCDate());
    var monday = today - ((there.getUTCDay() + 6) % 7) * DAY;
    var day = Date.UTC(+start.slice(0, 4), +start.slice(5, 7) - 1, +start.slice(8, 10));
    return Math.floor((day - monday) / (7 * DAY));
  }

  /* A card moved from an area (h4, under h3) into a week (h3, under h2) keeps the outline. */
  function retitle(card, level) {
    var title = card.querySelector(".card-title");
    if (!title || title.tagName === level) return;
    var renamed = document.createElement(level);
    renamed.className = title.className;
    renamed.append.apply(renamed, Array.from(title.childNodes));
    title.replaceWith(renamed);
  }

  function regroupWeeks(now) {
    var weeks = document.querySelectorAll("section[data-week]");
    if (!weeks.length) return;
    document.querySelectorAll("ul[data-when='upcoming'] > [data-start]").forEach(function (card) {
      var week = Math.max(0, weeksAhead(card, now));
      var here = card.closest("section[data-week]");
      if (week > 1 || (here && +here.dataset.week === week)) return;
      var from = card.parentElement;
      listOf(weeks[week]).append(card);
      retitle(card, "H3");
      if (!from.querySelector("[data-end]")) emptied(from);
    });
    weeks.forEach(function (section) {
      var list = section.querySelector("ul[data-when]");
      if (list) Array.from(list.children).sort(byStart).forEach(function (c) { list.append(c); });
    });
  }

  function keepUpToDate(now) {
    document.querySelectorAll("ul[data-when='upcoming'] > [data-end]").forEach(function (card) {
      if (Date.parse(card.dataset.end) <= now) retire(card);
      else if (Date.parse(card.dataset.start) <= now) {
        card.classList.add("is-ongoing");
        badge(card, "badge-ongoing", labels.ongoing);
      }
    });
    regroupWeeks(now);
    var article = document.querySelector("article.event[data-end]");
    var over = article && !article.dataset.recurring && article.dataset.status !== "cancelled"
      && !article.querySelector(".notice-ended");
    if (over && Date.parse(article.dataset.end) <= now) {
      var notice = document.createElement("p");
      notice.className = "notice notice-ended";
      notice.textContent = labels.over;
      article.querySelector("h1").after(notice);
    }
  }

  /* 2. Filters ------------------------------------------------------------- */

  function chosen(bar) {
    var wanted = {};
    bar.querySelectorAll("select[data-filter]").forEach(function (select) {
      if (select.value) wanted[select.dataset.filter] = select.value;
    });
    return wanted;
  }

  function matches(item, wanted) {
    return Object.keys(wanted).every(function (name) {
      return words(item.getAttribute("data-" + name)).indexOf(wanted[name]) >= 0;
    });
  }

  /* A section (heading included) shows only while one of its events does. */
  function showSections(filtering) {
    document.querySelectorAll("main section").forEach(function (section) {
      var items = section.querySelectorAll("[data-attendance]");
      if (!items.length) return;
      var none = !section.querySelector("[data-attendance]:not([hidden])");
      section.hidden = filtering && none;
    });
    document.querySelectorAll("main .more").forEach(function (more) { more.hidden = filtering; });
  }

  /* On a partial list (the home page), a link to the whole list of a region or series. */
  function pointToAll(bar, wanted) {
    var more = bar.querySelector(".filter-all");
    var kind = ["region", "series"].filter(function (k) { return wanted[k]; })[0];
    more.hidden = !kind || !bar.dataset.partial;
    if (more.hidden) return;
    var select = bar.querySelector("select[data-filter='" + kind + "']");
    var link = more.querySelector("a");
    link.href = bar.dataset.base + (kind === "region" ? "regions/" : "series/") + wanted[kind] + "/";
    link.textContent = labels.all.replace("{name}", select.selectedOptions[0].textContent.trim());
  }

  function applyFilters(bar) {
    var wanted = chosen(bar);
    var filtering = Object.keys(wanted).length > 0;
    var shown = 0;
    document.querySelectorAll("main [data-attendance]").forEach(function (item) {
      item.hidden = !matches(item, wanted);
      if (!item.hidden) shown += 1;
    });
    showSections(filtering);
    pointToAll(bar, wanted);
    bar.querySelector(".filter-none").hidden = shown > 0;
    bar.querySelector(".filter-count").textContent =
      filtering ? labels.shown.replace("{n}", shown) : "";
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
