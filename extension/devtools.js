// why401 DevTools page: only adds the panel. Nothing is read until the panel is shown
// (panel.js), so DevTools without the panel open, and a closed DevTools, cost nothing.
const api = globalThis.browser ?? globalThis.chrome;
api.devtools.panels.create("why401", "icons/icon-32.png", "panel.html");
