// Progressive enhancement for the moderation queue and the stance review: j/k move, x selects,
// a/s/d/r/e act in the queue, c/1/2/3 confirm or relabel in the review (buttons carry data-key).
// Without this file every action is an ordinary button or link.
(() => {
  const items = Array.from(document.querySelectorAll('.queue-item'));
  if (items.length === 0) return;
  let current = -1;

  function select(index) {
    if (index < 0 || index >= items.length) return;
    if (current >= 0) items[current].classList.remove('is-current');
    current = index;
    const item = items[current];
    item.classList.add('is-current');
    item.scrollIntoView({ block: 'nearest' });
  }

  function press(key) {
    if (current < 0) return false;
    const target = items[current].querySelector(`[data-key="${key}"]`);
    if (!target) return false;
    target.click();
    return true;
  }

  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const tag = event.target && event.target.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return;
    const key = event.key;
    if (key === 'j') select(current + 1);
    else if (key === 'k') select(Math.max(0, current - 1));
    else if (key === 'x' && current >= 0) {
      const box = items[current].querySelector('.queue-select');
      if (box) box.checked = !box.checked;
    } else if (!['a', 's', 'd', 'r', 'e', 'c', '1', '2', '3'].includes(key) || !press(key)) return;
    event.preventDefault();
  });
  items.forEach((item, index) => item.addEventListener('click', () => select(index)));
  select(0);
})();
