// The rate page's browser side: keyboard shortcuts, and synchronized zoom and pan of compared images.

const shortcutKeys = new Set(["1", "2", "3", "4", "s", "f", "x", "g", "?", "enter", "backspace"]);

function typingInto(target) {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

// Keys go to .NET with the item on screen when they were pressed, so a key meant for one item never lands on the next.
export function listenForShortcuts(dotnet) {
  const onKey = (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typingInto(event.target)) return;
    if (document.querySelector(".mud-dialog-container")) return;
    const key = event.key.toLowerCase();
    if (!shortcutKeys.has(key)) return;
    const item = document.querySelector("[data-rating-item]");
    event.preventDefault();
    dotnet.invokeMethodAsync("OnShortcut", key, item ? Number(item.dataset.comparisonId) : 0);
  };
  document.addEventListener("keydown", onKey);
  return { dispose: () => document.removeEventListener("keydown", onKey) };
}

function compareGroup() {
  return document.querySelector(".compare.images");
}

// Every image of the compared pair zooms (wheel) and pans (drag) together; a double click resets the view, and so
// does a new item.
export function syncZoom(comparisonId) {
  const group = compareGroup();
  if (!group) return;
  if (group.dataset.zoomReady) {
    if (group.dataset.zoomItem !== String(comparisonId)) {
      group.dataset.zoomItem = String(comparisonId);
      group.resetZoom();
    }
    return;
  }
  group.dataset.zoomReady = "true";
  group.dataset.zoomItem = String(comparisonId);
  let scale = 1, x = 0, y = 0, dragging = null;

  const apply = () => {
    for (const img of group.querySelectorAll("img")) {
      img.style.transform = `translate(${x}px, ${y}px) scale(${scale})`;
    }
    group.dataset.zoom = scale.toFixed(2);
  };

  group.addEventListener("wheel", (event) => {
    event.preventDefault();
    const factor = event.deltaY < 0 ? 1.25 : 0.8;
    scale = Math.min(16, Math.max(1, scale * factor));
    if (scale === 1) { x = 0; y = 0; }
    apply();
  }, { passive: false });

  group.addEventListener("pointerdown", (event) => {
    if (scale === 1) return;
    dragging = { startX: event.clientX - x, startY: event.clientY - y };
    group.setPointerCapture(event.pointerId);
  });
  group.addEventListener("pointermove", (event) => {
    if (!dragging) return;
    x = event.clientX - dragging.startX;
    y = event.clientY - dragging.startY;
    apply();
  });
  const stop = () => { dragging = null; };
  group.addEventListener("pointerup", stop);
  group.addEventListener("pointercancel", stop);
  group.addEventListener("dblclick", () => { scale = 1; x = 0; y = 0; apply(); });
  group.resetZoom = () => { scale = 1; x = 0; y = 0; dragging = null; apply(); };
  group.zoomBy = (factor) => { scale = Math.min(16, Math.max(1, scale * factor)); if (scale === 1) { x = 0; y = 0; } apply(); };
  apply();
}

export function zoomBy(factor) {
  const group = compareGroup();
  if (group && group.zoomBy) group.zoomBy(factor);
}
