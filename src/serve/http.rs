//! The preview's HTTP server (tiny_http): files of the output folder, the live-reload
//! stream, the site's 404 page, and error pages while a change does not build.

use std::io::ErrorKind;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

use super::reload::{self, Hub, EVENTS_PATH};
use super::resolve::{self, Resolved};
use super::{overlay, ServeError};

/// How many ports after the requested one are tried when it is busy.
pub const PORT_TRIES: u16 = 10;

/// How long one write to a client may block before the client is given up on (a page
/// that stopped reading its live-reload stream, or a stalled download).
pub const WRITE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Worker threads answering requests. Event streams are handed to their own writer
/// threads at once, and writes time out, so a few slow clients cannot take them all.
pub const WORKERS: usize = 8;

/// Give every connection accepted on `listener` a write timeout: Linux copies socket
/// options from the listening socket to the sockets it accepts, and tiny_http offers no
/// other way to reach them.
#[cfg(unix)]
fn set_accepted_write_timeout(listener: &std::net::TcpListener, t: std::time::Duration) {
    use std::os::unix::io::AsRawFd;
    let tv = libc::timeval {
        tv_sec: t.as_secs() as libc::time_t,
        tv_usec: t.subsec_micros() as libc::suseconds_t,
    };
    // SAFETY: a valid socket fd and a correctly sized, initialised timeval.
    unsafe {
        libc::setsockopt(
            listener.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_SNDTIMEO,
            (&tv as *const libc::timeval).cast(),
            std::mem::size_of::<libc::timeval>() as libc::socklen_t,
        );
    }
}

#[cfg(not(unix))]
fn set_accepted_write_timeout(_: &std::net::TcpListener, _: std::time::Duration) {}

/// Renders a stale file (by its site-relative path) before it is served.
pub type FreshHook = Box<dyn Fn(&str) + Send + Sync>;

/// What the request handlers share.
pub struct Shared {
    /// The output folder (canonical).
    pub root: PathBuf,
    /// The path of the site's `base_url` (`/` or `/sub/`); `site.yaml` may change it.
    pub base_path: std::sync::RwLock<String>,
    /// The live-reload hub (and current errors).
    pub hub: Arc<Hub>,
    /// Called with a file's site-relative path before it is served: renders it first
    /// when it is stale (pages left for the background after a save).
    pub fresh: Option<FreshHook>,
}

/// Listen on `bind:port`; when the port is busy, try the next [`PORT_TRIES`] ports.
/// Port 0 lets the system choose. Returns the server and the address bound.
pub fn bind(bind: IpAddr, port: u16) -> Result<(Server, SocketAddr), ServeError> {
    let mut last = None;
    let tries = if port == 0 { 1 } else { PORT_TRIES + 1 };
    for p in (0..tries).filter_map(|i| port.checked_add(i)) {
        let addr = SocketAddr::new(bind, p);
        match std::net::TcpListener::bind(addr) {
            Ok(listener) => {
                set_accepted_write_timeout(&listener, WRITE_TIMEOUT);
                let local = listener.local_addr().unwrap_or(addr);
                let server =
                    Server::from_listener(listener, None).map_err(|e| ServeError::Bind {
                        addr: addr.to_string(),
                        message: e.to_string(),
                    })?;
                return Ok((server, local));
            }
            Err(e) if e.kind() == ErrorKind::AddrInUse => last = Some(e),
            Err(e) => {
                return Err(ServeError::Bind {
                    addr: addr.to_string(),
                    message: e.to_string(),
                })
            }
        }
    }
    Err(ServeError::Bind {
        addr: SocketAddr::new(bind, port).to_string(),
        message: format!(
            "{} (ports {port} to {} are all in use; choose another with --port)",
            last.map(|e| e.to_string()).unwrap_or_default(),
            port.saturating_add(PORT_TRIES)
        ),
    })
}

