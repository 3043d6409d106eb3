// select2 (the admin's autocompletes) adds a search box to each multiple choice with no name for
// screen readers: give it the name of the choice it searches (its label, or its aria-label in a
// tabular inline's row). Rows added later and boxes select2 makes later are named as they come.
"use strict";
(function () {
    function nameOf(select) {
        const label = select.id && document.querySelector(`label[for="${CSS.escape(select.id)}"]`);
        const text = select.getAttribute("aria-label") || (label && label.textContent) || "";
        return text.trim().replace(/:$/, "");
    }

    function nameSearchBoxes(root) {
        root.querySelectorAll(".select2-container .select2-search__field:not([aria-label])")
            .forEach(function (box) {
                const container = box.closest(".select2-container");
                const select = container && container.previousElementSibling;
                if (select && select.tagName === "SELECT") {
                    const name = nameOf(select);
                    if (name) {
                        box.setAttribute("aria-label", `Search ${name}`);
                    }
                }
            });
    }

    function start() {
        nameSearchBoxes(document);
        new MutationObserver(function () { nameSearchBoxes(document); })
            .observe(document.body, {childList: true, subtree: true});
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
