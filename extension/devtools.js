// why401 DevTools page: only adds the panel. Nothing is read until the panel is shown
// (panel.js), so DevTools without the panel open, and a closed DevTools, cost nothing.
import { createPanel } from "./shell.js";

createPanel();
