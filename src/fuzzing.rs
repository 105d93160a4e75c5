//! A seeded mutation fuzzer for bantin's input surfaces, used by `examples/fuzz.rs` (long
//! runs) and `tests/fuzz_smoke.rs` (a short run in `cargo test`).
//!
//! Each [`Target`] takes bytes and checks an invariant besides "no panic": the converter's
//! files read back as written, front matter errors or loads, rendered links are safe,
//! feeds are well-formed XML, and a request never resolves outside the site. Inputs are
//! mutations of a corpus (seeds, content files, other raw texts) read at run time.
//! Not part of the stable API.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// An input surface under test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Raw text → converter → planned files → read back.
    Convert,
    /// Front matter and content file parsing.
    FrontMatter,
    /// Markdown rendering with link sanitising.
    Markdown,
    /// Feeds and sitemap for an article made from the input.
    Feeds,
    /// A request target resolved against the output folder.
    Http,
}

impl Target {
    /// Every target.
    pub const ALL: [Target; 5] = [
        Target::Convert,
        Target::FrontMatter,
        Target::Markdown,
        Target::Feeds,
        Target::Http,
    ];

    /// The target's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Target::Convert => "convert",
            Target::FrontMatter => "front-matter",
            Target::Markdown => "markdown",
            Target::Feeds => "feeds",
            Target::Http => "http",
        }
    }

    /// The target called `name`.
    pub fn from_name(name: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// A small, fast, seeded PRNG (xorshift64*).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed (0 is replaced).
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
}

/// Tokens that matter to some parser, spliced into inputs.
const DICTIONARY: &[&str] = &[
    "---\n",
    "title: ",
    "date: ",
    "tags: [",
    "]",
    "[",
    "{",
    "}",
    "\"",
    "'",
    ": ",
    "- ",
    "*a",
    "&a ",
    "!!str ",
    "null",
    "~",
    "|\n",
    ">\n",
    "#",
    "\n",
    "\r\n",
    "\t",
    "\0",
    "\u{FEFF}",
    "\u{FFFE}",
    "\u{FFFF}",
    "\u{1}",
    "\u{7F}",
    "\u{85}",
    "\u{2028}",
    "](",
    "](javascript:",
    "[x]: ",
    "<",
    ">",
    "<script>",
    "javascript:",
    "JaVaScRiPt:",
    "vbscript:",
    "data:text/html,",
    "&#106;",
    "&#x6A;",
    "&colon;",
    "%3A",
    "%2e%2e/",
    "../",
    "/./",
    "//",
    "\\",
    "?",
    "#frag",
    "Trong số này:",
    "TRONG SỐ NÀY",
    "Số 03 năm 2022",
    "Ảnh: ",
    "(Ảnh: X)",
    "Nguồn: ",
    "15/09/2022",
    "2022-09-15T16:27:00.123+07:00",
    "Theo ",
    "Bài, ảnh: ",
    "1. ",
    "I. ",
    "CHUYÊN MỤC",
    "```",
    "    ",
    "|---|",
    "[^1]",
    "![a](",
    "http://",
    "mailto:",
    ". T",
];

/// Mutate `input` a few times, keeping it at most `max_len` bytes.
pub fn mutate(rng: &mut Rng, input: &mut Vec<u8>, corpus: &[Vec<u8>], max_len: usize) {
    let rounds = 1 + rng.below(8);
    for _ in 0..rounds {
        let len = input.len();
        match rng.below(9) {
            0 if len > 0 => {
                let i = rng.below(len);
                input[i] ^= 1 << rng.below(8);
            }
            1 => {
                let i = rng.below(len + 1);
                input.insert(i, rng.next_u64() as u8);
            }
            2 | 3 => {
                let tok = DICTIONARY[rng.below(DICTIONARY.len())].as_bytes();
                let i = rng.below(len + 1);
                input.splice(i..i, tok.iter().copied());
            }
            4 if len > 0 => {
                let a = rng.below(len);
                let b = (a + 1 + rng.below(64)).min(len);
                input.drain(a..b);
            }
            5 if len > 0 => {
                // Repeat a slice: long lines, many lines, deep nesting.
                let a = rng.below(len);
                let b = (a + 1 + rng.below(32)).min(len);
                let piece = input[a..b].to_vec();
                let times = 1 + rng.below(64);
                let at = rng.below(len + 1);
                let rep: Vec<u8> = piece
                    .iter()
                    .copied()
                    .cycle()
                    .take(piece.len() * times)
                    .collect();
                input.splice(at..at, rep);
            }
            6 if !corpus.is_empty() => {
                let other = &corpus[rng.below(corpus.len())];
                if !other.is_empty() {
                    let a = rng.below(other.len());
                    let b = (a + 1 + rng.below(512)).min(other.len());
                    let at = rng.below(len + 1);
                    input.splice(at..at, other[a..b].iter().copied());
                }
            }
            7 if len > 0 => input.truncate(rng.below(len)),
            _ => {
                let i = rng.below(len + 1);
                let c = ["\n", " ", ".", "đ", "Ư", "\u{301}"][rng.below(6)];
                input.splice(i..i, c.bytes());
            }
        }
    }
    input.truncate(max_len);
}

