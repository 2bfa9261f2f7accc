// A live word count under every textarea with data-word-limit (the working group proposal).
// The form works without it: the server counts the words again and refuses too many.
// The messages come, translated, from the count's data-* attributes in the template.
(function () {
  "use strict";

  function countWords(text) {
    var words = text.trim().split(/\s+/);
    return words[0] === "" ? 0 : words.length;
  }

  function fillIn(message, values) {
    return message.replace(/\{(\w+)\}/g, function (placeholder, name) {
      return name in values ? String(values[name]) : placeholder;
    });
  }

  function attach(textarea) {
    var limit = parseInt(textarea.getAttribute("data-word-limit"), 10);
    var display = document.getElementById(textarea.name + "-word-count");
    var announcer = document.getElementById(textarea.name + "-word-count-alert");
    if (!limit || !display) {
      return;
    }
    var wasOver = null;

    function update() {
      var words = countWords(textarea.value);
      var over = words > limit;
      var values = { count: words, limit: limit, over: words - limit };
      display.textContent = fillIn(display.dataset[over ? "over" : "within"], values);
      display.classList.toggle("word-count--over", over);
      // Screen readers hear about the limit when it is crossed, not at every keystroke.
      if (announcer && wasOver !== null && over !== wasOver) {
        announcer.textContent = fillIn(
          display.dataset[over ? "announceOver" : "announceWithin"],
          values
        );
      }
      wasOver = over;
    }

    display.hidden = false;
    textarea.addEventListener("input", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var textareas = document.querySelectorAll("textarea[data-word-limit]");
    for (var i = 0; i < textareas.length; i++) {
      attach(textareas[i]);
    }
  });
})();
