/* Suggestions under the header's search box, as the ARIA combobox pattern describes
   (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/): focus stays in the box, the up and
   down arrow keys move through the suggestions, Enter opens the one chosen (or searches
   when none is), Escape closes the list. A status line tells screen readers how many
   suggestions there are. Without this script the box is a plain search form.
   Titles come from the site's own JSON and are set with textContent, never as HTML. */
(function () {
    "use strict";

    var DELAY_MS = 200;
    var MIN_LENGTH = 2;

    function enhance(form) {
        var input = form.querySelector("input[type=search]");
        var url = form.dataset.suggestionsUrl;
        if (!input || !url || !window.fetch) {
            return;
        }
        var listId = input.id + "-suggestions";
        var list = document.createElement("ul");
        list.id = listId;
        list.className = "site-search__suggestions";
        list.setAttribute("role", "listbox");
        list.setAttribute("aria-label", form.dataset.suggestionsLabel || "");
        list.hidden = true;
        var status = document.createElement("p");
        status.className = "visually-hidden";
        status.setAttribute("role", "status");
        form.classList.add("site-search--enhanced");
        form.appendChild(list);
        form.appendChild(status);

        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("aria-controls", listId);

        var suggestions = [];
        var active = -1;
        var timer = null;
        var latest = 0;

        function options() {
            return list.querySelectorAll("[role=option]");
        }

        function close() {
            list.hidden = true;
            input.setAttribute("aria-expanded", "false");
            input.removeAttribute("aria-activedescendant");
            active = -1;
        }

        function announce(count) {
            if (!count) {
                status.textContent = "";
            } else if (count === 1) {
                status.textContent = form.dataset.oneSuggestion || "";
            } else {
                status.textContent = (form.dataset.manySuggestions || "").replace("{count}", count);
            }
        }

        function choose(index) {
            var items = options();
            if (!items.length) {
                return;
            }
            active = (index + items.length) % items.length;
            items.forEach(function (item, position) {
                item.setAttribute("aria-selected", position === active ? "true" : "false");
            });
            input.setAttribute("aria-activedescendant", items[active].id);
            items[active].scrollIntoView({ block: "nearest" });
        }

        function show(found) {
            suggestions = found;
            list.textContent = "";
            active = -1;
            input.removeAttribute("aria-activedescendant");
            found.forEach(function (suggestion, index) {
                var item = document.createElement("li");
                item.id = listId + "-" + index;
                item.setAttribute("role", "option");
                item.setAttribute("aria-selected", "false");
                var title = document.createElement("span");
                title.className = "site-search__suggestion-title";
                title.textContent = suggestion.title;
                var kind = document.createElement("span");
                kind.className = "site-search__suggestion-type";
                kind.textContent = suggestion.type;
                item.appendChild(title);
                item.appendChild(document.createTextNode(" "));
                item.appendChild(kind);
                // mousedown, not click: the box keeps focus, so it does not close first.
                item.addEventListener("mousedown", function (event) {
                    event.preventDefault();
                    window.location.assign(suggestion.url);
                });
                list.appendChild(item);
            });
            var open = found.length > 0 && document.activeElement === input;
            list.hidden = !open;
            input.setAttribute("aria-expanded", open ? "true" : "false");
            announce(open ? found.length : 0);
        }

        function ask() {
            var query = input.value.trim();
            if (query.length < MIN_LENGTH) {
                show([]);
                return;
            }
            var request = ++latest;
            fetch(url + "?q=" + encodeURIComponent(query), {
                headers: { Accept: "application/json" },
                credentials: "same-origin"
            })
                .then(function (response) {
                    return response.ok ? response.json() : { suggestions: [] };
                })
                .then(function (data) {
                    // An older answer arriving late must not replace a newer one.
                    if (request === latest) {
                        show(data.suggestions || []);
                    }
                })
                .catch(function () {
                    /* No suggestions: the form still searches. */
                });
        }

        input.addEventListener("input", function () {
            window.clearTimeout(timer);
            timer = window.setTimeout(ask, DELAY_MS);
        });

        input.addEventListener("keydown", function (event) {
            var isOpen = !list.hidden;
            if (event.key === "ArrowDown" || event.key === "Down") {
                event.preventDefault();
                if (!isOpen && suggestions.length) {
                    show(suggestions);
                }
                choose(active + 1);
            } else if (event.key === "ArrowUp" || event.key === "Up") {
                event.preventDefault();
                if (isOpen) {
                    choose(active - 1);
                }
            } else if (event.key === "Enter") {
                if (isOpen && active >= 0) {
                    event.preventDefault();
                    window.location.assign(suggestions[active].url);
                }
            } else if (event.key === "Escape" || event.key === "Esc") {
                if (isOpen) {
                    event.preventDefault();
                    close();
                    announce(0);
                }
            }
        });

        input.addEventListener("blur", close);
    }

    function start() {
        document.querySelectorAll("form[data-suggestions-url]").forEach(enhance);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
