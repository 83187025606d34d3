// Draws the transcripts' colour tags in their colours (book.toml: additional-js).
//
// A transcript writes what a terminal showed in colour as ⟨green⟩text⟨/⟩: a notation
// that reads the same in a plain Markdown view (a code host shows no colours in a code
// block) as in the snapshots. In the book, the text goes in its colour, and the tags
// stay, faint, so that the page still matches the snapshot and the terminal.
(function () {
    "use strict";
    var names = "black|red|green|yellow|blue|magenta|cyan|white";
    // A colour runs to its ⟨/⟩, or to the end of the line (a terminal that was never reset).
    var tag = new RegExp("⟨(" + names + ")⟩([^⟨\\n]*)(⟨/⟩)?", "g");
    function escape(text) {
        return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    }
    var blocks = document.querySelectorAll("pre code");
    for (var i = 0; i < blocks.length; i++) {
        var code = blocks[i];
        var text = code.textContent;
        if (text.indexOf("⟨") < 0) {
            continue;
        }
        var html = "";
        var from = 0;
        var match;
        tag.lastIndex = 0;
        while ((match = tag.exec(text)) !== null) {
            html += escape(text.slice(from, match.index));
            html += '<span class="ansi-tag">⟨' + match[1] + "⟩</span>";
            html += '<span class="ansi-' + match[1] + '">' + escape(match[2]) + "</span>";
            if (match[3]) {
                html += '<span class="ansi-tag">⟨/⟩</span>';
            }
            from = tag.lastIndex;
        }
        code.innerHTML = html + escape(text.slice(from));
    }
})();
