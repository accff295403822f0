// Filters start folded in a narrow window (a phone, or a desktop window under 640 px: the width at which
// Streamlit stacks columns), so the charts come first; loaded once per page by dashboard/screen.py. The server
// cannot see the window's width, so the page draws the filters open and this folds each filters expander (a
// container keyed "VIEW-filters") once, the first time it appears; a visitor who opens it again keeps it open.
(() => {
  if (window.aiiFoldFilters) return;
  window.aiiFoldFilters = true;
  const narrow = window.matchMedia("(max-width: 640px)");
  const folded = new WeakSet();
  const fold = () => {
    if (!narrow.matches) return;
    for (const details of document.querySelectorAll("[class*='st-key-'][class*='-filters'] details[open]")) {
      if (folded.has(details)) continue;
      folded.add(details);
      details.querySelector("summary")?.click();
    }
  };
  new MutationObserver(fold).observe(document.body, { childList: true, subtree: true });
  fold();
})();
