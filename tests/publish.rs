//! Publishing as a publisher does it, through the real binary: the output folder keeps
//! every file bantin did not write, dangerous output folders are refused, the preview
//! never touches `public/`, and `check` checks what was built.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::SystemTime;

use common::{small_archive, Archive};

/// Every file under `dir` with its bytes and modification time.
fn snapshot(dir: &Path) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let meta = e.metadata().unwrap();
            (
                rel,
                (std::fs::read(e.path()).unwrap(), meta.modified().unwrap()),
            )
        })
        .collect()
}

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

#[test]
fn a_foreign_folder_is_refused_and_never_emptied() {
    let a = small_archive();
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("sub")).unwrap();
    std::fs::write(site.join("notes.txt"), "ghi chú").unwrap();
    std::fs::write(site.join("sub/keep.txt"), "giữ").unwrap();
    let before = snapshot(&site);

    let err = a.fails(&["build", "-o", &s(&site)]);
    assert!(err.contains("--force"), "says how to go on: {err}");
    assert!(
        err.contains(&s(&site)) || err.contains("site"),
        "names the folder: {err}"
    );
    assert_eq!(
        snapshot(&site),
        before,
        "nothing changed in a refused folder"
    );

    a.ok(&["build", "-o", &s(&site), "--force"]);
    assert!(site.join("index.html").exists());
    assert_eq!(
        std::fs::read_to_string(site.join("notes.txt")).unwrap(),
        "ghi chú"
    );
    assert_eq!(
        std::fs::read_to_string(site.join("sub/keep.txt")).unwrap(),
        "giữ"
    );

    // The folder is bantin's now: later builds need no --force, prune their own stale
    // pages and still keep the rest.
    std::fs::remove_file(a.path().join("content/so-2/01-mua.md")).unwrap();
    a.ok(&["build", "-o", &s(&site)]);
    assert!(
        !site.join("so-2/mua/index.html").exists(),
        "stale page removed"
    );
    assert!(site.join("notes.txt").exists() && site.join("sub/keep.txt").exists());
}

#[test]
fn another_archive_is_not_an_output_folder() {
    let a = small_archive();
    let other = small_archive();
    other.write("seeds/a.txt", "Bản tin số 1");
    let before = snapshot(other.path());
    let err = a.fails(&["build", "-o", &s(other.path())]);
    assert!(err.contains("--force"), "{err}");
    assert_eq!(snapshot(other.path()), before);
    // Even forced, nothing of the other archive is deleted.
    a.ok(&["build", "-o", &s(other.path()), "--force"]);
    for (rel, (bytes, _)) in &before {
        assert_eq!(
            &std::fs::read(other.path().join(rel)).unwrap(),
            bytes,
            "{rel}"
        );
    }
}

#[test]
fn cname_nojekyll_and_well_known_survive_every_build() {
    let a = small_archive();
    a.ok(&["build"]);
    a.write("public/CNAME", "ban-tin.example.org\n");
    a.write("public/.nojekyll", "");
    a.write(
        "public/.well-known/security.txt",
        "Contact: mailto:a@example.org\n",
    );
    a.ok(&["build"]);
    a.write("content/so-1/03-moi.md", "---\ntitle: Bài mới\ndate: 2022-03-02T08:00:00+07:00\nsection: Tin tức\nweight: 3\n---\n\nMới.\n");
    a.ok(&["build"]);
    assert!(a.exists("public/so-1/moi/index.html"));
    assert_eq!(a.read("public/CNAME"), "ban-tin.example.org\n");
    assert!(a.exists("public/.nojekyll"));
    assert!(a.exists("public/.well-known/security.txt"));
}

#[test]
fn unchanged_files_keep_their_bytes_and_times() {
    let a = small_archive();
    a.ok(&["build"]);
    let before = snapshot(&a.path().join("public"));
    std::thread::sleep(std::time::Duration::from_millis(30));
    let out = a.ok(&["build"]);
    assert!(out.contains("(0 written"), "{out}");
    let after = snapshot(&a.path().join("public"));
    assert_eq!(before.len(), after.len());
    for (rel, v) in &before {
        assert!(
            after.get(rel) == Some(v),
            "{rel} changed in a rebuild with no change"
        );
    }
}

#[test]
fn source_folders_are_refused_even_through_symlinks() {
    let a = small_archive();
    std::fs::create_dir_all(a.path().join("templates")).unwrap();
    a.write("templates/keep.html", "x");
    let before = snapshot(a.path());
    let outside = tempfile::tempdir().unwrap();
    let mut targets = vec![
        a.path().to_path_buf(),
        a.path().join("content"),
        a.path().join("content/so-1"),
        a.path().join("templates"),
        a.path().join("seeds"),
        a.path().join("public/../content"),
        a.path().parent().unwrap().to_path_buf(),
        std::path::PathBuf::from("/"),
    ];
    #[cfg(unix)]
    {
        let to_content = outside.path().join("to-content");
        std::os::unix::fs::symlink(a.path().join("content"), &to_content).unwrap();
        let to_parent = outside.path().join("to-parent");
        std::os::unix::fs::symlink(a.path().parent().unwrap(), &to_parent).unwrap();
        let to_root = outside.path().join("to-root");
        std::os::unix::fs::symlink(a.path(), &to_root).unwrap();
        targets.extend([
            to_content.clone(),
            to_content.join("new"),
            to_parent,
            to_root,
        ]);
    }
    for t in &targets {
        let err = a.fails(&["build", "--output", &s(t)]);
        assert!(err.contains("refusing"), "{}: {err}", t.display());
    }
    assert_eq!(snapshot(a.path()), before, "nothing in the archive changed");
}

