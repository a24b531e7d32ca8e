/*
 * Rencontres maps. Each map block is readable without this script: the address,
 * an OpenStreetMap link and, on region pages, the list of venues. This script
 * only reveals a button; pressing it loads Leaflet from this site (never with
 * the page: it weighs ~150 KB) and then the tiles from the tile server, which
 * sees the reader's IP address, so nothing is fetched without their consent.
 * Markers come from the block's .map-place elements (data-lat, data-lon,
 * data-label); popups are copies of those elements, never HTML from strings.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("Promise" in window)) return;
  var leaflet = new URL("../vendor/leaflet/", script.src).href;
  var loading = null;
  var APART = 28; // pixels: a marker icon is 25 wide, and each target needs 24 x 24

  function add(tag, properties) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement(tag);
      Object.keys(properties).forEach(function (name) { element[name] = properties[name]; });
      element.onload = resolve;
      element.onerror = function () { element.remove(); reject(new Error(properties.href || properties.src)); };
      document.head.appendChild(element);
    });
  }

  function loadLeaflet() {
    loading = loading || Promise.all([
      add("link", { rel: "stylesheet", href: leaflet + "leaflet.css" }),
      add("script", { src: leaflet + "leaflet.js" }),
    ]).then(function () {
      window.L.Icon.Default.imagePath = leaflet + "images/"; // not guessed from the CSS link
      return window.L;
    }, function (error) { loading = null; throw error; });
    return loading;
  }

  function credit(words) {
    var link = document.createElement("a");
    link.href = words.creditUrl;
    link.textContent = words.credit;
    return link.outerHTML; // Leaflet takes HTML: serialised from a text node, so escaped
  }

  function popupOf(places) {
    var content = document.createElement("div");
    content.className = "map-popup";
    places.forEach(function (place) {
      var part = content.appendChild(document.createElement("div"));
      var source = place.element.content || place.element; // event pages: a <template>
      part.setAttribute("data-label", place.label);
      Array.prototype.forEach.call(source.childNodes, function (node) {
        part.appendChild(node.cloneNode(true));
      });
    });
    return content;
  }

  // Markers closer than an icon's width would cover each other, leaving targets too small
  // to press (WCAG 2.5.8): at each zoom, venues that close share one marker and one popup.
  function regroup(L, map, places, layer) {
    var groups = [];
    places.forEach(function (place) {
      var point = map.project(place.latlng);
      var near = groups.filter(function (group) {
        return Math.max(Math.abs(group.point.x - point.x), Math.abs(group.point.y - point.y)) < APART;
      })[0];
      if (near) near.places.push(place);
      else groups.push({ point: point, latlng: place.latlng, places: [place] });
    });
    var hadFocus = layer.getLayers().some(function (marker) {
      return marker.getElement() === document.activeElement;
    });
    layer.clearLayers();
    var width = map.getContainer().clientWidth;
    groups.forEach(function (group) { markerFor(L, group, width).addTo(layer); });
    if (hadFocus) map.getContainer().focus(); // its marker is gone: keep focus on the map
  }

  function markerFor(L, group, width) {
    var label = group.places.map(function (place) { return place.label; }).join(", ");
    var marker = L.marker(group.latlng, { alt: label, title: label }).bindPopup(popupOf(group.places), {
      autoPanPaddingTopLeft: [48, 12],  // clear of the zoom buttons on a narrow screen
      maxWidth: Math.max(160, width - 96),
    });
    marker.on("popupclose", function (event) {
      var icon = marker.getElement();
      var lost = document.activeElement === document.body;
      if (icon && (lost || event.popup.getElement().contains(document.activeElement))) icon.focus();
    });
    return marker;
  }

  function draw(L, block, ask) {
    var words = block.dataset;
    var container = document.createElement("div");
    container.className = "map";
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", words.label);
    block.insertBefore(container, ask);
    var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var map = L.map(container, { zoomControl: false, fadeAnimation: !still, zoomAnimation: !still });
    L.control.zoom({ zoomInTitle: words.zoomIn, zoomOutTitle: words.zoomOut }).addTo(map);
    L.tileLayer(words.tiles, { maxZoom: 19, attribution: credit(words) }).addTo(map);
    var places = Array.prototype.map.call(block.querySelectorAll(".map-place"), function (element) {
      var latlng = L.latLng(parseFloat(element.dataset.lat), parseFloat(element.dataset.lon));
      return { element: element, latlng: latlng, label: element.dataset.label };
    });
    var layer = L.layerGroup().addTo(map);
    map.fitBounds(places.map(function (place) { return place.latlng; }), { padding: [40, 40], maxZoom: 16 });
    regroup(L, map, places, layer);
    map.on("zoomend", function () { regroup(L, map, places, layer); });
    map.on("popupopen", function (event) {
      var popup = event.popup.getElement();
      var close = popup.querySelector(".leaflet-popup-close-button");
      close.setAttribute("aria-label", words.close);
      (popup.querySelector(".leaflet-popup-content a") || close).focus(); // read it, not skip it
    });
    container.addEventListener("keydown", function (event) {
      if (event.key === "Escape") map.closePopup(); // closing hands focus back to the marker
    });
    ask.hidden = true;
    container.focus(); // the button is gone: keyboard users land on the map, arrows pan it
  }

  function prepare(block) {
    var ask = block.querySelector(".map-ask");
    var button = ask.querySelector("button");
    var status = ask.querySelector(".map-status");
    var busy = false;
    button.addEventListener("click", function () {
      if (busy) return;
      busy = true;
      status.textContent = block.dataset.loading;
      loadLeaflet().then(function (L) {
        status.textContent = "";
        draw(L, block, ask);
      }, function () {
        status.textContent = block.dataset.failed;
        busy = false;
      });
    });
    ask.hidden = false;
  }

  document.querySelectorAll(".map-block").forEach(prepare);
})();
