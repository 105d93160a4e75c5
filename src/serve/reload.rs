//! The live-reload channel: server-sent events at [`EVENTS_PATH`].
//!
//! Every open page holds one event stream. After a good rebuild the hub sends `reload`;
//! after a failed one it sends `build-error` with the errors (the page shows them without
//! reloading, so the last good page stays readable). The script that listens is injected
//! into HTML responses by the server only, so built files never contain it.

use std::io::Write;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Mutex};

use super::overlay::{self, ErrorItem, OverlayWords};

/// The event sent when the preview's search index changed (an open search page reloads).
pub const SEARCH_EVENT: &str = "search-index";

/// Where pages listen for events.
pub const EVENTS_PATH: &str = "/__bantin/events";

/// The script injected before `</body>` of every HTML page served.
pub const SCRIPT: &str = concat!(
    "<script>/* bantin serve: live reload */(function(){",
    "if(!window.EventSource)return;",
    "var es=new EventSource(\"/__bantin/events\");",
    "es.addEventListener(\"reload\",function(){location.reload();});",
    "es.addEventListener(\"search-index\",function(){if(document.getElementById(\"search\"))location.reload();});",
    "es.addEventListener(\"build-error\",function(e){var d;try{d=JSON.parse(e.data);}catch(x){return;}",
    "var b=document.getElementById(\"bantin-error\");",
    "if(!b){b=document.createElement(\"div\");document.body.appendChild(b);}",
    "b.outerHTML=d.html;});",
    "})();</script>"
);

/// Most event streams open at once; more are refused (503) so threads stay bounded.
pub const MAX_CLIENTS: usize = 256;

/// Events queued for one stream before it counts as stalled and is dropped.
pub const QUEUE: usize = 16;

/// Open event streams and the current error state.
///
/// Each stream has its own writer thread fed through a small bounded queue, so sending
/// never blocks: a stream whose queue is full (its page stopped reading) or whose writer
/// failed (the socket write timed out, see [`super::http::WRITE_TIMEOUT`]) is dropped,
/// and the rebuild loop, other pages and other requests carry on.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<SyncSender<Arc<[u8]>>>>,
    errors: Mutex<Vec<ErrorItem>>,
    words: Mutex<OverlayWords>,
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
    /// current errors if there are any. Returns immediately; a writer thread does the
    /// writing. When [`MAX_CLIENTS`] streams are open the connection gets a 503.
    pub fn subscribe(&self, w: Box<dyn Write + Send>) {
        let mut first = String::from(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
             Cache-Control: no-store\r\nConnection: close\r\nX-Accel-Buffering: no\r\n\r\n\
             retry: 500\n: bantin live reload\n\n",
        );
        let errors = self.errors();
        if !errors.is_empty() {
            first.push_str(&event("build-error", &error_data(&errors, &self.words())));
        }
        let mut clients = lock(&self.clients);
        if clients.len() >= MAX_CLIENTS {
            // Prune streams that are gone before refusing.
            clients.retain(|tx| tx.try_send(Arc::from(&b": ping\n\n"[..])).is_ok());
        }
        if clients.len() >= MAX_CLIENTS {
            drop(clients);
            let busy = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n\
                        Connection: close\r\nRetry-After: 5\r\n\r\ntoo many live-reload streams\n";
            spawn_writer(w, vec![Arc::from(busy.as_bytes())], None);
            return;
        }
        let (tx, rx) = sync_channel::<Arc<[u8]>>(QUEUE);
        if spawn_writer(w, vec![Arc::from(first.as_bytes())], Some(rx)) {
            clients.push(tx);
        }
    }

    /// Send an event to every stream, dropping the streams that are gone or stalled.
    /// Never blocks on a client.
    pub fn send(&self, name: &str, data: &str) {
        let msg: Arc<[u8]> = Arc::from(event(name, data).into_bytes());
        lock(&self.clients).retain(|tx| tx.try_send(Arc::clone(&msg)).is_ok());
    }

    /// Send a comment, so dead streams are noticed and dropped.
    pub fn ping(&self) {
        let msg: Arc<[u8]> = Arc::from(&b": ping\n\n"[..]);
        lock(&self.clients).retain(|tx| tx.try_send(Arc::clone(&msg)).is_ok());
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

    /// The language the error overlay speaks (from the site's config).
    pub fn set_words(&self, words: OverlayWords) {
        *lock(&self.words) = words;
    }

    /// The overlay's words.
    pub fn words(&self) -> OverlayWords {
        lock(&self.words).clone()
    }

    /// Record the errors of a failed rebuild and show them on every page.
    pub fn set_errors(&self, errors: Vec<ErrorItem>) {
        let data = error_data(&errors, &self.words());
        *lock(&self.errors) = errors;
        self.send("build-error", &data);
    }

    /// The errors of the last rebuild (empty when it was good).
    pub fn errors(&self) -> Vec<ErrorItem> {
        lock(&self.errors).clone()
    }
}

