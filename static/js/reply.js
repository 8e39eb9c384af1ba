// Progressive enhancement only: without this file the Reply links load ?cpage=N&replytocom=ID#respond,
// sub-threads still collapse (<details>), and every page still prints whole (site.css).
(() => {
  // A link to #comment-ID inside a collapsed sub-thread opens the sub-threads around it; one to a
  // comment on another page of the thread asks the server which page holds it.
  function revealTarget() {
    const target = location.hash.length > 1 ? document.getElementById(location.hash.slice(1)) : null;
    const elsewhere = !target && /^#comment-(\d+)$/.exec(location.hash);
    const comments = document.getElementById('comments');
    if (elsewhere && comments && comments.dataset.commentLinkBase) {
      location.replace(comments.dataset.commentLinkBase + elsewhere[1]);
      return;
    }
    for (let node = target && target.parentElement; node; node = node.parentElement) {
      if (node.tagName === 'DETAILS') node.open = true;
    }
  }
  revealTarget();
  window.addEventListener('hashchange', revealTarget);

  // Printing shows the whole thread: open every sub-thread, then put back the ones the reader had closed.
  let closedBeforePrint = [];
  window.addEventListener('beforeprint', () => {
    closedBeforePrint = [...document.querySelectorAll('details.replies:not([open])')];
    for (const details of closedBeforePrint) details.open = true;
  });
  window.addEventListener('afterprint', () => {
    for (const details of closedBeforePrint) details.open = false;
    closedBeforePrint = [];
  });

  const respond = document.getElementById('respond');
  const form = document.getElementById('commentform');
  if (!respond || !form) return;
  const parentInput = form.querySelector('#parent_id');
  const textarea = form.querySelector('textarea');
  const title = document.getElementById('reply-title');
  const home = document.createElement('div');
  respond.before(home);
  const originalTitle = title.innerHTML;
  let openedFrom = null;

  // Cancel puts the form back under the thread; the text typed so far stays in it for the next reply.
  function cancel(event) {
    if (event) event.preventDefault();
    home.after(respond);
    parentInput.value = '';
    title.innerHTML = originalTitle;
    if (openedFrom && openedFrom.isConnected) openedFrom.focus();
    openedFrom = null;
  }

  function replyTo(link) {
    const article = link.closest('.comment-body');
    article.after(respond);
    parentInput.value = link.dataset.commentId;
    title.textContent = `Replying to ${link.dataset.author} `;
    const small = document.createElement('small');
    const cancelLink = document.createElement('a');
    cancelLink.href = '#respond';
    cancelLink.id = 'cancel-reply';
    cancelLink.textContent = 'Cancel reply';
    cancelLink.addEventListener('click', cancel);
    small.append(cancelLink);
    title.append(small);
    openedFrom = link;
    textarea.focus();
  }

  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('.comment-reply-link');
    if (!link) return;
    event.preventDefault();
    replyTo(link);
  });
  respond.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && parentInput.value !== '' && document.getElementById('cancel-reply')) cancel(event);
  });
  const existingCancel = document.getElementById('cancel-reply');
  if (existingCancel) existingCancel.addEventListener('click', cancel);
})();
