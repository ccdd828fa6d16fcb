// Generated from src/names.rs by `make names`: do not edit (tests/names.rs checks it).
// The names the Rust renderer and the JS shells share.

/** @typedef {"clear-stale" | "clear-site" | "undo" | "reload" | "reveal" | "copy-report" | "grant-host-access" | "site-on"} Action */

export const ACTION = Object.freeze({
  /** Remove exactly the stale cookie copies the finding names (`detail.cookies`). @type {"clear-stale"} */
  CLEAR_STALE: "clear-stale",
  /** Remove every cookie of the site (`detail.site`; the renderer asks twice). @type {"clear-site"} */
  CLEAR_SITE: "clear-site",
  /** Put back what the last clear removed. @type {"undo"} */
  UNDO: "undo",
  /** Reload the tab. @type {"reload"} */
  RELOAD: "reload",
  /** Show or hide cookie details. @type {"reveal"} */
  REVEAL: "reveal",
  /** Copy the redacted Markdown report of `detail.finding`. @type {"copy-report"} */
  COPY_REPORT: "copy-report",
  /** Ask for host access (`permissions.request`, inside the click). @type {"grant-host-access"} */
  GRANT_HOST_ACCESS: "grant-host-access",
  /** Turn why401 back on for the tab's site (it was off in the options). @type {"site-on"} */
  SITE_ON: "site-on",
});

/** @typedef {"extension" | "loading" | "empty" | "error"} ViewKind */

export const VIEW = Object.freeze({
  /** The popup's capture view: `{kind, report, context}`. @type {"extension"} */
  EXTENSION: "extension",
  /** A skeleton while the analysis runs. @type {"loading"} */
  LOADING: "loading",
  /** Nothing to show yet. @type {"empty"} */
  EMPTY: "empty",
  /** An error message (`view.error`). @type {"error"} */
  ERROR: "error",
});

/** @typedef {"page" | "popup"} Mode */

export const MODE = Object.freeze({
  /** The web page (default). @type {"page"} */
  PAGE: "page",
  /** The extension popup. @type {"popup"} */
  POPUP: "popup",
});

/** @typedef {"why401-action"} EventName */

export const EVENT = Object.freeze({
  /** A button was pressed: `CustomEvent` with `detail: {action, finding, cookies, site}`. @type {"why401-action"} */
  ACTION: "why401-action",
});
