//! Re-linking after a structural change (a date, rubric, tag or order changed, a file
//! added or removed) without paying for a full build.
//!
//! [`relink_site`] links again only the bulletins an edit touched and moves the others
//! over as they were linked; [`prepare`] reuses the old Markdown HTML and summary cards of every article whose file
//! and card inputs did not change. Which pages are then re-rendered is decided by the
//! jobs' fingerprints ([`crate::render::deps`]), as for every other change.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use rayon::prelude::*;

use super::incremental::Patch;
use super::{PathMap, PathSet};
use crate::config::Config;
use crate::content::Content;
use crate::render::deps::{self, Fingerprint, Fp};
use crate::render::{Prepared, RenderError, Renderer};
use crate::site::{assemble, link_bulletin, ArticleId, Issue, IssueId, Site, Term};

/// `site` linked again with `config` after `patches`: the bulletins they touch are
/// linked again from their content, the others keep what was linked of them (moved, not
/// computed again, their terms included), and the site is assembled from both
/// ([`crate::site::assemble`]). Also returns the source paths the patches changed and,
/// by new id, each article's id in `site` (`None`: new), found by path in `ids` only for
/// the articles of the bulletins linked again.
pub(crate) fn relink_site(
    site: Site,
    config: Config,
    patches: Vec<Patch>,
    ids: &PathMap<ArticleId>,
) -> (Site, PathSet, Vec<Option<ArticleId>>) {
    let mut changed = PathSet::default();
    let mut by_issue: BTreeMap<IssueId, Vec<Patch>> = BTreeMap::new();
    for p in patches {
        let issue = match &p {
            Patch::Index { issue, .. } | Patch::Article { issue, .. } => *issue,
        };
        by_issue.entry(issue).or_default().push(p);
    }
    // Rubric ids stand for the names `site.yaml` gives; tag ids for the names as written.
    let rubrics_kept = site.config.rubrics == config.rubrics;
    let (linked, previous) = site.into_linked(rubrics_kept);
    let linked = linked
        .into_iter()
        .enumerate()
        .map(|(i, l)| match by_issue.remove(&i) {
            None => l,
            Some(patches) => {
                let mut b = l.into_bulletin();
                for p in patches {
                    match p {
                        Patch::Index { meta, body, .. } => {
                            changed.insert(b.path.clone());
                            b.meta = meta;
                            b.body = body;
                        }
                        Patch::Article { path, new, .. } => {
                            b.articles.retain(|a| a.path != path);
                            b.articles.extend(new.map(|a| *a));
                            changed.insert(path);
                        }
                    }
                }
                // The order `content::load` gives.
                b.articles
                    .sort_by(|a, b| (a.meta.weight, &a.path).cmp(&(b.meta.weight, &b.path)));
                link_bulletin(b)
            }
        })
        .collect();
    // Loading's warnings are not kept: they were shown when the files were loaded.
    let (site, mut was) = assemble(config, linked, Vec::new(), &previous);
    for (w, a) in was.iter_mut().zip(&site.articles) {
        if w.is_none() {
            *w = ids.get(&a.source_path).copied();
        }
    }
    (site, changed, was)
}

