/* global document, fetch */
// Copydesk Site live parts: fills in the vote tallies and approved comments of an article page
// from its JSON (<meta name="copydesk-live">). No framework, no inline script; without it the
// page shows the tallies and comments as of its last render.
(function () {
  'use strict';
  var meta = document.querySelector('meta[name="copydesk-live"]');
  if (!meta || typeof fetch !== 'function') return;
  var url = meta.getAttribute('content');
  fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
    .then(function (response) {
      return response.ok ? response.json() : null;
    })
    .then(function (live) {
      if (!live) return;
      var counts = document.querySelectorAll('.article-votes .vote-count');
      var axes = [live.votes.interesting, live.votes.support];
      for (var i = 0; i < counts.length && i < axes.length; i++) counts[i].textContent = axes[i].yes + '/' + axes[i].total;
      var section = document.querySelector('section.comments');
      // commentsHtml comes from the site's own renderer, which escapes every reader's text.
      if (section && typeof live.commentsHtml === 'string') section.outerHTML = live.commentsHtml;
    })
    .catch(function () {
      // Offline or blocked: the page keeps what it was rendered with.
    });
})();
