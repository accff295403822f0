// One tap on a chart point selects it, as one click does (loaded once per page by dashboard/screen.py).
// Plotly selects a clicked point from the hover it computed before the click; a finger gives no hover
// before it lifts, so the first tap only emitted plotly_click and Streamlit never heard of it. A touch
// now sends the chart a mousemove at the same spot first, so the tap finds the point under it.
(() => {
  if (window.aiiTapSelects) return;
  window.aiiTapSelects = true;
  document.addEventListener("pointerdown", (event) => {
    if (event.pointerType !== "touch" || !event.target.closest(".js-plotly-plot")) return;
    event.target.dispatchEvent(
      new MouseEvent("mousemove", { clientX: event.clientX, clientY: event.clientY, bubbles: true }),
    );
  }, true);
})();
