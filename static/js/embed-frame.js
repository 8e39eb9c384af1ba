// Inside the frame: tells the embedding page (only an allowed origin, named by the page) how tall the
// thread is and where a #comment-ID sits, and takes its colour scheme. Messages from anyone else are ignored.
(function () {
  'use strict';
  fillVisitorFields();
  var allowed = (document.body.getAttribute('data-allowed-origins') || '').split(' ').filter(Boolean);
  if (window.parent === window || allowed.length === 0) return;
  var host = null;

  function send(message) {
    if (host) window.parent.postMessage(message, host);
  }
  function sendHeight() {
    send({ type: 'rejoinder:height', height: document.documentElement.scrollHeight });
  }
  function scrollTo(hash) {
    var target = /^#(comment-\d{1,10}|respond)$/.test(hash) ? document.getElementById(hash.slice(1)) : null;
    if (target) send({ type: 'rejoinder:scroll', top: target.getBoundingClientRect().top + window.scrollY, hash: hash });
  }

  window.addEventListener('message', function (event) {
    if (event.source !== window.parent || allowed.indexOf(event.origin) < 0) return;
    var data = event.data || {};
    if (data.type !== 'rejoinder:hello') return;
    host = event.origin;
    if (data.scheme === 'light' || data.scheme === 'dark') document.documentElement.setAttribute('data-scheme', data.scheme);
    sendHeight();
    // The frame's own anchor (after posting, or a reply link) wins over the host page's.
    scrollTo(location.hash || data.hash || '');
  });
  if (window.ResizeObserver) new ResizeObserver(sendHeight).observe(document.documentElement);
  window.addEventListener('load', sendHeight);
  // reply.js moves the form and opens replies: the height follows.
  document.addEventListener('click', function () {
    setTimeout(sendHeight, 0);
  });

  // A frame gets no cookie of the usual kind when the browser blocks third-party cookies, and often no storage
  // either. The reader's id (which keeps their votes together and marks their own comments) goes where the
  // browser still keeps something for a frame: a partitioned cookie (CHIPS: kept for this host site only),
  // else the frame's storage, else this page view alone. The server reads it from the form, never a cookie.
  // Random, as the first-party visitor cookie is.
  function fillVisitorFields() {
    var fields = document.querySelectorAll('input[data-frame-visitor]');
    if (fields.length === 0) return;
    var pattern = /^[A-Za-z0-9_-]{24}$/;
    var kept = /(?:^|; )rj_frame_visitor=([A-Za-z0-9_-]{24})/.exec(document.cookie);
    var id = kept ? kept[1] : null;
    try {
      if (!id) id = window.localStorage.getItem('rejoinder-visitor');
    } catch {
      id = null;
    }
    if (!id || !pattern.test(id)) {
      var bytes = new Uint8Array(18);
      window.crypto.getRandomValues(bytes);
      id = btoa(String.fromCharCode.apply(null, bytes)).replace(/\+/g, '-').replace(/\//g, '_');
    }
    if (window.isSecureContext) document.cookie = 'rj_frame_visitor=' + id + '; Max-Age=15552000; Path=/; SameSite=None; Secure; Partitioned';
    try {
      window.localStorage.setItem('rejoinder-visitor', id);
    } catch {
      // Refused: the partitioned cookie, or this page view, holds it.
    }
    for (var i = 0; i < fields.length; i++) fields[i].value = id;
  }
})();
