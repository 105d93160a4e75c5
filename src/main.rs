//! The `bantin` command line: parses arguments, calls [`bantin::commands`] and prints
//! what it returns (reports, warnings, errors, the progress line on a terminal).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use bantin::commands;
use bantin::diag::count;
use bantin::ingest::{FileAction, IngestReport};
use bantin::{BuildOptions, Diagnostic, Error};

/// bantin: turn raw bulletin texts into a fast, deterministic archive site.
#[derive(Parser)]
#[command(name = "bantin", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct Global {
    /// The archive's root folder (where site.yaml is).
    #[arg(long, global = true, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print every file and per-stage timings.
    #[arg(short, long, global = true)]
    verbose: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Convert raw texts into content/ (default: every seed in seeds/). Edited files are kept.
    Ingest {
        /// Raw text files or folders of them (default: seeds/).
        paths: Vec<PathBuf>,
        /// Write bulletin folders here (default: content/ of the archive).
        #[arg(long, value_name = "DIR")]
        content: Option<PathBuf>,
        /// Show what ingest would change in files it leaves alone because they were edited.
        #[arg(long)]
        diff: bool,
        /// Convert and report, but write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Re-convert seeds even when they did not change since the last ingest.
        #[arg(long)]
        force: bool,
        /// Write nothing; print each source line's role, article and why.
        #[arg(long)]
        explain: bool,
        /// With --explain: one JSON object per file instead of text.
        #[arg(long, requires = "explain")]
        json: bool,
    },
    /// Build the site into the output folder (ingesting new or changed seeds first).
    Build(BuildArgs),
    /// Check a built site: internal links and anchors, feeds and their items.
    Check {
        /// The built site (default: the output folder of site.yaml).
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// The base URL the site was built for (default: the one recorded by the build,
        /// then base_url of site.yaml).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Create a new archive in DIR.
    Init {
        /// Folder for the new archive (created if needed).
        dir: PathBuf,
        /// The archive's title.
        #[arg(long, default_value = "Bản tin")]
        title: String,
        /// Add the archive's files to a non-empty folder (existing files are kept).
        #[arg(long)]
        force: bool,
    },
    /// Build, then serve a live preview that rebuilds and reloads as files are saved.
    Serve(ServeArgs),
}

#[derive(Args, Clone)]
struct BuildArgs {
    /// Skip bringing content/ up to date with seeds/ (serve: also when a seed changes).
    #[arg(long)]
    no_ingest: bool,
    /// Output folder (default: output_dir of site.yaml, `public`; serve: its own preview
    /// folder, target/bantin-serve).
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Override base_url of site.yaml (e.g. https://example.org/ban-tin/).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Build into a non-empty folder that bantin did not make (nothing in it is deleted).
    #[arg(long)]
    force: bool,
}

#[derive(Args, Clone)]
struct ServeArgs {
    /// Port to listen on (the next free one is used when it is busy; 0: any free port).
    #[arg(short, long, default_value_t = 1111)]
    port: u16,
    /// Address to listen on; anything but a loopback address is reachable from other machines.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Pages to render before listening; a larger site is served at once and renders the
    /// rest in the background, the pages a browser asks for first.
    #[arg(long, value_name = "N", default_value_t = bantin::serve::START_EAGER)]
    start_eager: usize,
    /// The same build settings as `bantin build`.
    #[command(flatten)]
    build: BuildArgs,
}

fn run_serve(g: &Global, args: &ServeArgs) -> ExitCode {
    let opts = bantin::serve::ServeOptions {
        bind: args.bind,
        port: args.port,
        ingest: !args.build.no_ingest,
        output: args.build.output.clone(),
        base_url: args.build.base_url.clone(),
        quiet: g.quiet,
        verbose: g.verbose,
        start_eager: args.start_eager,
    };
    match bantin::serve::serve(&g.root, &opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(bantin::serve::ServeError::Project(e)) => {
            report_error(&e);
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let g = cli.global.clone();
    let result = match cli.command {
        Command::Serve(args) => return run_serve(&g, &args),
        Command::Ingest {
            paths,
            content,
            diff,
            dry_run,
            force,
            explain,
            json,
        } => {
            if explain {
                run_explain(&g, paths, json)
            } else {
                let req = commands::IngestRequest {
                    root: g.root.clone(),
                    paths,
                    content,
                    dry_run,
                    force,
                    diff,
                };
                run_ingest(&g, req)
            }
        }
        Command::Build(args) => run_build(&g, &args),
        Command::Init { dir, title, force } => run_init(&g, &dir, &title, force),
        Command::Check { output, base_url } => run_check(&g, output, base_url),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            report_error(&e);
            ExitCode::FAILURE
        }
    }
}

fn report_error(e: &Error) {
    let all = e.flatten();
    for err in &all {
        eprintln!("error: {err}");
    }
    if all.len() > 1 {
        eprintln!(
            "{}; nothing was written.",
            count(all.len(), "error", "errors")
        );
    }
}

fn print_warnings<'a>(g: &Global, warnings: impl IntoIterator<Item = &'a Diagnostic>) {
    if g.quiet {
        return;
    }
    for w in warnings {
        eprintln!("warning: {w}");
    }
}

fn run_explain(g: &Global, paths: Vec<PathBuf>, json: bool) -> Result<(), Error> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    for explained in commands::explain(&g.root, paths)? {
        let explained = explained?;
        let shown = if json {
            format!("{}\n", explained.to_json())
        } else {
            explained.to_text()
        };
        // A closed pipe (`| head`) ends the listing quietly.
        if out.write_all(shown.as_bytes()).is_err() {
            return Ok(());
        }
    }
    Ok(())
}

