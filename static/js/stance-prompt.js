// Progressive enhancement only: without this file (or with the site's prompt turned off) the reply form
// posts as it is, with its optional "Your view" field. With it, a reader who left that field at "Rather not
// say" is first shown how the comment reads ("This reads as against X. Right?"), and one click confirms or
// corrects it: the answer becomes the comment's self label, and the form is posted.
(() => {
  const form = document.getElementById('commentform');
  if (!form || !form.dataset.stancePrompt || !window.fetch) return;
  const subject = form.dataset.subject || 'the subject';
  const WORDS = { pro: `For ${subject}`, against: `Against ${subject}`, neutral: 'Neither' };
  let answered = false;

  function radio(value) {
    return form.querySelector(`input[name="stance"][value="${value}"]`);
  }

  function post(stance) {
    const choice = radio(stance);
    if (choice) choice.checked = true;
    answered = true;
    form.requestSubmit();
  }

  function showPrompt(answer) {
    let box = form.querySelector('.stance-prompt');
    if (box) box.remove();
    box = document.createElement('div');
    box.className = 'stance-prompt';
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', 'How your comment reads');
    const question = document.createElement('p');
    question.className = 'stance-prompt-question';
    question.textContent = answer.text;
    box.append(question);
    const yes = document.createElement('button');
    yes.type = 'button';
    yes.className = 'button';
    yes.textContent = 'Yes, post it';
    yes.addEventListener('click', () => post(answer.stance));
    const buttons = document.createElement('p');
    buttons.className = 'stance-prompt-choices';
    buttons.append(yes);
    for (const stance of Object.keys(WORDS)) {
      if (stance === answer.stance) continue;
      const other = document.createElement('button');
      other.type = 'button';
      other.className = 'button button-secondary';
      other.textContent = `No: ${WORDS[stance]}`;
      other.addEventListener('click', () => post(stance));
      buttons.append(other);
    }
    const skip = document.createElement('button');
    skip.type = 'button';
    skip.className = 'button button-secondary';
    skip.textContent = 'Rather not say';
    skip.addEventListener('click', () => post(''));
    buttons.append(skip);
    box.append(buttons);
    const submit = form.querySelector('.form-submit');
    form.insertBefore(box, submit);
    yes.focus();
  }

  form.addEventListener('submit', async (event) => {
    // Preview (comment-preview.js, or the plain POST) shows the draft; the question comes when it is posted.
    if (event.submitter && event.submitter.name === 'preview') return;
    const chosen = form.querySelector('input[name="stance"]:checked');
    // Asked once; a reader who chose a side already has answered.
    if (answered || (chosen && chosen.value !== '')) return;
    event.preventDefault();
    const data = new FormData(form);
    const body = new URLSearchParams();
    for (const name of ['body', 'parent_id', 'author_name', '_csrf']) body.set(name, String(data.get(name) || ''));
    try {
      const res = await fetch(form.dataset.stancePrompt, { method: 'POST', body, headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (!res.ok) throw new Error(String(res.status));
      showPrompt(await res.json());
    } catch {
      // No answer (busy, limited, offline): post as the reader left it.
      answered = true;
      form.requestSubmit();
    }
  });
})();