/// The source paths of `content` (freshly loaded) whose text differs from `site`'s.
pub(crate) fn changed_files(site: &Site, ids: &PathMap<ArticleId>, content: &Content) -> PathSet {
    let issues: HashMap<&PathBuf, &Issue> =
        site.issues.iter().map(|i| (&i.source_path, i)).collect();
    let mut changed = PathSet::default();
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

/// What [`prepare`] needs of the site before a re-link, which takes that site apart:
/// per article, what its card shows besides its file ([`card_links`]), and where each
/// issue was.
pub(crate) struct Before {
    cards: Vec<Fingerprint>,
    issues: PathMap<IssueId>,
}

impl Before {
    /// What `site` shows, before it is re-linked; `known` is [`card_links`] of it when
    /// the last [`prepare`] returned them (empty otherwise).
    pub(crate) fn of(site: &Site, known: Vec<Fingerprint>) -> Before {
        let cards = if known.len() == site.articles.len() {
            known
        } else {
            card_links(site)
        };
        Before {
            cards,
            issues: issue_index(site),
        }
    }
}

fn issue_index(site: &Site) -> PathMap<IssueId> {
    site.issues
        .iter()
        .enumerate()
        .map(|(i, x)| (x.source_path.clone(), i))
        .collect()
}

/// Per article, the inputs of `pages::card` that are linked rather than read from its
/// file, hashed: the configuration it reads (the language of dates, the path links start
/// with), its URL and date, its issue's URL and file, and the name and link of its
/// rubric and tags (a term's size is not shown).
fn card_links(site: &Site) -> Vec<Fingerprint> {
    // Each term and issue hashed once, not once per article that shows it (hashing their
    // strings for every article was the largest part of a re-link at 10k articles).
    let term = |t: &Term| Fp::new().str(&t.name).str(&t.slug).str(&t.url).finish();
    let rubrics: Vec<Fingerprint> = site.rubrics.iter().map(term).collect();
    let tags: Vec<Fingerprint> = site.tags.iter().map(term).collect();
    let issues: Vec<Fingerprint> = site
        .issues
        .iter()
        .map(|i| Fp::new().str(&i.url).finish())
        .collect();
    let config = Fp::new()
        .str(&site.config.language)
        .str(site.config.base_path())
        .finish();
    site.articles
        .par_iter()
        .map(|a| {
            let mut f = Fp::new();
            // The issue's file is compared apart (`changed`).
            f.num(config)
                .str(&a.url)
                .hashed(&a.date)
                .num(issues[a.issue]);
            f.num(a.rubric.map_or(0, |r| rubrics[r]));
            f.num(a.tags.len() as u128);
            for &t in &a.tags {
                f.num(tags[t]);
            }
            f.finish()
        })
        .collect()
}

/// A card made again: its article, its HTML when its file changed, the card, and its
/// list entry unless the old one is kept.
type Fresh = (
    usize,
    Option<String>,
    crate::render::Card,
    Option<crate::render::ListEntry>,
);

/// [`Renderer::prepare`] for `new`, moving HTML and cards out of `old_p` wherever the
/// article's file and everything its card shows (URL, date, issue, rubric, tags) are
/// unchanged. `old` is what the site `old_p` was prepared for showed ([`Before`]);
/// `old_of[n]` is the id article `n` of `new` had there (`None`: new) and `file_same[n]`
/// whether its file is unchanged; `changed` holds the changed files.
///
/// After a new configuration, the cards whose inputs changed (its language or base
/// path) are made again; the HTML of unchanged files is reused (it reads no
/// configuration), and so is the list entry of a card that comes out the same, unless
/// `card.html` (or a template it uses) changed: `item_template_same` says it did not.
/// Also returns what `new`'s cards show besides the files, for the next re-link
/// ([`Before::of`]).
pub(crate) fn prepare(
    renderer: &Renderer,
    old: &Before,
    old_p: &mut Prepared,
    (old_of, file_same): (&[Option<ArticleId>], &[bool]),
    new: &Site,
    changed: &PathSet,
    item_template_same: bool,
) -> Result<(Prepared, Vec<Fingerprint>), RenderError> {
    // Per issue, whether its `_index.md` changed (its title is on its articles' cards).
    let issue_changed: Vec<bool> = new
        .issues
        .iter()
        .map(|i| changed.contains(&i.source_path))
        .collect();
    let new_links = card_links(new);
    let card_same: Vec<bool> = (0..new.articles.len())
        .map(|n| {
            let (Some(o), true, true) = (old_of[n], file_same[n], item_template_same) else {
                return false;
            };
            new_links[n] == old.cards[o] && !issue_changed[new.articles[n].issue]
        })
        .collect();
    let count = new.articles.len();
    let mut html = vec![String::new(); count];
    let mut cards = vec![crate::render::Card::default(); count];
    let mut list_items = vec![crate::render::ListEntry::default(); count];
    let mut card_fps = vec![0; count];
    let mut refs = vec![None; count];
    for n in 0..count {
        if let (Some(o), true) = (old_of[n], file_same[n]) {
            html[n] = std::mem::take(&mut old_p.html[o]);
            if card_same[n] {
                cards[n] = std::mem::take(&mut old_p.cards[o]);
                list_items[n] = std::mem::take(&mut old_p.list_items[o]);
                card_fps[n] = old_p.card_fps[o];
                // The same card: the same title and URL.
                refs[n] = old_p.refs.get(o).copied();
            }
        }
    }
    let refs = refs
        .into_iter()
        .zip(&new.articles)
        .map(|(r, a)| r.unwrap_or_else(|| deps::article_ref(a)))
        .collect();
    // A list entry is `card.html` rendered with the card alone: a card made again that
    // equals the old one keeps its entry (after a new `site.yaml`, most do).
    let old_cards = &old_p.cards;
    let fresh: Vec<Fresh> = (0..count)
        .into_par_iter()
        .filter(|&n| !card_same[n])
        .map(|n| {
            let a = &new.articles[n];
            let h = (!file_same[n]).then(|| renderer.body_html(&a.body, &new.issues[a.issue].slug));
            let card = renderer.card(new, n);
            let same = item_template_same && old_of[n].is_some_and(|o| old_cards[o] == card);
            let item = if same {
                None
            } else {
                Some(renderer.list_item(&card)?)
            };
            Ok((n, h, card, item))
        })
        .collect::<Result<_, RenderError>>()?;
    for (n, h, card, item) in fresh {
        if let Some(h) = h {
            html[n] = h;
        }
        let item = match (item, old_of[n]) {
            (Some(item), _) => item,
            (None, Some(o)) => std::mem::take(&mut old_p.list_items[o]),
            // Only a card that was there before keeps its entry.
            (None, None) => Default::default(),
        };
        card_fps[n] = deps::card_fingerprint(&card, &item);
        cards[n] = card;
        list_items[n] = item;
    }
    // Like an article's HTML, an introduction reads no configuration.
    let (intros, issue_fps) = new
        .issues
        .iter()
        .enumerate()
        .zip(&issue_changed)
        .map(|((n, i), &edited)| match old.issues.get(&i.source_path) {
            Some(&o) if !edited && o < old_p.issue_fps.len() => {
                (std::mem::take(&mut old_p.intros[o]), old_p.issue_fps[o])
            }
            _ => (
                renderer.intro_html(&i.body, &i.slug),
                deps::issue_source(new, n),
            ),
        })
        .unzip();
    let prepared = Prepared {
        html,
        intros,
        cards,
        list_items,
        card_fps,
        refs,
        issue_fps,
        feed_html: Default::default(),
        common: renderer.common(new),
        highlighter: old_p.highlighter.clone(),
        assets: old_p.assets.clone(),
    };
    Ok((prepared, new_links))
}