fn run_ingest(g: &Global, req: commands::IngestRequest) -> Result<(), Error> {
    let diff = req.diff;
    let report = commands::ingest(req)?;
    print_ingest_report(g, &report, diff);
    commands::ingest_failures(report)
}

fn print_ingest_report(g: &Global, report: &IngestReport, diff: bool) {
    for s in &report.seeds {
        if !g.quiet {
            let state = if s.up_to_date { " (up to date)" } else { "" };
            println!(
                "{} → {}: {}{state}",
                s.seed.display(),
                s.folder.display(),
                count(s.articles, "article", "articles")
            );
        }
        for f in &s.files {
            let note = match f.action {
                FileAction::KeptEdited => Some("left alone: edited since ingest wrote it"),
                FileAction::KeptDeleted => Some("not re-created: deleted since ingest wrote it"),
                FileAction::KeptForeign => Some("left alone: not written by ingest"),
                _ => None,
            };
            if let Some(note) = note {
                if !g.quiet {
                    println!(
                        "  {} ({note}; `bantin ingest --diff` shows what ingest would write)",
                        f.path.display()
                    );
                }
                if diff {
                    if let (Some(cur), Some(new)) = (&f.current, &f.proposed) {
                        print!("{}", bantin::ingest::unified_diff(&f.path, cur, new));
                    }
                }
            } else if g.verbose {
                println!("  {:?}: {}", f.action, f.path.display());
            }
        }
    }
    // Every warning of the run together at the end, by file and line.
    let mut all = bantin::diag::Diagnostics::new();
    all.extend(report.warnings().cloned());
    if !all.is_empty() && !g.quiet {
        eprintln!("{}:", count(all.len(), "warning", "warnings"));
    }
    print_warnings(g, &all.into_sorted());
}