/// Every file of `dirs` (recursively) that is text-like, as bytes; missing folders are
/// skipped.
pub fn load_corpus(dirs: &[PathBuf]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for d in dirs {
        for e in walkdir::WalkDir::new(d)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            let p = e.path();
            let wanted = p
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| matches!(x, "txt" | "md" | "yaml" | "yml"));
            if e.file_type().is_file() && wanted {
                if let Ok(b) = std::fs::read(p) {
                    out.push(b);
                }
            }
        }
    }
    out
}

/// Shared state of a target (a renderer and a temporary site folder).
pub struct Harness {
    vocab: crate::ingest::Vocabulary,
    /// Shared, as in a build: its syntax set loads once, on the first code block.
    highlighter: crate::render::markdown::Highlighter,
    renderer: Option<(tempfile_dir::Dir, crate::render::Renderer, crate::Config)>,
    http_root: Option<tempfile_dir::Dir>,
}

mod tempfile_dir {
    use std::path::{Path, PathBuf};

    /// A folder removed when dropped.
    pub(super) struct Dir(PathBuf);

    impl Dir {
        pub(super) fn new(tag: &str) -> std::io::Result<Dir> {
            let n = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            let p =
                std::env::temp_dir().join(format!("bantin-fuzz-{tag}-{}-{n}", std::process::id()));
            std::fs::create_dir_all(&p)?;
            Ok(Dir(p))
        }
        pub(super) fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// Why an input failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure(pub String);

impl Harness {
    /// Prepare what `target` needs.
    pub fn new(target: Target) -> std::io::Result<Harness> {
        let mut h = Harness {
            vocab: crate::ingest::Vocabulary::builtin(),
            highlighter: crate::render::markdown::Highlighter::new(),
            renderer: None,
            http_root: None,
        };
        match target {
            Target::Feeds => {
                let dir = tempfile_dir::Dir::new("feeds")?;
                std::fs::write(
                    dir.path().join("site.yaml"),
                    "title: Thử\nbase_url: https://example.org/\nlanguage: vi\n",
                )?;
                let project = crate::Project::open(dir.path()).map_err(std::io::Error::other)?;
                let r = crate::render::Renderer::new(&project).map_err(std::io::Error::other)?;
                h.renderer = Some((dir, r, project.config));
            }
            Target::Http => {
                let dir = tempfile_dir::Dir::new("http")?;
                let site = dir.path().join("site");
                std::fs::create_dir_all(site.join("so-1/bai"))?;
                std::fs::write(site.join("index.html"), "<html></html>")?;
                std::fs::write(site.join("so-1/bai/index.html"), "<html></html>")?;
                std::fs::write(dir.path().join("secret.txt"), "secret")?;
                h.http_root = Some(dir);
            }
            _ => {}
        }
        Ok(h)
    }

    /// Run one input; `Err` is an invariant broken (a panic is caught by [`run_one`]).
    pub fn check(&self, target: Target, input: &[u8]) -> Result<(), Failure> {
        match target {
            Target::Convert => self.convert(input),
            Target::FrontMatter => front_matter(input),
            Target::Markdown => markdown(input, &self.highlighter),
            Target::Feeds => self.feeds(input),
            Target::Http => self.http(input),
        }
    }

    fn convert(&self, input: &[u8]) -> Result<(), Failure> {
        let path = Path::new("seeds/fuzz.txt");
        let Ok(c) = crate::ingest::convert("seeds/fuzz.txt", path, input, &self.vocab) else {
            return Ok(());
        };
        // planned_files reads every file back itself; an error here is a round-trip bug.
        let files = crate::ingest::store::planned_files(&c).map_err(|e| Failure(e.to_string()))?;
        if files.is_empty() {
            return Err(Failure("no files planned".into()));
        }
        Ok(())
    }

