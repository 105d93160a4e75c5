//! The publication date of a raw text: which dateline it is, which others are only the
//! day the page was copied, and what to say when ingest is unsure or finds none.

use std::path::Path;

use super::classify::{Item, Kind};
use super::date::{self, FoundDate};
use super::segment::Preamble;
use super::unsure::Warnings;
use crate::content::Date;
use crate::diag::Diagnostic;

/// A date found on a line (1-based line number in the seed).
pub(super) type Lined = (usize, FoundDate);

/// A date and whether it was estimated.
#[derive(Debug, Clone, Copy)]
pub(super) struct Dated {
    /// The date.
    pub date: Date,
    /// Not printed as the publication date.
    pub estimated: bool,
}

/// The publication date of the whole source, from the preamble's datelines, else the
/// articles' own (`own`: each article's dateline, with its line). A date chosen among
/// several is warned about with the others; none found leaves `date` empty, warned about
/// with the dates that were seen.
pub(super) fn publication_date(
    items: &[Item],
    pre: &Preamble,
    own: &[Option<(usize, FoundDate)>],
    links: &[(usize, FoundDate)],
    path: &Path,
    warnings: &mut Warnings,
) -> Option<Dated> {
    let (chosen, copies) = decide(items, pre, own);
    let chosen = chosen.or(own.iter().flatten().next().copied());
    if let (Some((at, c)), false) = (chosen, copies.is_empty()) {
        let others: Vec<String> = copies
            .iter()
            .take(3)
            .map(|(no, d)| format!("line {no} ({})", d.day.format("%Y-%m-%d")))
            .collect();
        let d = Diagnostic::new(
            path,
            format!(
                "date chosen among {} candidates: took line {at} ({}) as the publication date, and {} as the day the page was copied",
                copies.len() + 1,
                c.day.format("%Y-%m-%d"),
                others.join(", ")
            ),
        )
        .at_line(at);
        warnings.push_fix(
            d,
            None,
            "if another one is the publication date, remove the other dates from the seed, or set `date:` in {file} and in the articles' files",
        );
    }
    match chosen.and_then(|(_, d)| d.to_date()) {
        Some(date) => Some(Dated {
            date,
            estimated: false,
        }),
        None => estimate_date(items, links, &copies, path, warnings),
    }
}

/// The publication dateline (with its line) and the copy dates (the site's clock, a
/// page header's "today"), from the preamble and the articles' own datelines (`own`).
pub(super) fn decide(
    items: &[Item],
    pre: &Preamble,
    own: &[Option<(usize, FoundDate)>],
) -> (Option<Lined>, Vec<Lined>) {
    let (mut chosen, mut copies) = choose_datelines(items, &pre.dates);
    copies.extend(
        pre.clocks
            .iter()
            .filter_map(|&i| items[i].date.map(|d| (items[i].no, d.found))),
    );
    let first_own = own.iter().flatten().next().copied();
    // A page of one article: a bare day at the top (the site header's "today") later
    // than the article's own dateline with a time is the day the page was copied.
    if let (Some((no, c)), Some((own_no, o)), 1) = (chosen, first_own, own.len()) {
        if c.time.is_none() && o.time.is_some() && c.day > o.day {
            copies.insert(0, (no, c));
            chosen = Some((own_no, o));
        }
    }
    (chosen, copies)
}

/// The publication dateline among the preamble's (with its line), and the others (copy dates). A dateline
/// with a time beats one without (a page header's "today" has none), a first publication
/// beats an update, then the earliest wins (a page is copied after it is published).
fn choose_datelines(items: &[Item], dates: &[usize]) -> (Option<Lined>, Vec<Lined>) {
    let mut all: Vec<(usize, date::DateLine)> = dates
        .iter()
        .filter_map(|&i| items[i].date.map(|d| (items[i].no, d)))
        .collect();
    if all.is_empty() {
        return (None, Vec::new());
    }
    all.sort_by_key(|(no, d)| {
        (
            d.updated,
            d.found.time.is_none(),
            d.found.day,
            d.found.time,
            *no,
        )
    });
    let chosen = (all[0].0, all[0].1.found);
    let others = all[1..].iter().map(|(no, d)| (*no, d.found)).collect();
    (Some(chosen), others)
}

/// No publication date on the page: `date` stays empty (a copy day, a related link's date
/// or a date the text mentions is not the publication date), and the warning lists the
/// candidates that were seen so that an editor can pick one.
fn estimate_date(
    items: &[Item],
    links: &[(usize, FoundDate)],
    copies: &[(usize, FoundDate)],
    path: &Path,
    warnings: &mut Warnings,
) -> Option<Dated> {
    let mut seen: Vec<(usize, FoundDate, &str)> = Vec::new();
    for (no, d) in copies {
        seen.push((*no, *d, "the day the page was copied"));
    }
    for (no, d) in links {
        seen.push((*no, *d, "a related link's date"));
    }
    for i in items.iter().filter(|i| {
        matches!(
            i.kind,
            Kind::Para | Kind::Caption | Kind::Question | Kind::Short
        )
    }) {
        if seen.len() >= 4 {
            break;
        }
        for d in date::find_dates(&i.text) {
            seen.push((i.no, d, "mentioned in the text"));
        }
    }
    let listed: Vec<String> = seen
        .iter()
        .take(4)
        .map(|(no, d, why)| format!("{} on line {no} ({why})", d.day.format("%Y-%m-%d")))
        .collect();
    let message = if listed.is_empty() {
        "no publication date, and no date anywhere on the page; `date` left empty".to_string()
    } else {
        format!(
            "no publication date; `date` left empty (dates seen, none of them the publication date: {})",
            listed.join(", ")
        )
    };
    let hint = if listed.is_empty() {
        "add a dateline such as `15/09/2022 16:27` under the title in the seed, or set `date:` in {file} and in the articles' files"
    } else {
        "if one of them is the publication date, add it as a dateline such as `15/09/2022 16:27` under the title in the seed, or set `date:` in {file} and in the articles' files"
    };
    let mut w = Diagnostic::new(path, message);
    if let Some((no, _, _)) = seen.first() {
        w = w.at_line(*no);
    }
    warnings.push_fix(w, None, hint);
    None
}
