//! What a change touches: which content files changed how, and which pages show them.
//!
//! [`plan`] re-parses only the changed files and compares them with the site in memory.
//! An edit that leaves the site's structure alone (same dates, rubric, tags, order, and
//! no file added or removed) is patched in place by [`apply_in_place`]; anything else
//! re-links the site (see [`super::relink`]). Either way the pages to re-render are the
//! jobs whose fingerprint changed ([`crate::render::deps`]).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::PathMap;
use crate::content::{self, BulletinMeta, INDEX_FILE};
use crate::error::Error;
use crate::render::{Prepared, RenderError, Renderer};
use crate::site::{ArticleId, IssueId, Site};

/// One changed content file, parsed.
#[derive(Debug)]
pub(crate) enum Patch {
    /// An article file was created, edited (`Some`) or deleted (`None`).
    Article {
        /// Its path.
        path: PathBuf,
        /// The issue (bulletin folder) it is in.
        issue: IssueId,
        /// The new article, or `None` when it was deleted.
        new: Option<Box<content::Article>>,
    },
    /// A bulletin's `_index.md` was edited.
    Index {
        /// The issue.
        issue: IssueId,
        /// New front matter.
        meta: BulletinMeta,
        /// New introduction.
        body: String,
    },
}

/// The parsed changes of one rebuild.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    /// Files whose parsed content differs from the site in memory.
    pub patches: Vec<Patch>,
    /// A change the patches cannot express (a folder added or removed, an `_index.md`
    /// deleted, a file outside a bulletin folder): reload all of `content/`.
    pub reload: bool,
}

impl Plan {
    /// Whether applying the patches changes the site's structure (URLs, order, lists).
    pub(crate) fn is_structural(&self, site: &Site, ids: &PathMap<ArticleId>) -> bool {
        self.patches.iter().any(|p| match p {
            Patch::Article {
                path,
                new: Some(new),
                ..
            } => match ids.get(path) {
                Some(&id) => article_is_structural(&site.articles[id].meta, new),
                None => true,
            },
            Patch::Article { new: None, .. } => true,
            Patch::Index { issue, meta, .. } => site.issues[*issue].meta.date != meta.date,
        })
    }
}

/// Whether an edit changes what [`Site::new`] links: dates, rubric, tags, order, slug.
fn article_is_structural(old: &content::ArticleMeta, new: &content::Article) -> bool {
    old.date != new.meta.date
        || old.section != new.meta.section
        || old.tags != new.meta.tags
        || old.weight != new.meta.weight
        || (new.file_slug.is_empty() && old.title != new.meta.title)
}

fn is_markdown(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "md")
}

/// Read and parse the changed files under `content_dir`. Parse errors of every file are
/// returned together; nothing is changed then.
pub(crate) fn plan(
    site: &Site,
    ids: &PathMap<ArticleId>,
    content_dir: &Path,
    paths: &BTreeSet<PathBuf>,
) -> Result<Plan, Error> {
    let mut plan = Plan::default();
    let mut errors = Vec::new();
    for path in paths {
        let Ok(rel) = path.strip_prefix(content_dir) else {
            continue;
        };
        let parts: Vec<&str> = rel.iter().filter_map(|c| c.to_str()).collect();
        let is_dir = path.is_dir();
        let issue = parts.first().and_then(|f| {
            // Matched by folder name: the slug is the folder name folded.
            site.issues.iter().position(|i| {
                i.source_path
                    .parent()
                    .and_then(|d| d.file_name())
                    .is_some_and(|n| n == *f)
            })
        });
        let (issue, name) = match (parts.as_slice(), issue) {
            ([_, name], Some(issue)) if is_markdown(path) && !is_dir => (issue, *name),
            _ => {
                // A folder, a file outside a known bulletin folder, or something deeper.
                if is_dir || is_markdown(path) || issue.is_some() && parts.len() == 1 {
                    plan.reload = true;
                }
                continue;
            }
        };
        let text = match std::fs::read(path) {
            Ok(bytes) => match content::file_text(path, bytes) {
                Ok(t) => Some(t),
                Err(e) => {
                    errors.push(e.into());
                    continue;
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                errors.push(Error::io(path, e));
                continue;
            }
        };
        if name == INDEX_FILE {
            let Some(text) = text else {
                plan.reload = true;
                continue;
            };
            match content::parse_bulletin_index(path, &text) {
                Ok((meta, body)) => {
                    let old = &site.issues[issue];
                    if old.meta != meta || old.body != body {
                        plan.patches.push(Patch::Index { issue, meta, body });
                    }
                }
                Err(e) => errors.push(e.into()),
            }
            continue;
        }
        let new = match text.map(|t| content::parse_article(path, &t)) {
            Some(Ok(a)) => Some(a),
            Some(Err(e)) => {
                errors.push(e.into());
                continue;
            }
            None => None,
        };
        let old = ids.get(path).map(|&id| &site.articles[id]);
        let same = match (old, &new) {
            (Some(o), Some(n)) => o.meta == n.meta && o.body == n.body,
            (None, None) => true,
            _ => false,
        };
        if !same {
            plan.patches.push(Patch::Article {
                path: path.clone(),
                issue,
                new: new.map(Box::new),
            });
        }
    }
    Error::collect(errors)?;
    Ok(plan)
}

/// Apply structure-preserving patches to `site` and `prepared` (the edited articles'
/// HTML, cards and list entries recomputed); return the source files that changed.
/// Which pages show them is not decided here: the rebuild compares every job's
/// fingerprint ([`crate::render::deps`]).
pub(crate) fn apply_in_place(
    renderer: &Renderer,
    site: &mut Site,
    prepared: &mut Prepared,
    ids: &PathMap<ArticleId>,
    plan: Plan,
) -> Result<Vec<PathBuf>, RenderError> {
    let mut edited = Vec::new();
    let mut changed = Vec::new();
    for p in plan.patches {
        match p {
            Patch::Article {
                path,
                new: Some(new),
                ..
            } => {
                let Some(&id) = ids.get(&path) else {
                    continue;
                };
                let folder = &site.issues[site.articles[id].issue].slug;
                if site.articles[id].body != new.body {
                    prepared.html[id] = renderer.body_html(&new.body, folder);
                }
                let a = &mut site.articles[id];
                a.meta = new.meta;
                a.body = new.body;
                edited.push(id);
                changed.push(path);
            }
            Patch::Article { new: None, .. } => {}
            Patch::Index { issue, meta, body } => {
                let i = &mut site.issues[issue];
                if i.body != body {
                    prepared.intros[issue] = renderer.intro_html(&body, &i.slug);
                }
                i.meta = meta;
                i.body = body;
                changed.push(i.source_path.clone());
                // Cards show the issue's title.
                edited.extend(i.articles.iter().copied());
                if let Some(fp) = prepared.issue_fps.get_mut(issue) {
                    *fp = crate::render::deps::issue_source(site, issue);
                }
            }
        }
    }
    for id in edited {
        let card = renderer.card(site, id);
        if card != prepared.cards[id] {
            // Lists show the card rendered once through `card.html`.
            prepared.list_items[id] = renderer.list_item(&card)?;
            prepared.card_fps[id] =
                crate::render::deps::card_fingerprint(&card, &prepared.list_items[id]);
            prepared.cards[id] = card;
            // A new card may show a new title.
            if let Some(r) = prepared.refs.get_mut(id) {
                *r = crate::render::deps::article_ref(&site.articles[id]);
            }
        }
    }
    Ok(changed)
}