    fn feeds(&self, input: &[u8]) -> Result<(), Failure> {
        let Some((_, renderer, config)) = &self.renderer else {
            return Err(Failure("no renderer".into()));
        };
        let text = String::from_utf8_lossy(input);
        let mut parts = text.splitn(3, '\u{1e}');
        let title = parts.next().unwrap_or("").to_string();
        let summary = parts.next().map(str::to_string);
        let body = parts.next().unwrap_or("").to_string();
        let mut meta: crate::content::ArticleMeta =
            crate::yaml::from_str("title: x\n").map_err(|e| Failure(e.message))?;
        meta.title = if title.trim().is_empty() {
            "x".into()
        } else {
            title.clone()
        };
        meta.summary = summary;
        meta.tags = vec![title.chars().take(40).collect(), "thẻ".into()];
        meta.section = Some(title.chars().rev().take(30).collect());
        meta.authors = vec![title.chars().take(20).collect()];
        meta.date = crate::content::Date::parse("2022-09-15T16:27:00.5+07:00");
        let bulletin: crate::content::BulletinMeta =
            crate::yaml::from_str("title: Số 1\n").map_err(|e| Failure(e.message))?;
        let content = crate::content::Content {
            bulletins: vec![crate::content::Bulletin {
                slug: "so-1".into(),
                path: "content/so-1/_index.md".into(),
                meta: bulletin,
                body: String::new(),
                articles: vec![crate::content::Article {
                    path: "content/so-1/01-a.md".into(),
                    file_slug: crate::slug::slugify(&title),
                    meta,
                    body,
                    body_in_file: None,
                }],
            }],
            warnings: Vec::new(),
        };
        let site = crate::site::Site::new(config.clone(), content);
        let p = renderer
            .prepare(&site)
            .map_err(|e| Failure(e.to_string()))?;
        let mut docs =
            crate::render::feeds::site_feeds(&site, &p).map_err(|e| Failure(e.to_string()))?;
        docs.extend(crate::render::feeds::sitemaps(&site));
        for t in site.rubrics.iter().chain(&site.tags) {
            docs.push(
                crate::render::feeds::term_feed(&site, &p, t)
                    .map_err(|e| Failure(e.to_string()))?,
            );
        }
        for (name, bytes) in docs {
            if name.ends_with(".xml") {
                crate::xmlcheck::check_well_formed(&bytes)
                    .map_err(|e| Failure(format!("{name}: {e}")))?;
            } else {
                serde_json::from_slice::<serde_json::Value>(&bytes)
                    .map_err(|e| Failure(format!("{name}: {e}")))?;
            }
        }
        Ok(())
    }

    fn http(&self, input: &[u8]) -> Result<(), Failure> {
        let Some(dir) = &self.http_root else {
            return Err(Failure("no root".into()));
        };
        let root = dir.path().join("site");
        let target = String::from_utf8_lossy(input);
        let _ = crate::serve::resolve::path_part(&target);
        for base in ["/", "/sub/"] {
            if let crate::serve::resolve::Resolved::File(p) =
                crate::serve::resolve::resolve(&root, base, &target)
            {
                let canon = std::fs::canonicalize(&p).unwrap_or(p.clone());
                let root_c = std::fs::canonicalize(&root).unwrap_or(root.clone());
                if !canon.starts_with(&root_c) {
                    return Err(Failure(format!(
                        "{target:?} resolved outside: {}",
                        p.display()
                    )));
                }
            }
        }
        Ok(())
    }
}

fn front_matter(input: &[u8]) -> Result<(), Failure> {
    let text = String::from_utf8_lossy(input);
    if let Ok(a) = crate::content::parse_article(Path::new("c/b/01-a.md"), &text) {
        if a.meta.title.trim().is_empty() {
            return Err(Failure("an empty title was accepted".into()));
        }
        // What loads, written again, loads to the same values.
        let again = crate::content::to_file_text(&a.meta, &a.body)
            .map_err(|e| Failure(format!("cannot write back: {e}")))?;
        let back = crate::content::parse_article(Path::new("c/b/01-a.md"), &again)
            .map_err(|e| Failure(format!("written back does not load: {e}")))?;
        let mut expect = a.meta.clone();
        expect.extra.clear();
        if back.meta != expect {
            return Err(Failure("written back loads to other values".into()));
        }
    }
    let _ = crate::content::parse_bulletin_index(Path::new("c/b/_index.md"), &text);
    let _ = crate::yaml::to_json_value(&text);
    let _ = crate::Config::parse(&text, Path::new("site.yaml"));
    Ok(())
}

fn markdown(input: &[u8], hl: &crate::render::markdown::Highlighter) -> Result<(), Failure> {
    let text = String::from_utf8_lossy(input);
    let html = crate::render::markdown::render(&text, hl).html;
    let _ = crate::render::safe_url::unsafe_links(&text);
    // Every href/src in the output must be a safe target, once HTML-decoded.
    for attr in ["href=\"", "src=\""] {
        let mut rest = html.as_str();
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            let value = &rest[..end];
            if !crate::render::safe_url::is_safe_url(value) {
                return Err(Failure(format!("unsafe {attr}{value}\"")));
            }
        }
    }
    // Raw HTML is never passed through.
    let lower = html.to_ascii_lowercase();
    for tag in [
        "<script",
        "<iframe",
        "<object",
        "<embed",
        "<style",
        "<svg",
        " onerror=",
    ] {
        if lower.contains(tag) {
            return Err(Failure(format!("markup `{tag}` passed through")));
        }
    }
    Ok(())
}

/// The outcome of one input.
#[derive(Debug)]
pub enum Outcome {
    /// The invariant held.
    Ok,
    /// The invariant broke.
    Failed(Failure),
    /// It panicked, with the message.
    Panicked(String),
}

/// Run one input with panics caught.
pub fn run_one(h: &Harness, target: Target, input: &[u8]) -> Outcome {
    match catch_unwind(AssertUnwindSafe(|| h.check(target, input))) {
        Ok(Ok(())) => Outcome::Ok,
        Ok(Err(f)) => Outcome::Failed(f),
        Err(p) => Outcome::Panicked(
            p.downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "panic".into()),
        ),
    }
}

