// Inside the frame: tells the embedding page (only an allowed origin, named by the page) how tall the
// thread is and where a #comment-ID sits, and takes its colour scheme. Messages from anyone else are ignored.
(function () {
  'use strict';
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
})();
