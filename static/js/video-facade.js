// Click-to-play videos: the page shows the video's thumbnail as a link to the video; only
// when the visitor presses it is the player (and so the video site) loaded, in its place.
// Without JavaScript the link simply opens the video on its own site.
(function () {
    "use strict";

    function play(link) {
        var frame = document.createElement("iframe");
        frame.src = link.getAttribute("data-video-player");
        frame.title = link.getAttribute("data-video-title");
        frame.className = "video-facade__player";
        frame.setAttribute("allow", "autoplay; encrypted-media; fullscreen; picture-in-picture");
        frame.setAttribute("allowfullscreen", "");
        frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
        var facade = link.parentNode;
        facade.replaceChild(frame, link);
        facade.classList.add("video-facade--playing");
        // Keyboard and screen reader users land on the player they asked for.
        frame.setAttribute("tabindex", "-1");
        frame.focus();
    }

    document.addEventListener("click", function (event) {
        var link = event.target.closest("a[data-video-player]");
        if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button > 0) {
            return;
        }
        event.preventDefault();
        play(link);
    });
})();
