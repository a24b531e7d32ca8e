/*
 * Rencontres widget: shows the next meetups of a region, a series or the whole
 * site on another website. Paste where the list should appear:
 *
 *   <div data-rencontres="regions/bas-saint-laurent" data-limit="5">
 *     <a href="https://example.org/regions/bas-saint-laurent/">Les rencontres</a>
 *   </div>
 *   <script src="https://example.org/theme/js/rencontres-widget.js" async></script>
 *
 * It reads the site's public events.json; it sets no cookie, stores nothing,
 * sends no referrer, and builds the list with text nodes only. Its styles have
 * zero specificity (:where), so the host page's own styles always win.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var siteRoot = new URL("../../", script.src);
  var words = {
    fr: { none: "Aucune rencontre à venir.", online: "en ligne", all: "Toutes les rencontres", cancelled: "Annulé : " },
    en: { none: "No upcoming meetups.", online: "online", all: "All meetups", cancelled: "Cancelled: " },
  };

  function addStyles() {
    if (document.getElementById("rencontres-widget-style")) return;
    var style = document.createElement("style");
    style.id = "rencontres-widget-style";
    style.textContent =
      ":where(.rencontres-widget){list-style:none;margin:0;padding:0;font:inherit;color:inherit}" +
      ":where(.rencontres-widget li){margin:0 0 .6em;padding-left:.6em;border-left:3px solid currentColor}" +
      ":where(.rencontres-widget .rencontres-when,.rencontres-widget .rencontres-where){display:block;font-size:.9em;opacity:.8}" +
      ":where(.rencontres-widget .rencontres-cancelled a){text-decoration:line-through}";
    document.head.appendChild(style);
  }

  function endOf(occurrence) {
    if (occurrence.end.length === 10) {
      var after = new Date(occurrence.end + "T00:00:00");
      after.setDate(after.getDate() + 1);
      return after.getTime();
    }
    return Date.parse(occurrence.end);
  }

  function startOf(occurrence) {
    return Date.parse(occurrence.start.length === 10 ? occurrence.start + "T00:00:00" : occurrence.start);
  }

  function upcoming(events, limit) {
    var now = Date.now();
    var found = [];
    events.forEach(function (event) {
      event.occurrences.forEach(function (occurrence) {
        if (endOf(occurrence) > now) found.push({ event: event, occurrence: occurrence });
      });
    });
    found.sort(function (a, b) { return startOf(a.occurrence) - startOf(b.occurrence); });
    return found.slice(0, limit);
  }

  function when(item, lang) {
    var start = item.occurrence.start;
    if (start.length === 10) {
      return new Intl.DateTimeFormat(lang, { dateStyle: "full", timeZone: "UTC" }).format(new Date(start + "T00:00:00Z"));
    }
    var options = { dateStyle: "full", timeStyle: "short", timeZone: item.event.timezone };
    return new Intl.DateTimeFormat(lang, options).format(new Date(start));
  }

  function place(item, text) {
    var venue = item.occurrence.venue || item.event.venue;
    if (venue && venue.name) return venue.name + (item.event.city ? ", " + item.event.city : "");
    if (item.event.city) return item.event.city;
    return item.event.online ? text.online : item.event.region.name;
  }

  function line(tag, className, content) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    element.textContent = content;
    return element;
  }

  function render(container, data, limit, lang) {
    var text = words[lang] || words.fr;
    var items = upcoming(data.events, limit);
    var list = document.createElement("ul");
    list.className = "rencontres-widget";
    items.forEach(function (item) {
      var entry = document.createElement("li");
      var cancelled = item.occurrence.status === "cancelled";
      if (cancelled) entry.className = "rencontres-cancelled";
      var link = line("a", "", (cancelled ? text.cancelled : "") + item.occurrence.title);
      link.href = item.event.url;
      link.rel = "noopener";
      entry.appendChild(link);
      var time = line("time", "rencontres-when", when(item, lang));
      time.setAttribute("datetime", item.occurrence.start);
      entry.appendChild(time);
      entry.appendChild(line("span", "rencontres-where", place(item, text)));
      list.appendChild(entry);
    });
    if (!items.length) list.appendChild(line("li", "rencontres-empty", text.none));
    var more = line("a", "rencontres-all", text.all);
    more.href = data.scope.url;
    container.replaceChildren(list, more);
  }

  function load(container) {
    var scope = container.getAttribute("data-rencontres").replace(/^\/+|\/+$/g, "");
    var limit = parseInt(container.getAttribute("data-limit"), 10) || 5;
    var lang = container.getAttribute("data-lang") || document.documentElement.lang.slice(0, 2) || "fr";
    var source = new URL((scope ? scope + "/" : "") + "events.json", siteRoot);
    fetch(source, { credentials: "omit", referrerPolicy: "no-referrer", mode: "cors" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) { render(container, data, limit, lang in words ? lang : "fr"); })
      .catch(function () { /* keep the fallback link the host page put inside */ });
  }

  addStyles();
  Array.prototype.forEach.call(document.querySelectorAll("[data-rencontres]"), load);
})();
