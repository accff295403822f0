// A skip link to the first chart's table, the first stop of the Tab key on a page with charts (loaded once per
// page by dashboard/screen.py). Streamlit's own "Skip to main content" comes next; from there a keyboard visitor
// would tab through every filter, the chart's camera and the table's toolbar before reaching a figure. The table
// is where the keyboard opens quotes: arrow keys pick a row, Shift+Space selects it. Hidden on pages without a
// chart, so no Tab stop does nothing; out of sight until focused (screen.css).
(() => {
  if (window.aiiSkipLinks) return;
  window.aiiSkipLinks = true;
  const TABLE = "[data-testid='stMain'] [class*='st-key-'][class*='-block'] [class*='-table'] [data-testid='data-grid-canvas']";
  const link = document.createElement("a");
  link.className = "aii-skip-link";
  link.href = "#";
  link.textContent = "Skip to the first chart's table (arrow keys pick a figure, Shift+Space opens its quote)";
  link.addEventListener("click", (event) => {
    event.preventDefault();
    const table = document.querySelector(TABLE);
    if (!table) return;
    table.scrollIntoView({ block: "center" });
    table.focus({ preventScroll: true });
  });
  const update = () => {
    link.hidden = !document.querySelector(TABLE);
  };
  document.body.prepend(link);
  new MutationObserver(update).observe(document.body, { childList: true, subtree: true });
  update();
})();
