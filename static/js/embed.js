// Rejoinder's embed: put <div id="rejoinder" data-page="…" data-title="…"></div> and this script on a page.
// It frames the page's discussion, sizes the frame to it, passes on the page's colour scheme and #comment-ID
// links, and fills <a data-rejoinder-count> links with comment counts in one request. No framework, no cookies.
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script) return;
  var base = new URL(script.src);
  var origin = base.origin;

  function scheme(el) {
    var asked = el && el.getAttribute('data-color-scheme');
    if (asked === 'light' || asked === 'dark') return asked;
    var declared = getComputedStyle(document.documentElement).colorScheme || '';
    if (declared === 'dark' || declared === 'only dark') return 'dark';
    if (declared === 'light' || declared === 'only light') return 'light';
    return window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }

  function pageUrl(el) {
    var given = el.getAttribute('data-page');
    var url = new URL(given || location.href, location.href);
    url.hash = '';
    return url.href;
  }

  function commentHash() {
    return /^#comment-\d{1,10}$/.test(location.hash) ? location.hash : '';
  }

  function mount(el) {
    var frame = document.createElement('iframe');
    var src = new URL('/embed', origin);
    src.searchParams.set('page', pageUrl(el));
    src.searchParams.set('title', el.getAttribute('data-title') || document.title);
    frame.src = src.href + commentHash();
    frame.title = 'Discussion';
    frame.setAttribute('loading', 'lazy');
    frame.style.cssText = 'width:100%;border:0;height:480px;display:block;color-scheme:normal';
    el.appendChild(frame);

    function tell(message) {
      if (frame.contentWindow) frame.contentWindow.postMessage(message, origin);
    }
    // Each page the frame loads (a reply link, the page after posting) says hello again.
    frame.addEventListener('load', function () {
      tell({ type: 'rejoinder:hello', scheme: scheme(el), hash: commentHash() });
    });
    window.addEventListener('message', function (event) {
      if (event.origin !== origin || event.source !== frame.contentWindow) return;
      var data = event.data || {};
      if (data.type === 'rejoinder:height' && typeof data.height === 'number' && data.height > 0) {
        frame.style.height = Math.ceil(data.height) + 'px';
      } else if (data.type === 'rejoinder:scroll' && typeof data.top === 'number') {
        window.scrollTo({ top: frame.getBoundingClientRect().top + window.scrollY + data.top });
        if (typeof data.hash === 'string' && /^#comment-\d{1,10}$/.test(data.hash) && history.replaceState) history.replaceState(null, '', data.hash);
      }
    });
    window.addEventListener('hashchange', function () {
      if (commentHash()) tell({ type: 'rejoinder:hello', scheme: scheme(el), hash: commentHash() });
    });
    if (window.matchMedia) {
      window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', function () {
        tell({ type: 'rejoinder:hello', scheme: scheme(el), hash: '' });
      });
    }
  }

  function fillCounts() {
    var links = Array.prototype.slice.call(document.querySelectorAll('a[data-rejoinder-count]'));
    if (links.length === 0) return;
    var pages = {};
    links.forEach(function (a) {
      var url = new URL(a.getAttribute('data-page') || a.href, location.href);
      url.hash = '';
      a.setAttribute('data-rejoinder-page', url.href);
      pages[url.href] = true;
    });
    var query = new URL('/api/counts', origin);
    Object.keys(pages).forEach(function (p) {
      query.searchParams.append('page', p);
    });
    fetch(query.href, { credentials: 'omit' })
      .then(function (res) {
        return res.ok ? res.json() : { counts: {} };
      })
      .then(function (body) {
        links.forEach(function (a) {
          var n = body.counts[a.getAttribute('data-rejoinder-page')];
          if (typeof n === 'number') a.textContent = n + (n === 1 ? ' comment' : ' comments');
        });
      })
      .catch(function () {});
  }

  function start() {
    var el = document.getElementById('rejoinder');
    if (el && !el.querySelector('iframe')) mount(el);
    fillCounts();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
