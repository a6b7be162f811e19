/* global document, fetch, window */
// Copydesk Site live parts: fills in the vote tallies and approved comments of an article page
// from its JSON (<meta name="copydesk-live">), and, from the reader's own private state
// (<live>/me.json), turns the votes line into the vote widget. No framework, no inline script;
// without it the page shows the tallies and comments as of its last render, and the votes line
// links to plain forms.
(function () {
  'use strict';
  var meta = document.querySelector('meta[name="copydesk-live"]');
  if (!meta || typeof fetch !== 'function') return;
  var url = meta.getAttribute('content');
  var base = url.replace(/\.json$/, '');
  var AXES = ['interesting', 'support'];

  function getJson(address) {
    return fetch(address, { credentials: 'same-origin', headers: { accept: 'application/json' } }).then(function (response) {
      return response.ok ? response.json() : null;
    });
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var name in attrs) if (Object.prototype.hasOwnProperty.call(attrs, name)) node.setAttribute(name, attrs[name]);
    // textContent only: reader-supplied words never become markup.
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function fill(words, key, values) {
    return String(words[key] || '').replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function showTallies(tallies) {
    var counts = document.querySelectorAll('.article-votes .vote-count');
    for (var i = 0; i < counts.length && i < AXES.length; i++) counts[i].textContent = tallies[AXES[i]].yes + '/' + tallies[AXES[i]].total;
  }

  function talliesText(words, tallies) {
    return fill(words, 'voteTallies', { interesting: tallies.interesting.yes + '/' + tallies.interesting.total, support: tallies.support.yes + '/' + tallies.support.total });
  }

  function widget(line, me, tallies) {
    var words = me.words;
    var root = el('div', { class: 'article-votes vote-widget' });
    var status = el('p', { class: 'vote-status', role: 'status', 'aria-live': 'polite' });
    var mine = me.mine;
    var busy = false;
    var groups = {};
    AXES.forEach(function (axis, index) {
      var question = words[axis === 'interesting' ? 'voteQuestionInteresting' : 'voteQuestionSupport'];
      var group = el('span', { class: 'vote-axis', role: 'group', 'aria-label': question });
      group.appendChild(el('span', { class: 'vote-question' }, question + ' '));
      ['yes', 'no'].forEach(function (answer) {
        var button = el('button', { type: 'button', class: 'vote-button', 'data-axis': axis, 'data-answer': answer, 'aria-pressed': String(mine[axis] === answer) }, words[answer === 'yes' ? 'voteYes' : 'voteNo']);
        if (me.refusal) button.disabled = true;
        group.appendChild(button);
      });
      group.appendChild(el('span', { class: 'vote-count' }, tallies[axis].yes + '/' + tallies[axis].total));
      groups[axis] = group;
      if (index > 0) root.appendChild(el('span', { class: 'sep', 'aria-hidden': 'true' }, ' • '));
      root.appendChild(group);
    });
    root.appendChild(status);
    if (me.refusal) status.textContent = me.refusal;

    root.addEventListener('click', function (event) {
      var button = event.target.closest ? event.target.closest('button.vote-button') : null;
      if (!button || busy) return;
      var axis = button.getAttribute('data-axis');
      var answer = button.getAttribute('data-answer');
      // Pressing the answer already given takes it back.
      var sent = mine[axis] === answer ? 'withdraw' : answer;
      busy = true;
      var headers = { 'content-type': 'application/json', accept: 'application/json' };
      headers['x-copydesk-csrf'] = me.formToken;
      fetch(base + '/vote', { method: 'POST', credentials: 'same-origin', headers: headers, body: JSON.stringify({ axis: axis, answer: sent }) })
        .then(function (response) {
          return response.json().then(function (body) {
            return { ok: response.ok, body: body };
          });
        })
        .then(function (result) {
          if (!result.ok) {
            status.textContent = result.body && result.body.message ? result.body.message : words.refusedUnavailable;
            return;
          }
          mine = result.body.mine;
          AXES.forEach(function (a) {
            var buttons = groups[a].querySelectorAll('button');
            for (var i = 0; i < buttons.length; i++) buttons[i].setAttribute('aria-pressed', String(mine[a] === buttons[i].getAttribute('data-answer')));
          });
          showTallies(result.body.tallies);
          status.textContent = result.body.message + ' ' + talliesText(words, result.body.tallies);
        })
        .catch(function () {
          status.textContent = words.refusedUnavailable;
        })
        .then(function () {
          busy = false;
        });
    });
    line.parentNode.replaceChild(root, line);

    var who = el('p', { class: 'reader-line' }, fill(words, 'signedInAs', { name: me.name }) + ' · ');
    who.appendChild(el('a', { href: me.accountUrl }, words.account));
    who.appendChild(document.createTextNode(' · '));
    var signOut = el('form', { method: 'post', action: me.signOutUrl, class: 'reader-sign-out' });
    signOut.appendChild(el('input', { type: 'hidden', name: '_csrf', value: me.formToken }));
    signOut.appendChild(el('button', { type: 'submit' }, words.signOut));
    who.appendChild(signOut);
    root.parentNode.insertBefore(who, root.nextSibling);
  }

  // The reader's own state only from this site: a static page elsewhere that shows a site's live
  // parts has no session there (and me.json is not readable across origins).
  var sameSite = (function () {
    try {
      return new URL(url, document.baseURI).origin === window.location.origin;
    } catch {
      return false;
    }
  })();
  var mine = sameSite
    ? getJson(base + '/me.json').catch(function () {
        return null;
      })
    : Promise.resolve(null);

  Promise.all([getJson(url), mine])
    .then(function (results) {
      var live = results[0];
      var me = results[1];
      if (live) {
        showTallies(live.votes);
        var section = document.querySelector('section.comments');
        // commentsHtml comes from the site's own renderer, which escapes every reader's text.
        if (section && typeof live.commentsHtml === 'string') section.outerHTML = live.commentsHtml;
      }
      var line = document.querySelector('p.article-votes');
      if (!line || !me || !live) return;
      if (!me.signedIn) {
        var login = line.querySelector('.vote-login');
        if (login) login.setAttribute('href', me.loginUrl);
        return;
      }
      widget(line, me, live.votes);
    })
    .catch(function () {
      // Offline or blocked: the page keeps what it was rendered with.
    });
})();
