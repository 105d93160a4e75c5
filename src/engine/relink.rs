//! Re-linking after a structural change (a date, rubric, tag or order changed, a file
//! added or removed) without paying for a full build.
//!
//! [`take_content`] moves the content out of the old site instead of copying it;
//! [`prepare`] reuses the old Markdown HTML and summary cards of every article whose file
//! and card inputs did not change. Which pages are then re-rendered is decided by the
//! jobs' fingerprints ([`crate::render::deps`]), as for every other change.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;

use super::incremental::Patch;
use crate::content::{self, Content};
use crate::render::{Prepared, RenderError, Renderer};
use crate::site::{ArticleId, Issue, Site, Term};

/// The content of `site` with `patches` applied, moved out of `site`: afterwards its
/// articles and issues keep their URLs, dates and links, but their front matter and
/// Markdown are placeholders. Also returns the source paths the patches changed.
pub(crate) fn take_content(site: &mut Site, patches: Vec<Patch>) -> (Content, HashSet<PathBuf>) {
    let mut changed = HashSet::new();
    let issue_meta = site.issues.first().map(|i| i.meta.clone());
    let mut bulletins: Vec<content::Bulletin> = Vec::with_capacity(site.issues.len());
    for i in 0..site.issues.len() {
        let ids = site.issues[i].articles.clone();
        let mut articles = Vec::with_capacity(ids.len());
        for id in ids {
            let a = &mut site.articles[id];
            // An empty placeholder costs no allocation.
            let meta = std::mem::take(&mut a.meta);
            articles.push(content::Article {
                path: a.source_path.clone(),
                file_slug: super::file_slug(&a.source_path),
                meta,
                body: std::mem::take(&mut a.body),
                body_in_file: a.body_in_file,
            });
        }
        let issue = &mut site.issues[i];
        let meta = match &issue_meta {
            Some(m) => std::mem::replace(&mut issue.meta, m.clone()),
            None => issue.meta.clone(),
        };
        bulletins.push(content::Bulletin {
            slug: issue.slug.clone(),
            path: issue.source_path.clone(),
            meta,
            body: std::mem::take(&mut issue.body),
            articles,
        });
    }
    // Bulletins are in issue order, so an issue id indexes them.
    let mut touched = BTreeSet::new();
    for p in patches {
        match p {
            Patch::Index { issue, meta, body } => {
                changed.insert(bulletins[issue].path.clone());
                bulletins[issue].meta = meta;
                bulletins[issue].body = body;
            }
            Patch::Article { path, issue, new } => {
                let b = &mut bulletins[issue];
                b.articles.retain(|a| a.path != path);
                b.articles.extend(new.map(|a| *a));
                changed.insert(path);
                touched.insert(issue);
            }
        }
    }
    for issue in touched {
        // The order `content::load` gives.
        bulletins[issue]
            .articles
            .sort_by(|a, b| (a.meta.weight, &a.path).cmp(&(b.meta.weight, &b.path)));
    }
    let content = Content {
        bulletins,
        warnings: Vec::new(),
    };
    (content, changed)
}

/// The source paths of `content` (freshly loaded) whose text differs from `site`'s.
pub(crate) fn changed_files(
    site: &Site,
    ids: &HashMap<PathBuf, ArticleId>,
    content: &Content,
) -> HashSet<PathBuf> {
    let issues: HashMap<&PathBuf, &Issue> =
        site.issues.iter().map(|i| (&i.source_path, i)).collect();
    let mut changed = HashSet::new();
    for b in &content.bulletins {
        if !issues
            .get(&b.path)
            .is_some_and(|i| i.meta == b.meta && i.body == b.body)
        {
            changed.insert(b.path.clone());
        }
        for a in &b.articles {
            let same = ids.get(&a.path).is_some_and(|&o| {
                site.articles[o].meta == a.meta && site.articles[o].body == a.body
            });
            if !same {
                changed.insert(a.path.clone());
            }
        }
    }
    changed
}

/// What a card shows of a rubric or tag is unchanged (its size is not shown).
fn same_term(a: &Term, b: &Term) -> bool {
    a.name == b.name && a.slug == b.slug && a.url == b.url
}

