//! Local preview: serve, watch, rebuild what changed, reload the browser.