#[test]
fn the_home_folder_is_refused() {
    let a = small_archive();
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join(".bashrc"), "# mine").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_bantin"))
        .env("HOME", home.path())
        .args(["build", "--force", "--output"])
        .arg(home.path())
        .arg("--root")
        .arg(a.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("home folder"));
    assert_eq!(std::fs::read_dir(home.path()).unwrap().count(), 1);
}

#[test]
fn serve_never_writes_the_published_output() {
    let a = small_archive();
    a.ok(&["build", "--base-url", "https://example.org/ban-tin/"]);
    let public = a.path().join("public");
    let before = snapshot(&public);
    let mut child = Command::new(env!("CARGO_BIN_EXE_bantin"))
        .arg("--root")
        .arg(a.path())
        .args(["serve", "--port", "0", "--no-ingest"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            if line.contains("http://") {
                let _ = tx.send(line);
            }
        }
    });
    let line = rx.recv_timeout(std::time::Duration::from_secs(30));
    let _ = child.kill();
    let _ = child.wait();
    line.expect("serve started");
    assert!(
        a.exists("target/bantin-serve/index.html"),
        "the preview has its own folder"
    );
    assert_eq!(snapshot(&public), before, "public/ untouched by serve");
    // And serve refuses to be pointed at it.
    let err = a.fails(&[
        "serve",
        "--port",
        "0",
        "--no-ingest",
        "--output",
        &s(&public),
    ]);
    assert!(
        err.contains("published") || err.contains("bantin build"),
        "{err}"
    );
    assert_eq!(snapshot(&public), before);
}

#[test]
fn the_readme_recipe_builds_a_sub_path_site_that_check_passes() {
    let a = Archive::from_seeds();
    a.ok(&["build", "--base-url", "https://example.org/ban-tin/"]);
    let published = common::files_under(&a.path().join("public"));
    assert!(
        !published.keys().any(|k| k.contains(".ingest-record")),
        "ingest records are not published"
    );
    let out = a.ok(&["check"]);
    assert!(out.contains(": 0 problems"), "{out}");
    // An explicit --base-url is what check uses; a wrong one shows up.
    let err = a.fails(&["check", "--base-url", "https://example.org/"]);
    assert!(err.contains("problem"), "{err}");
}

#[test]
fn check_reports_missing_images_and_files() {
    let a = small_archive();
    a.write(
        "content/so-1/03-anh.md",
        "---\ntitle: Ảnh\ndate: 2022-03-02T08:00:00+07:00\nsection: Tin tức\nweight: 3\n---\n\nXem ![Ảnh thiếu](khong-co.jpg) và [bản in](ban-in.pdf).\n",
    );
    a.ok(&["build"]);
    let err = a.fails(&["check"]);
    assert!(err.contains("khong-co.jpg"), "{err}");
    assert!(err.contains("ban-in.pdf"), "{err}");
}

/// The README's first command on a fresh clone ingests the shipped seeds: the committed
/// `content/` (articles and ingest records) must be exactly what today's converter makes,
/// so a fresh clone stays clean (`git status` shows nothing).
#[test]
fn a_fresh_clone_stays_clean_after_its_first_build() {
    let repo = common::repo();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::copy(repo.join("site.yaml"), root.join("site.yaml")).unwrap();
    for d in ["seeds", "content", "themes"] {
        common::copy_dir(&repo.join(d), &root.join(d));
    }
    if repo.join("tags.yaml").exists() {
        std::fs::copy(repo.join("tags.yaml"), root.join("tags.yaml")).unwrap();
    }
    let before = common::files_under(&root.join("content"));
    let out = Command::new(env!("CARGO_BIN_EXE_bantin"))
        .arg("--root")
        .arg(root)
        .arg("build")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = common::files_under(&root.join("content"));
    let changed: Vec<&String> = after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(v))
        .map(|(k, _)| k)
        .chain(before.keys().filter(|k| !after.contains_key(*k)))
        .collect();
    assert!(
        changed.is_empty(),
        "the first build of a fresh clone changed committed files: {changed:?}\n\
         (regenerate them with `bantin ingest` and commit the result)"
    );
    // Nothing else appeared beside the sources but the (ignored) output folder.
    let mut top: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    top.retain(|n| n != "tags.yaml");
    assert_eq!(top, ["content", "public", "seeds", "site.yaml", "themes"]);
}