fn run_build(g: &Global, args: &BuildArgs) -> Result<(), Error> {
    let project = commands::open_for_build(&g.root, args.base_url.as_deref())?;
    let progress = bantin::build::Progress::default();
    let opts = BuildOptions {
        ingest: !args.no_ingest,
        output: args.output.clone(),
        progress: Some(progress.clone()),
        force: args.force,
    };
    let shown = show_progress(g, &progress);
    let report = bantin::build(&project, &opts);
    if let Some((stop, handle)) = shown {
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let _ = handle.join();
    }
    let report = report?;
    let shown = commands::build_shown(&report);
    if let Some(ing) = shown.ingest {
        print_ingest_report(g, ing, false);
    }
    print_warnings(g, shown.warnings);
    if !g.quiet {
        println!(
            "Built {} into {}: {} ({} written, {} unchanged, {} removed) in {} ms",
            count(report.articles, "article", "articles"),
            display_path(&report.output),
            count(report.files, "file", "files"),
            report.stats.written,
            report.stats.unchanged,
            report.stats.removed,
            report.timings.total.as_millis()
        );
    }
    if g.verbose {
        let t = &report.timings;
        eprintln!("timings: ingest {:?}, theme {:?}, load {:?}, link {:?}, markdown+cards {:?}, pages {:?}, search index {:?} (alongside pages), write {:?}", t.ingest, t.theme, t.load, t.link, t.render.prepare, t.render.pages, t.search, t.write);
        for (name, (d, n)) in &t.render.per_template {
            eprintln!(
                "  {name:<16} {n:>7} pages  {:>9.1} ms cpu",
                d.as_secs_f64() * 1000.0
            );
        }
    }
    Ok(())
}

fn display_path(p: &Path) -> String {
    p.display().to_string()
}

fn run_init(g: &Global, dir: &Path, title: &str, force: bool) -> Result<(), Error> {
    let report = bantin::init::init(dir, title, force)?;
    if g.quiet {
        return Ok(());
    }
    let shown = dir.display();
    println!("Created a new archive in {shown}:");
    for f in &report.created {
        println!("  {f}");
    }
    for f in &report.kept {
        println!("  {f} (already there, left as it was)");
    }
    println!(
        "\nIt uses the theme built into bantin; put a template of the same name in templates/ \
         to override one.\n\
         Next steps:\n  \
         cd {shown}\n  \
         bantin serve                   # preview at http://127.0.0.1:1111/ (ingests seeds/ into content/)\n  \
         # add your raw bulletin texts to seeds/, set title and base_url in site.yaml\n  \
         bantin build && bantin check   # build public/ and check it before uploading\n\
         (Without `cargo install --path .` in bantin's folder, use `cargo run --release -- ` \
         there with --root {shown} instead of `bantin`.)"
    );
    Ok(())
}

fn run_check(g: &Global, output: Option<PathBuf>, base_url: Option<String>) -> Result<(), Error> {
    let (out, report) = commands::check(&g.root, output, base_url.as_deref())?;
    if g.verbose {
        eprintln!("checked for base URL {}", report.base_url);
    }
    for p in &report.problems {
        eprintln!("problem: {p}");
    }
    if !g.quiet {
        println!(
            "Checked {}, {} and {} in {}: {}",
            count(report.pages, "page", "pages"),
            count(report.links, "internal link", "internal links"),
            count(report.feeds, "feed", "feeds"),
            out.display(),
            count(report.problems.len(), "problem", "problems")
        );
    }
    commands::check_failed(&report)
}

/// On a terminal, show `written/total files` on stderr while a long build runs.
fn show_progress(
    g: &Global,
    progress: &bantin::build::Progress,
) -> Option<(
    std::sync::Arc<std::sync::atomic::AtomicBool>,
    std::thread::JoinHandle<()>,
)> {
    use std::io::{IsTerminal, Write};
    use std::sync::atomic::Ordering;
    if g.quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (p, s) = (progress.clone(), stop.clone());
    let handle = std::thread::spawn(move || {
        let mut shown = false;
        let mut waited = 0;
        while !s.load(Ordering::Relaxed) {
            std::thread::sleep(std::time::Duration::from_millis(100));
            waited += 100;
            let total = p.total.load(Ordering::Relaxed);
            // Only long builds get a progress line.
            if waited >= 500 && total > 0 {
                eprint!(
                    "\rrendering {}/{} pages and feeds",
                    p.done.load(Ordering::Relaxed),
                    total
                );
                let _ = std::io::stderr().flush();
                shown = true;
            }
        }
        if shown {
            eprint!("\r\x1b[K");
        }
    });
    Some((stop, handle))
}
