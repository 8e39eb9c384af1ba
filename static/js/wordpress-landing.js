// Old WordPress links land here with their fragment: #comment-456 names the comment by its WordPress id, which
// the server turns into the comment's permalink; any other link goes on to the post. Without this script the
// page shows a link to the post (a fragment never reaches the server).
(() => {
  const landing = document.getElementById('wordpress-landing');
  if (!landing) return;
  const match = /^#comment-(\d{1,20})$/.exec(window.location.hash);
  const target = match ? landing.dataset.oldCommentsHref + match[1] : landing.dataset.postHref + window.location.hash;
  window.location.replace(target);
})();
