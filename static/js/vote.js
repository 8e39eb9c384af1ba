// Progressive enhancement only: without this file each vote button submits the page's vote form, and
// the server answers 303 back to the comment. With it, the vote is sent in the background and the
// counts change in place.
(() => {
  const form = document.getElementById('vote-form');
  if (!form || !window.fetch) return;

  async function send(button) {
    const box = button.closest('.comment-votes');
    const status = box && box.querySelector('.vote-status');
    const body = new URLSearchParams(new FormData(form));
    body.set('vote', button.value);
    box.setAttribute('aria-busy', 'true');
    try {
      const res = await fetch(form.action, { method: 'POST', body, headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      const answer = await res.json();
      if (!res.ok) {
        if (status) status.textContent = answer.error || 'Your vote was not recorded.';
        return;
      }
      for (const other of box.querySelectorAll('.vote-button')) {
        const value = other.value.split(':')[1];
        other.setAttribute('aria-pressed', String(other === button));
        const count = other.querySelector('.vote-count');
        if (count) count.textContent = String(answer.counts[value]);
      }
      if (status)
        status.textContent = answer.status === 'held' ? 'Thanks: your vote will count once a moderator has looked at this comment.' : 'Vote recorded.';
    } catch {
      form.requestSubmit(button);
    } finally {
      box.removeAttribute('aria-busy');
    }
  }

  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('.vote-button') : null;
    if (!button || button.form !== form) return;
    event.preventDefault();
    void send(button);
  });
})();