/// A build whose writes fail (here: a file-size limit, as a full disk would) stops, says
/// so, and leaves the previous site whole.
#[cfg(target_os = "linux")]
#[test]
fn a_failing_write_keeps_the_previous_site() {
    use std::os::unix::process::CommandExt;
    let a = small_archive();
    a.ok(&["build"]);
    let public = a.path().join("public");
    let before = common::files_under(&public);
    a.write(
        "site.yaml",
        "title: Tên mới của trang\nbase_url: https://example.org/\nlanguage: vi\n",
    );
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_bantin"));
    cmd.arg("--root")
        .arg(a.path())
        .args(["build", "--no-ingest"]);
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let lim = libc::rlimit {
                rlim_cur: 1000,
                rlim_max: 1000,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("previous site") && err.contains("unchanged"),
        "{err}"
    );
    assert!(
        common::files_under(&public) == before,
        "the previous site is whole"
    );
    assert!(!a.exists(".public.bantin-new"), "no staging folder left");
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    b.extend(w.to_be_bytes());
    b.extend(h.to_be_bytes());
    b.extend([8, 6, 0, 0, 0]);
    b
}

#[test]
fn static_files_images_and_the_printed_issue_are_published() {
    let a = small_archive();
    a.write("static/CNAME", "ban-tin.example.org\n");
    a.write("static/.nojekyll", "");
    a.write("static/tai-lieu/huong-dan.pdf", "%PDF-1.4 giả");
    std::fs::write(a.path().join("content/so-1/hoa-dao.png"), png(640, 480)).unwrap();
    a.write("content/so-1/so-1.pdf", "%PDF-1.4 bản in");
    a.write(
        "content/so-1/03-anh.md",
        "---\ntitle: Ảnh\ndate: 2022-03-02T08:00:00+07:00\nsection: Tin tức\nweight: 3\n---\n\n![Hoa đào nở <b>sớm</b>](hoa-dao.png)\n\nXem [bản in](so-1.pdf) và ![biểu tượng](hoa-dao.png \"nhỏ\") trong dòng.\n",
    );
    let index = a
        .read("content/so-1/_index.md")
        .replace("source:", "pdf: so-1.pdf\nsource:");
    a.write("content/so-1/_index.md", &index);
    a.ok(&["build", "--base-url", "https://example.org/ban-tin/"]);

    assert_eq!(a.read("public/CNAME"), "ban-tin.example.org\n");
    assert!(a.exists("public/.nojekyll"));
    assert!(a.exists("public/tai-lieu/huong-dan.pdf"));
    assert_eq!(
        std::fs::read(a.path().join("public/so-1/hoa-dao.png")).unwrap(),
        png(640, 480)
    );
    assert!(a.exists("public/so-1/so-1.pdf"));

    let page = a.read("public/so-1/anh/index.html");
    assert!(
        page.contains("<figure><img src=\"../hoa-dao.png\" alt=\"Hoa đào nở &lt;b&gt;sớm&lt;/b&gt;\" loading=\"lazy\" decoding=\"async\" width=\"640\" height=\"480\"><figcaption>Hoa đào nở &lt;b&gt;sớm&lt;/b&gt;</figcaption></figure>"),
        "{page}"
    );
    assert!(
        page.contains("href=\"../so-1.pdf\""),
        "links to files next to the article"
    );
    assert!(page.contains("title=\"nhỏ\">"), "inline image stays inline");
    let issue = a.read("public/so-1/index.html");
    assert!(
        issue.contains("<a href=\"so-1.pdf\" type=\"application/pdf\">"),
        "{issue}"
    );
    let out = a.ok(&["check"]);
    assert!(out.contains(": 0 problems"), "{out}");

    // check notices a missing image, and the stale copy is gone from the output.
    std::fs::remove_file(a.path().join("content/so-1/hoa-dao.png")).unwrap();
    a.ok(&["build"]);
    assert!(!a.exists("public/so-1/hoa-dao.png"));
    let err = a.fails(&["check"]);
    assert!(err.contains("image `../hoa-dao.png` is missing"), "{err}");

    // A static file in the way of a generated page is an error naming both.
    a.write("static/index.html", "<p>tự làm</p>");
    let err = a.fails(&["build"]);
    assert!(
        err.contains("static/index.html") && err.contains("index.html"),
        "{err}"
    );
}

#[test]
fn two_builds_at_once_leave_one_whole_site() {
    let a = small_archive();
    a.ok(&["build"]);
    let want = common::files_under(&a.path().join("public"));
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_bantin"))
            .arg("--root")
            .arg(a.path())
            .args(["--quiet", "build"])
            .spawn()
            .unwrap()
    };
    std::fs::remove_dir_all(a.path().join("public")).unwrap();
    let (mut x, mut y) = (spawn(), spawn());
    assert!(x.wait().unwrap().success() && y.wait().unwrap().success());
    assert!(common::files_under(&a.path().join("public")) == want);
    assert!(!a.exists(".public.bantin-new"));
}