/// Answer requests on `threads` worker threads until the server is unblocked.
pub fn spawn_workers(server: &Arc<Server>, shared: &Arc<Shared>, threads: usize) {
    for i in 0..threads {
        let server = Arc::clone(server);
        let shared = Arc::clone(shared);
        let _ = std::thread::Builder::new()
            .name(format!("bantin-http-{i}"))
            .spawn(move || {
                while let Ok(req) = server.recv() {
                    handle(req, &shared);
                }
            });
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .unwrap_or_else(|_| Header::from_bytes(&b"X-Bantin"[..], &b"1"[..]).expect("valid header"))
}

fn respond(req: Request, status: u16, content_type: &str, body: Vec<u8>, extra: &[(&str, &str)]) {
    let mut resp = Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"));
    for (k, v) in extra {
        resp = resp.with_header(header(k, v));
    }
    // The client may be gone; nothing to do then.
    let _ = req.respond(resp);
}

fn text(req: Request, status: u16, message: &str) {
    respond(
        req,
        status,
        "text/plain; charset=utf-8",
        format!("{status} {message}\n").into_bytes(),
        &[],
    );
}

/// Answer one request.
pub fn handle(req: Request, shared: &Shared) {
    let method = req.method().clone();
    if method != Method::Get && method != Method::Head {
        respond(
            req,
            405,
            "text/plain; charset=utf-8",
            b"405 method not allowed\n".to_vec(),
            &[("Allow", "GET, HEAD")],
        );
        return;
    }
    let url = req.url().to_string();
    if resolve::path_part(&url) == EVENTS_PATH {
        if method == Method::Head {
            respond(
                req,
                200,
                "text/event-stream; charset=utf-8",
                Vec::new(),
                &[],
            );
        } else {
            shared.hub.subscribe(req.into_writer());
        }
        return;
    }
    let base_path = shared
        .base_path
        .read()
        .map(|b| b.clone())
        .unwrap_or_else(|e| e.into_inner().clone());
    ask_fresh(shared, &base_path, &url);
    match resolve::resolve(&shared.root, &base_path, &url) {
        Resolved::File(path) => serve_file(req, shared, &path, 200),
        Resolved::Redirect(loc) => respond(
            req,
            301,
            "text/plain; charset=utf-8",
            format!("moved to {loc}\n").into_bytes(),
            &[("Location", &loc)],
        ),
        Resolved::NotFound => not_found(req, shared),
        Resolved::Forbidden => text(req, 403, "forbidden: outside the site"),
        Resolved::BadRequest => text(req, 400, "bad request"),
    }
}

/// Serve the file at `path`, already made fresh: [`ask_fresh`] before the URL was
/// resolved, or [`not_found`] for the 404 page.
fn serve_file(req: Request, shared: &Shared, path: &Path, status: u16) {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(_) => return not_found(req, shared),
    };
    let ctype = resolve::content_type(path);
    let body = if ctype.starts_with("text/html") {
        reload::inject(&bytes, &shared.hub.errors(), &shared.hub.words())
    } else {
        bytes
    };
    respond(req, status, ctype, body, &[]);
}

/// Before `url` is resolved on disk: the files it may name are rendered if stale, so a
/// page not written yet (pages left for the background) is found.
fn ask_fresh(shared: &Shared, base_path: &str, url: &str) {
    if let Some(fresh) = &shared.fresh {
        for rel in resolve::named_files(url, base_path) {
            fresh(&rel);
        }
    }
}

fn not_found(req: Request, shared: &Shared) {
    if let Some(fresh) = &shared.fresh {
        fresh("404.html");
    }
    let page = shared.root.join("404.html");
    if page.is_file() {
        return serve_file(req, shared, &page, 404);
    }
    let errors = shared.hub.errors();
    let html = if errors.is_empty() {
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>404</title></head><body><h1>404</h1></body></html>\n".to_string()
    } else {
        overlay::page(&errors, &shared.hub.words())
    };
    respond(
        req,
        404,
        "text/html; charset=utf-8",
        reload::inject(html.as_bytes(), &[], &shared.hub.words()),
        &[],
    );
}
