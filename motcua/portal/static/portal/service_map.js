// The service-points map: Leaflet (served from our static files) with the tiles of MOTCUA_MAP_TILES.
// Without tiles (an intranet) the markers still show on a blank map; without Leaflet the list stands alone.
(function () {
  "use strict";
  var element = document.getElementById("service-map");
  var data = document.getElementById("service-map-points");
  if (!element || !data) return;
  if (typeof L === "undefined") {
    element.hidden = true;
    return;
  }
  var points = JSON.parse(data.textContent);
  var attribution = document.createElement("span");
  attribution.textContent = element.dataset.attribution; // plain text from the settings, never markup
  var map = L.map(element, { scrollWheelZoom: false });
  L.tileLayer(element.dataset.tiles, {
    maxZoom: 19,
    attribution: attribution.innerHTML,
  }).addTo(map);
  var bounds = [];
  points.forEach(function (point) {
    var popup = document.createElement("div");
    var name = document.createElement("strong");
    name.textContent = point.name;
    popup.appendChild(name);
    [point.address, point.phone].forEach(function (line) {
      if (!line) return;
      popup.appendChild(document.createElement("br"));
      popup.appendChild(document.createTextNode(line));
    });
    L.marker([point.lat, point.lng], { title: point.name, alt: point.name }).bindPopup(popup).addTo(map);
    bounds.push([point.lat, point.lng]);
  });
  if (bounds.length === 1) {
    map.setView(bounds[0], 15);
  } else {
    map.fitBounds(bounds, { padding: [40, 40] });
  }
})();
