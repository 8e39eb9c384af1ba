// Progressive enhancement only: without this file the comment form's Preview button posts the form and the page
// comes back with the draft shown above it, at #respond. With it, the same POST goes in the background and only the
// server's preview is put above the form, so the text, a reply's place in the thread and the caret stay as they were.
// An answer that is not a preview (a field to fix, an expired page, offline) falls back to that plain POST, whose
// page shows the messages beside the fields.
(() => {
  const form = document.getElementById('commentform');
  if (!form || !window.fetch || !window.DOMParser) return;
  let plain = false;

  // A preview that came back means the form passed the server's checks: messages from an earlier try are stale.
  function clearOldMessages() {
    for (const alert of form.parentElement.querySelectorAll(':scope > .form-alert')) alert.remove();
    for (const error of form.querySelectorAll('.field-error')) error.remove();
    for (const field of form.querySelectorAll('.has-error')) field.classList.remove('has-error');
    for (const input of form.querySelectorAll('[aria-invalid]')) {
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-describedby');
    }
  }

  function show(fresh) {
    const preview = document.importNode(fresh, true);
    const old = document.getElementById('comment-preview');
    clearOldMessages();
    if (old) old.replaceWith(preview);
    else form.before(preview);
    const title = preview.querySelector('.comment-preview-title');
    title.tabIndex = -1;
    title.focus();
  }

  form.addEventListener('submit', async (event) => {
    const button = event.submitter;
    if (plain || !button || button.name !== 'preview') return;
    event.preventDefault();
    const body = new URLSearchParams(new FormData(form));
    body.set('preview', '1');
    let fresh = null;
    try {
      const res = await fetch(form.action, { method: 'POST', body, credentials: 'same-origin', headers: { Accept: 'text/html' } });
      if (res.ok) fresh = new DOMParser().parseFromString(await res.text(), 'text/html').getElementById('comment-preview');
    } catch {
      fresh = null;
    }
    if (fresh) return show(fresh);
    plain = true;
    form.requestSubmit(button);
  });
})();
