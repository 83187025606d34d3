// Chinese search for mdBook 0.5.4. mdBook's index splits text at spaces and hyphens, and
// the search box drops every character outside ASCII's letters (elasticlunr's trimmer),
// so a Chinese word finds nothing. A query holding Chinese is looked for instead as it is
// written, inside each section's title, headings and text; other queries go to mdBook's
// own search unchanged. Each result's teaser is the text around its first match.
(function () {
    'use strict';
    if (typeof elasticlunr === 'undefined' || !elasticlunr.Index) {
        return;
    }
    // Han characters, CJK punctuation and full-width forms.
    const chinese = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/;
    const teaserAround = 40;
    const ownSearch = elasticlunr.Index.prototype.search;

    function count(text, term) {
        let found = 0;
        for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + term.length)) {
            found += 1;
        }
        return found;
    }

    function teaser(body, terms) {
        const lower = body.toLowerCase();
        const at = terms
            .map(function (term) { return lower.indexOf(term); })
            .filter(function (index) { return index >= 0; })
            .reduce(function (a, b) { return Math.min(a, b); }, -1 >>> 0);
        if (at === -1 >>> 0) {
            return body.slice(0, 2 * teaserAround);
        }
        const from = Math.max(0, at - teaserAround);
        const to = at + teaserAround;
        return (from > 0 ? '…' : '') + body.slice(from, to) + (to < body.length ? '…' : '');
    }

    elasticlunr.Index.prototype.search = function (query, config) {
        if (typeof query !== 'string' || !chinese.test(query)) {
            return ownSearch.call(this, query, config);
        }
        const terms = query.toLowerCase().split(/\s+/).filter(function (term) {
            return term.length > 0;
        });
        const docs = this.documentStore.docs;
        const results = [];
        for (const ref in docs) {
            const doc = docs[ref];
            const title = (doc.title || '').toLowerCase();
            const body = (doc.body || '').toLowerCase();
            const crumbs = (doc.breadcrumbs || '').toLowerCase();
            let score = 0;
            for (const term of terms) {
                score += 2 * count(title, term) + count(crumbs, term) + count(body, term);
            }
            if (score > 0) {
                const shown = Object.assign({}, doc, { body: teaser(doc.body || '', terms) });
                results.push({ ref: ref, score: score, doc: shown });
            }
        }
        results.sort(function (a, b) { return b.score - a.score; });
        return results;
    };
}());
