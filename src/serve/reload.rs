//! The live-reload channel: server-sent events at [`EVENTS_PATH`].
//!
//! Every open page holds one event stream. After a good rebuild the hub sends `reload`;
//! after a failed one it sends `build-error` with the errors (the page shows them without
//! reloading, so the last good page stays readable). The script that listens is injected
//! into HTML responses by the server only, so built files never contain it.

use std::io::Write;
use std::sync::Mutex;

use super::overlay::{self, ErrorItem};

/// Where pages listen for events.
pub const EVENTS_PATH: &str = "/__bantin/events";

/// The script injected before `</body>` of every HTML page served.
pub const SCRIPT: &str = concat!(
    "<script>/* bantin serve: live reload */(function(){",
    "if(!window.EventSource)return;",
    "var es=new EventSource(\"/__bantin/events\");",
    "es.addEventListener(\"reload\",function(){location.reload();});",
    "es.addEventListener(\"build-error\",function(e){var d;try{d=JSON.parse(e.data);}catch(x){return;}",
    "var b=document.getElementById(\"bantin-error\");",
    "if(!b){b=document.createElement(\"div\");document.body.appendChild(b);}",
    "b.outerHTML=d.html;});",
    "})();</script>"
);

/// Open event streams and the current error state.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Box<dyn Write + Send>>>,
    errors: Mutex<Vec<ErrorItem>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Hub {
    /// A hub with no clients and no errors.
    pub fn new() -> Hub {
        Hub::default()
    }

    /// Take over a connection as an event stream: send the response head, and the
    /// current errors if there are any.
    pub fn subscribe(&self, mut w: Box<dyn Write + Send>) {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
                    Cache-Control: no-store\r\nConnection: close\r\nX-Accel-Buffering: no\r\n\r\n\
                    retry: 500\n: bantin live reload\n\n";
        let errors = self.errors();
        let mut ok = w.write_all(head.as_bytes()).is_ok();
        if ok && !errors.is_empty() {
            ok = w
                .write_all(event("build-error", &error_data(&errors)).as_bytes())
                .is_ok();
        }
        if ok && w.flush().is_ok() {
            lock(&self.clients).push(w);
        }
    }

    /// Send an event to every stream, dropping the streams that are gone.
    pub fn send(&self, name: &str, data: &str) {
        let msg = event(name, data);
        lock(&self.clients)
            .retain_mut(|w| w.write_all(msg.as_bytes()).is_ok() && w.flush().is_ok());
    }

    /// Send a comment, so dead streams are noticed and dropped.
    pub fn ping(&self) {
        lock(&self.clients).retain_mut(|w| w.write_all(b": ping\n\n").is_ok() && w.flush().is_ok());
    }

    /// Number of open streams.
    pub fn clients(&self) -> usize {
        lock(&self.clients).len()
    }

    /// Tell every page to reload (after a good rebuild); clears the errors.
    pub fn reload(&self, data: &str) {
        lock(&self.errors).clear();
        self.send("reload", data);
    }

    /// Record the errors of a failed rebuild and show them on every page.
    pub fn set_errors(&self, errors: Vec<ErrorItem>) {
        let data = error_data(&errors);
        *lock(&self.errors) = errors;
        self.send("build-error", &data);
    }

    /// The errors of the last rebuild (empty when it was good).
    pub fn errors(&self) -> Vec<ErrorItem> {
        lock(&self.errors).clone()
    }
}

/// One server-sent event; `data` must be a single line.
fn event(name: &str, data: &str) -> String {
    let data = data.replace(['\n', '\r'], " ");
    format!("event: {name}\ndata: {data}\n\n")
}

fn error_data(errors: &[ErrorItem]) -> String {
    serde_json::json!({ "errors": errors, "html": overlay::banner(errors) }).to_string()
}

/// `html` with the live-reload script, and the error banner when `errors` is not
/// empty, inserted before `</body>`.
pub fn inject(html: &[u8], errors: &[ErrorItem]) -> Vec<u8> {
    let mut extra = String::new();
    if !errors.is_empty() {
        extra.push_str(&overlay::banner(errors));
    }
    extra.push_str(SCRIPT);
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_body_end() {
        let out = inject(b"<html><body>x</body></html>", &[]);
        let s = String::from_utf8(out).unwrap();
        assert!(s.starts_with("<html><body>x<script>"));
        assert!(s.ends_with("</script></body></html>"));
    }

    #[test]
    fn events_are_single_data_lines() {
        assert_eq!(event("reload", "a\nb"), "event: reload\ndata: a b\n\n");
    }
}