/// [`Renderer::prepare`] for `new`, moving HTML and cards out of `old_p` wherever the
/// article's file and everything its card shows (URL, date, issue, rubric, tags) are
/// unchanged. `old` is the site `old_p` was prepared for (content may be taken out).
/// With `new_config` (the site's configuration changed: links, words), every card is
/// made again; the HTML of unchanged files is still reused (it reads no configuration).
pub(crate) fn prepare(
    renderer: &Renderer,
    old: &Site,
    old_p: &mut Prepared,
    old_ids: &HashMap<PathBuf, ArticleId>,
    new: &Site,
    changed: &HashSet<PathBuf>,
    new_config: bool,
) -> Result<Prepared, RenderError> {
    let old_of: Vec<Option<ArticleId>> = new
        .articles
        .iter()
        .map(|a| old_ids.get(&a.source_path).copied())
        .collect();
    let file_same: Vec<bool> = new
        .articles
        .iter()
        .zip(&old_of)
        .map(|(a, o)| o.is_some() && !changed.contains(&a.source_path))
        .collect();
    // The inputs of `pages::card`: the article's front matter (file), URL, date, its
    // issue's title and URL, its rubric and tags as term references.
    let card_same: Vec<bool> = (0..new.articles.len())
        .map(|n| {
            let (Some(o), true, false) = (old_of[n], file_same[n], new_config) else {
                return false;
            };
            let (a, b) = (&new.articles[n], &old.articles[o]);
            let (ai, bi) = (&new.issues[a.issue], &old.issues[b.issue]);
            let rubric = match (a.rubric, b.rubric) {
                (None, None) => true,
                (Some(r), Some(q)) => same_term(&new.rubrics[r], &old.rubrics[q]),
                _ => false,
            };
            a.url == b.url
                && a.date == b.date
                && ai.url == bi.url
                && !changed.contains(&ai.source_path)
                && rubric
                && a.tags.len() == b.tags.len()
                && a.tags
                    .iter()
                    .zip(&b.tags)
                    .all(|(&t, &u)| same_term(&new.tags[t], &old.tags[u]))
        })
        .collect();
    let count = new.articles.len();
    let mut html = vec![String::new(); count];
    let mut cards = vec![crate::render::Card::default(); count];
    let mut list_items = vec![crate::render::ListEntry::default(); count];
    let mut card_fps = vec![0; count];
    for n in 0..count {
        if let (Some(o), true) = (old_of[n], file_same[n]) {
            html[n] = std::mem::take(&mut old_p.html[o]);
            if card_same[n] {
                cards[n] = std::mem::take(&mut old_p.cards[o]);
                list_items[n] = std::mem::take(&mut old_p.list_items[o]);
                card_fps[n] = old_p.card_fps[o];
            }
        }
    }
    type Fresh = (
        usize,
        Option<String>,
        crate::render::Card,
        crate::render::ListEntry,
    );
    let fresh: Vec<Fresh> = (0..count)
        .into_par_iter()
        .filter(|&n| !card_same[n])
        .map(|n| {
            let a = &new.articles[n];
            let h = (!file_same[n]).then(|| renderer.body_html(&a.body, &new.issues[a.issue].slug));
            let card = renderer.card(new, n);
            let item = renderer.list_item(&card)?;
            Ok((n, h, card, item))
        })
        .collect::<Result<_, RenderError>>()?;
    for (n, h, card, item) in fresh {
        if let Some(h) = h {
            html[n] = h;
        }
        card_fps[n] = crate::render::deps::card_fingerprint(&card, &item);
        cards[n] = card;
        list_items[n] = item;
    }
    let old_issues: HashMap<&PathBuf, usize> = old
        .issues
        .iter()
        .enumerate()
        .map(|(i, x)| (&x.source_path, i))
        .collect();
    let intros = new
        .issues
        .iter()
        .map(|i| match old_issues.get(&i.source_path) {
            Some(&o) if !changed.contains(&i.source_path) && !new_config => {
                std::mem::take(&mut old_p.intros[o])
            }
            _ => renderer.intro_html(&i.body, &i.slug),
        })
        .collect();
    let prepared = Prepared {
        html,
        intros,
        cards,
        list_items,
        card_fps,
        feed_html: Default::default(),
        common: renderer.common(new),
        highlighter: old_p.highlighter.clone(),
        assets: old_p.assets.clone(),
    };
    Ok(prepared)
}