/// Write `first`, then whatever arrives on `rx`, to `w` on a thread of its own; the thread
/// ends (closing the stream) at the first failed write or when the hub drops the stream.
/// Returns whether the thread started.
fn spawn_writer(
    mut w: Box<dyn Write + Send>,
    first: Vec<Arc<[u8]>>,
    rx: Option<Receiver<Arc<[u8]>>>,
) -> bool {
    std::thread::Builder::new()
        .name("bantin-reload".into())
        .spawn(move || {
            for m in &first {
                if w.write_all(m).and_then(|_| w.flush()).is_err() {
                    return;
                }
            }
            let Some(rx) = rx else { return };
            for m in rx {
                if w.write_all(&m).and_then(|_| w.flush()).is_err() {
                    return;
                }
            }
        })
        .is_ok()
}

/// One server-sent event; `data` must be a single line.
fn event(name: &str, data: &str) -> String {
    let data = data.replace(['\n', '\r'], " ");
    format!("event: {name}\ndata: {data}\n\n")
}

fn error_data(errors: &[ErrorItem], words: &OverlayWords) -> String {
    serde_json::json!({ "errors": errors, "html": overlay::banner(errors, words) }).to_string()
}

/// `html` with the live-reload script, and the error banner when `errors` is not
/// empty, inserted before `</body>`.
pub fn inject(html: &[u8], errors: &[ErrorItem], words: &OverlayWords) -> Vec<u8> {
    let mut extra = String::new();
    if !errors.is_empty() {
        extra.push_str(&overlay::banner(errors, words));
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
        let out = inject(
            b"<html><body>x</body></html>",
            &[],
            &OverlayWords::default(),
        );
        let s = String::from_utf8(out).unwrap();
        assert!(s.starts_with("<html><body>x<script>"));
        assert!(s.ends_with("</script></body></html>"));
    }

    /// A client that accepts `ok_bytes` bytes, then stalls (blocks) until released.
    struct Stalled {
        ok_bytes: usize,
        written: Arc<Mutex<Vec<u8>>>,
        release: Arc<(Mutex<bool>, std::sync::Condvar)>,
    }

    impl Write for Stalled {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            let mut w = self.written.lock().unwrap();
            if w.len() + buf.len() <= self.ok_bytes {
                w.extend_from_slice(buf);
                return Ok(buf.len());
            }
            drop(w);
            let (m, cv) = &*self.release;
            let mut released = m.lock().unwrap();
            while !*released {
                released = cv.wait(released).unwrap();
            }
            Err(std::io::ErrorKind::TimedOut.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>);

    impl Write for Sink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_stalled_stream_never_blocks_sending_and_is_dropped() {
        let hub = Hub::new();
        let release = Arc::new((Mutex::new(false), std::sync::Condvar::new()));
        hub.subscribe(Box::new(Stalled {
            ok_bytes: 0,
            written: Arc::default(),
            release: Arc::clone(&release),
        }));
        let good = Sink::default();
        hub.subscribe(Box::new(good.clone()));
        assert_eq!(hub.clients(), 2);
        // Events as pages get them, one after another: the reading page keeps up, the
        // stalled one's queue fills and it is dropped; no send waits for it.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        for i in 0..(QUEUE * 2) {
            let start = std::time::Instant::now();
            hub.send("reload", &i.to_string());
            assert!(start.elapsed() < std::time::Duration::from_millis(500));
            let want = format!("data: {i}\n");
            while !String::from_utf8_lossy(&good.0.lock().unwrap()).contains(&want) {
                assert!(
                    std::time::Instant::now() < deadline,
                    "event {i} did not arrive"
                );
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
        }
        assert_eq!(hub.clients(), 1, "the stalled stream is dropped");
        let (m, cv) = &*release;
        *m.lock().unwrap() = true;
        cv.notify_all();
    }

    #[test]
    fn streams_beyond_the_limit_are_refused() {
        let hub = Hub::new();
        let sinks: Vec<Sink> = (0..MAX_CLIENTS + 1).map(|_| Sink::default()).collect();
        for s in &sinks {
            hub.subscribe(Box::new(s.clone()));
        }
        assert_eq!(hub.clients(), MAX_CLIENTS);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !String::from_utf8_lossy(&sinks[MAX_CLIENTS].0.lock().unwrap()).contains("503") {
            assert!(std::time::Instant::now() < deadline, "no 503");
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    #[test]
    fn events_are_single_data_lines() {
        assert_eq!(event("reload", "a\nb"), "event: reload\ndata: a b\n\n");
    }
}
