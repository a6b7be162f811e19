/* global document, fetch, window */
// Copydesk Site live parts: fills in the vote tallies and approved comments of an article page
// from its JSON (<meta name="copydesk-live">), and, from the reader's own private state
// (<live>/me.json), turns the votes line into the vote widget and adds the comment widgets (write,
// reply, edit, delete, report; the reader's own comments awaiting review shown in place). No
// framework, no inline script; without it the page shows the tallies and comments as of its last
// render, and its links lead to the same actions as plain forms (/respond/<id>). Served minified
// (vite.live-script.config.ts): comments here cost readers nothing.
(function () {
  'use strict';
  var meta = document.querySelector('meta[name="copydesk-live"]');
  if (!meta || typeof fetch !== 'function') return;
  var url = meta.getAttribute('content');
  var base = url.replace(/\.json$/, '');
  var AXES = ['interesting', 'support'];

  function getJson(address, cache) {
    return fetch(address, { credentials: 'same-origin', cache: cache || 'default', headers: { accept: 'application/json' } }).then(function (response) {
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

  /** Appends and returns the child: the script builds many small trees. */
  function add(parent, child) {
    parent.appendChild(child);
    return child;
  }

  function text(value) {
    return document.createTextNode(value);
  }

  function fill(words, key, values) {
    return String(words[key] || '').replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  /** A JSON write with the reader's form token; the answer's body is {} when it is not JSON (a proxy's 413 page). */
  function send(me, path, data) {
    return fetch(base + path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-copydesk-csrf': me.formToken },
      body: JSON.stringify(data),
    }).then(function (response) {
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (body) {
          return { ok: response.ok, body: body || {} };
        });
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
      add(group, el('span', { class: 'vote-question' }, question + ' '));
      ['yes', 'no'].forEach(function (answer) {
        var button = el('button', { type: 'button', class: 'vote-button', 'data-axis': axis, 'data-answer': answer, 'aria-pressed': String(mine[axis] === answer) }, words[answer === 'yes' ? 'voteYes' : 'voteNo']);
        if (me.refusal) button.disabled = true;
        add(group, button);
      });
      add(group, el('span', { class: 'vote-count' }, tallies[axis].yes + '/' + tallies[axis].total));
      groups[axis] = group;
      if (index > 0) add(root, el('span', { class: 'sep', 'aria-hidden': 'true' }, ' • '));
      add(root, group);
    });
    add(root, status);
    if (me.refusal) status.textContent = me.refusal;

    root.addEventListener('click', function (event) {
      var button = event.target.closest ? event.target.closest('button.vote-button') : null;
      if (!button || busy) return;
      var axis = button.getAttribute('data-axis');
      var answer = button.getAttribute('data-answer');
      // Pressing the answer already given takes it back.
      var sent = mine[axis] === answer ? 'withdraw' : answer;
      busy = true;
      send(me, '/vote', { axis: axis, answer: sent })
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
    add(who, el('a', { href: me.accountUrl }, words.account));
    add(who, text(' · '));
    var signOut = el('form', { method: 'post', action: me.signOutUrl, class: 'reader-sign-out' });
    add(signOut, el('input', { type: 'hidden', name: '_csrf', value: me.formToken }));
    add(signOut, el('button', { type: 'submit' }, words.signOut));
    add(who, signOut);
    root.parentNode.insertBefore(who, root.nextSibling);
  }

  /** A comment's plain text as paragraphs; line breaks inside one are kept by CSS (pre-line). */
  function textBlock(body) {
    var block = el('div', { class: 'comment__text' });
    String(body)
      .replace(/\r\n?/g, '\n')
      .split(/\n{2,}/)
      .forEach(function (paragraph) {
        paragraph = paragraph.trim();
        if (!paragraph) return;
        var p = el('p', { class: 'comment__plain' });
        add(p, el('bdi', {}, paragraph));
        add(block, p);
      });
    return block;
  }

  /**
   * The comment widgets: a box under the comments, Reply and Report on others' comments, Edit and
   * Delete on the reader's own (Edit while the server still allows it), and the reader's own
   * comments awaiting review drawn in place. One inline form is open at a time; closing it puts
   * focus back on the button that opened it. Answers are announced in a polite live region.
   */
  function commentWidgets(section, me, approved) {
    var words = me.words;
    var loginLine = section.querySelector('.comments__login');
    if (!me.signedIn) {
      if (!loginLine) return;
      loginLine.textContent = words.logInToComment + ' · ';
      add(loginLine, el('a', { href: me.loginUrl }, words.logInToCommentLink));
      return;
    }
    var status = el('p', { class: 'comment-status', role: 'status', 'aria-live': 'polite' });
    var heading = section.querySelector('h2');
    section.insertBefore(status, heading ? heading.nextSibling : section.firstChild);
    // Each shown comment as this reader may act on it: their own (awaiting review, or public
    // and named in myApproved with how long it stays editable) or another reader's.
    var known = {};
    approved.forEach(function (c) {
      known[c.id] = c;
    });
    (me.myApproved || []).forEach(function (m) {
      if (known[m.id]) known[m.id] = { id: m.id, body: known[m.id].body, status: 'approved', editableUntil: m.editableUntil, mine: true };
    });
    (me.comments || []).forEach(function (c) {
      known[c.id] = c;
    });
    var open = null;

    function list(parent) {
      // Replies go in the parent's own reply list; top-level comments in the section's list.
      var host = parent || section;
      var found = null;
      for (var i = 0; i < host.children.length; i++) if (/\bcomment-list\b/.test(host.children[i].className)) found = host.children[i];
      if (!found) {
        found = el('ol', { class: parent ? 'comment-list comment-list--replies' : 'comment-list' });
        if (parent) add(parent, found);
        else section.insertBefore(found, loginLine || box);
        var empty = section.querySelector('.comments__empty');
        if (empty && !parent) empty.parentNode.removeChild(empty);
      }
      return found;
    }

    function draw(c) {
      var item = el('li', { class: c.status === 'pending' ? 'comment comment--pending' : 'comment', id: 'comment-' + c.id });
      var card = el('article', { class: 'comment__card' });
      var meta = el('p', { class: 'comment__meta' });
      add(meta, el('bdi', { class: 'comment__author' }, c.authorName));
      if (c.status === 'pending') {
        add(meta, text(' '));
        add(meta, el('span', { class: 'comment__pending' }, words.commentAwaitingReview));
      }
      add(card, meta);
      add(card, textBlock(c.body));
      add(item, card);
      var parent = c.parentId ? document.getElementById('comment-' + c.parentId) : null;
      list(parent).appendChild(item);
      return item;
    }

    function close(giveFocusBack) {
      if (!open) return;
      open.form.parentNode.removeChild(open.form);
      if (open.hidden) open.hidden.hidden = false;
      if (giveFocusBack && open.button) open.button.focus();
      open = null;
    }

    /**
     * A small form: `fields` adds its fields (and returns the one to focus), then come its own
     * status line and buttons. With an opening button it is inline: Cancel or Escape closes it.
     */
    function form(className, submitLabel, button, fields, onSubmit) {
      var f = el('form', { class: 'comment-form ' + className });
      var first = fields(f);
      var note = add(f, el('p', { class: 'comment-form__status', role: 'status', 'aria-live': 'polite' }));
      var actions = add(f, el('p', { class: 'comment-form__actions' }));
      var submit = add(actions, el('button', { type: 'submit' }, submitLabel));
      if (button) {
        add(actions, el('button', { type: 'button', class: 'comment-form__cancel' }, words.commentCancel)).addEventListener('click', function () {
          close(true);
        });
        f.addEventListener('keydown', function (event) {
          if (event.key === 'Escape') close(true);
        });
      }
      f.addEventListener('submit', function (event) {
        event.preventDefault();
        if (submit.disabled) return;
        submit.disabled = true;
        note.textContent = '';
        onSubmit()
          .then(function (result) {
            if (!result.ok) note.textContent = result.body.message || words.refusedCommentUnavailable;
          })
          .catch(function () {
            note.textContent = words.refusedCommentUnavailable;
          })
          .then(function () {
            submit.disabled = false;
          });
      });
      return { form: f, area: first || submit };
    }

    var count = 0;
    function textarea(f, label, value, name) {
      var id = 'comment-field-' + ++count;
      add(f, el('label', { for: id }, label));
      var area = add(f, el('textarea', name ? { id: id, name: name, rows: '2' } : { id: id, name: 'body', rows: '4', required: 'required', 'aria-describedby': id + '-hint' }));
      area.value = value || '';
      if (!name) add(f, el('p', { class: 'comment-form__hint', id: id + '-hint' }, words.commentHint));
      return area;
    }

    /** Posts a comment or a reply; the new comment is drawn and takes focus. */
    function writer(parentId, label, button) {
      var area;
      return form(
        parentId ? 'comment-form--reply' : 'comment-form--new',
        words.commentSend,
        button,
        function (f) {
          return (area = textarea(f, label));
        },
        function () {
          return send(me, '/comments', parentId ? { body: area.value, parentId: parentId } : { body: area.value }).then(function (result) {
            if (!result.ok) return result;
            area.value = '';
            if (parentId) close(false);
            var item = draw(result.body.comment);
            decorate(item, result.body.comment);
            status.textContent = result.body.message;
            var card = item.querySelector('.comment__card');
            card.setAttribute('tabindex', '-1');
            card.focus();
            return result;
          });
        },
      );
    }

    function inline(button, make, after) {
      close(false);
      var made = make();
      open = { form: made.form, button: button, hidden: made.hidden };
      after.parentNode.insertBefore(made.form, after.nextSibling);
      made.area.focus();
    }

    function actionButton(bar, label, onClick) {
      var button = add(bar, el('button', { type: 'button', class: 'comment-action' }, label));
      button.addEventListener('click', function () {
        inline(button, onClick(button), bar);
      });
    }

    /** The buttons under one comment, for what this reader may do with it. */
    function decorate(item, c) {
      var card = item.querySelector('.comment__card');
      var id = item.id.slice('comment-'.length);
      var mine = c && c.mine;
      var bar = el('p', { class: 'comment__actions' });
      var path = '/comments/' + id + '/';
      /** The answer to an inline form's write: closed, announced. */
      var done = function (result, giveFocusBack) {
        if (result.ok) {
          close(giveFocusBack);
          status.textContent = result.body.message;
        }
        return result;
      };
      if (me.canComment && (!c || c.status !== 'pending'))
        actionButton(bar, words.commentReply, function (button) {
          return function () {
            return writer(id, words.commentReplyLabel, button);
          };
        });
      if (mine && c && Date.parse(c.editableUntil) > Date.now())
        actionButton(bar, words.commentEdit, function (button) {
          return function () {
            var shown = card.querySelector('.comment__text');
            var area;
            var made = form(
              'comment-form--edit',
              words.commentSaveEdit,
              button,
              function (f) {
                return (area = textarea(f, words.commentLabel, c.body));
              },
              function () {
                return send(me, path + 'edit', { body: area.value }).then(function (result) {
                  if (result.ok) {
                    c = result.body.comment;
                    card.replaceChild(textBlock(c.body), shown);
                  }
                  return done(result, true);
                });
              },
            );
            shown.hidden = true;
            made.hidden = shown;
            return made;
          };
        });
      if (mine)
        actionButton(bar, words.commentDelete, function (button) {
          return function () {
            return form(
              'comment-form--delete',
              words.commentDeleteYes,
              button,
              function (f) {
                add(f, el('p', {}, words.commentDeleteQuestion));
              },
              function () {
                return send(me, path + 'delete', {}).then(function (result) {
                  if (!result.ok) return result;
                  item.parentNode.removeChild(item);
                  done(result, false);
                  // The removed comment had focus; the section's status line is where its answer is.
                  status.setAttribute('tabindex', '-1');
                  status.focus();
                  return result;
                });
              },
            );
          };
        });
      if (!mine && me.canComment && me.reportReasons && me.reportReasons.length)
        actionButton(bar, words.commentReport, function (button) {
          return function () {
            var set, extra;
            return form(
              'comment-form--report',
              words.commentReportSend,
              button,
              function (f) {
                set = add(f, el('fieldset', {}));
                add(set, el('legend', {}, words.commentReportReasonLabel));
                me.reportReasons.forEach(function (reason, index) {
                  var label = add(set, el('label', { class: 'comment-form__choice' }));
                  var radio = add(label, el('input', { type: 'radio', name: 'reason', value: reason.value }));
                  if (index === 0) radio.required = true;
                  add(label, text(' ' + reason.label));
                });
                extra = textarea(f, words.commentReportNoteLabel, '', 'note');
                return set.querySelector('input');
              },
              function () {
                var chosen = set.querySelector('input:checked');
                return send(me, path + 'report', { reason: chosen ? chosen.value : '', note: extra.value }).then(function (result) {
                  return done(result, true);
                });
              },
            );
          };
        });
      if (bar.firstChild) add(card, bar);
    }

    var items = section.querySelectorAll('li.comment');
    for (var i = 0; i < items.length; i++) {
      var key = items[i].id.slice('comment-'.length);
      decorate(items[i], known[key]);
    }
    // The reader's own comments that other readers do not see yet, in their place in the thread.
    (me.comments || []).forEach(function (c) {
      if (!document.getElementById('comment-' + c.id)) decorate(draw(c), c);
    });

    var box;
    if (me.canComment) box = writer(null, words.writeComment, null).form;
    else box = el('p', { class: 'reader-refusal' }, me.refusal || words.logInToComment);
    if (loginLine) section.replaceChild(box, loginLine);
    else add(section, box);
    loginLine = null;
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

  // On the site itself, where readers write, the live parts are revalidated on every view (a
  // cheap 304 while nothing changed): from the browser's cache a reader who just posted, edited
  // or deleted would see the page as it was for up to its max-age. Elsewhere the cache is fine.
  Promise.all([getJson(url, sameSite ? 'no-cache' : 'default'), mine])
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
      if (!me || !live) return;
      if (line && !me.signedIn) {
        var login = line.querySelector('.vote-login');
        if (login) login.setAttribute('href', me.loginUrl);
      } else if (line) widget(line, me, live.votes);
      var comments = document.querySelector('section.comments');
      if (comments && me.words.commentSend) commentWidgets(comments, me, live.comments || []);
    })
    .catch(function () {
      // Offline or blocked: the page keeps what it was rendered with.
    });
})();