/// Totals of a run of one target.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    /// Inputs run.
    pub inputs: u64,
    /// Inputs that panicked.
    pub panics: u64,
    /// Inputs that broke the target's invariant.
    pub failures: u64,
    /// Inputs slower than the limit.
    pub slow: u64,
    /// Slowest input's time and length.
    pub worst: (Duration, usize),
    /// Failing, panicking and slow inputs (at most 20), with why.
    pub findings: Vec<(Vec<u8>, String)>,
}

/// Run `target` on mutations of `corpus` until `inputs` inputs or `budget` elapse.
pub fn run(
    target: Target,
    corpus: &[Vec<u8>],
    seed: u64,
    inputs: u64,
    budget: Duration,
    slow_limit: Duration,
) -> std::io::Result<Stats> {
    let h = Harness::new(target)?;
    let mut rng = Rng::new(seed);
    let mut stats = Stats::default();
    let start = Instant::now();
    let max_len = match target {
        Target::Http => 512,
        Target::Convert => 16 * 1024,
        _ => 4 * 1024,
    };
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    while stats.inputs < inputs && start.elapsed() < budget {
        let mut input = if corpus.is_empty() || rng.below(16) == 0 {
            Vec::new()
        } else {
            let c = &corpus[rng.below(corpus.len())];
            // A window of the corpus file, so large seeds do not make every input large.
            let a = if c.len() > max_len {
                rng.below(c.len() - max_len / 2)
            } else {
                0
            };
            c[a..(a + max_len).min(c.len())].to_vec()
        };
        if target == Target::Http {
            input = http_seed(&mut rng, &input);
        }
        mutate(&mut rng, &mut input, corpus, max_len);
        let t = Instant::now();
        let outcome = run_one(&h, target, &input);
        let took = t.elapsed();
        stats.inputs += 1;
        if took > stats.worst.0 {
            stats.worst = (took, input.len());
        }
        let note = |why: String, stats: &mut Stats| {
            if stats.findings.len() < 20 {
                stats.findings.push((input.clone(), why));
            }
        };
        if took > slow_limit {
            stats.slow += 1;
            note(format!("slow: {took:?}"), &mut stats);
        }
        match outcome {
            Outcome::Ok => {}
            Outcome::Failed(f) => {
                stats.failures += 1;
                note(f.0, &mut stats);
            }
            Outcome::Panicked(m) => {
                stats.panics += 1;
                note(format!("panic: {m}"), &mut stats);
            }
        }
    }
    std::panic::set_hook(previous);
    Ok(stats)
}

/// A request target made from a corpus window: a path with some of its text.
fn http_seed(rng: &mut Rng, window: &[u8]) -> Vec<u8> {
    let starts = [
        "/",
        "/so-1/bai/",
        "/sub/",
        "http://x/",
        "/../",
        "//",
        "/%2e%2e/",
        "",
    ];
    let mut v = starts[rng.below(starts.len())].as_bytes().to_vec();
    let a = rng.below(window.len().max(1));
    v.extend(window.iter().skip(a).take(rng.below(40)).copied());
    v
}

/// Peak resident memory of this process so far, in bytes (Linux; 0 elsewhere).
pub fn peak_rss() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map(|kb| kb * 1024)
        .unwrap_or(0)
}
