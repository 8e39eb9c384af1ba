// Progressive enhancement only: without this file the Reply links load ?replytocom=ID#respond.
(() => {
  const respond = document.getElementById('respond');
  const form = document.getElementById('commentform');
  if (!respond || !form) return;
  const parentInput = form.querySelector('#parent_id');
  const title = document.getElementById('reply-title');
  const home = document.createElement('div');
  respond.before(home);
  const originalTitle = title.innerHTML;

  function cancel(event) {
    if (event) event.preventDefault();
    home.after(respond);
    parentInput.value = '';
    title.innerHTML = originalTitle;
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
    form.querySelector('textarea').focus();
  }

  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('.comment-reply-link');
    if (!link) return;
    event.preventDefault();
    replyTo(link);
  });
  const existingCancel = document.getElementById('cancel-reply');
  if (existingCancel) existingCancel.addEventListener('click', cancel);
})();
