/* The directory's map: markers of the groups listed, read from /groups/map.geojson with
   the list's own filters. The list works without it; this only adds a picture of it.
   No tiles unless the site sets MAP_TILE_URL (data-tile-url): then the background comes
   from that server. Otherwise the coastline of these islands (Natural Earth, served from
   our own static files: data-coastline-url) is drawn behind the markers.
   Text from the data is set with textContent, never as HTML. */
(function () {
    "use strict";

    function popupFor(properties) {
        var box = document.createElement("div");
        var link = document.createElement("a");
        link.href = properties.url;
        link.textContent = properties.name;
        box.appendChild(link);
        var details = [properties.kind, properties.district].filter(Boolean).join(" · ");
        if (details) {
            var line = document.createElement("p");
            line.textContent = details;
            box.appendChild(line);
        }
        return box;
    }

    function drawCoastline(map, url) {
        if (!url) {
            return;
        }
        fetch(url, { headers: { Accept: "application/geo+json" } })
            .then(function (response) {
                return response.ok ? response.json() : null;
            })
            .then(function (land) {
                if (!land) {
                    return;
                }
                L.geoJSON(land, {
                    interactive: false,
                    style: { color: "#6b6b6b", weight: 1, fillColor: "#ffffff", fillOpacity: 1 }
                }).addTo(map).bringToBack();
                map.attributionControl.addAttribution("Natural Earth");
            })
            .catch(function () {
                /* The markers alone still show where the groups are. */
            });
    }

    function draw(container, collection) {
        var features = collection.features || [];
        if (!features.length) {
            return;
        }
        container.hidden = false;
        container.setAttribute("role", "region");
        container.setAttribute("aria-label", container.dataset.label);
        var map = L.map(container, { scrollWheelZoom: false });
        var tileUrl = container.dataset.tileUrl;
        if (tileUrl) {
            L.tileLayer(tileUrl, {
                maxZoom: 18,
                attribution: container.dataset.tileAttribution || ""
            }).addTo(map);
        } else {
            container.classList.add("group-map--plain");
            drawCoastline(map, container.dataset.coastlineUrl);
        }
        var markers = features.map(function (feature) {
            var lonLat = feature.geometry.coordinates;
            return L.marker([lonLat[1], lonLat[0]], {
                title: feature.properties.name,
                alt: feature.properties.name,
                icon: L.divIcon({ className: "group-marker", iconSize: [18, 18] })
            }).bindPopup(popupFor(feature.properties));
        });
        var group = L.featureGroup(markers).addTo(map);
        map.fitBounds(group.getBounds(), { padding: [24, 24], maxZoom: 11 });
    }

    function start() {
        var container = document.getElementById("group-map");
        if (!container || typeof L === "undefined") {
            return;
        }
        fetch(container.dataset.geojsonUrl, { headers: { Accept: "application/geo+json" } })
            .then(function (response) {
                return response.ok ? response.json() : { features: [] };
            })
            .then(function (collection) {
                draw(container, collection);
            })
            .catch(function () {
                /* No map: the list above says everything. */
            });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
