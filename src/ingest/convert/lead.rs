//! The lead of a page: the header block (header, datelines, series, publisher, a category
//! beside the dateline) and the chrome a copy keeps above the first title (banners, menus,
//! slogans, the site's name and clock), with the title chosen among them.

use super::byline::looks_like_name;
use super::classify::{is_title_shaped, Item, Kind};
use super::date::find_dates;
use super::header::{
    is_agency_line, is_series_line, is_site_name, labelled_publisher, parse_header, Header,
};
use super::segment::{content_follows, strip_dash, Preamble};
use super::text::{fold_key, words};

/// The header block at the top: the preamble, and the index of the first item after it.
pub(super) fn preamble(items: &[Item]) -> (Preamble, usize) {
    let mut p = Preamble::default();
    let mut i = 0;
    let mut series_line: Option<String> = None;
    while i < items.len() && i < 12 {
        let it = &items[i];
        let next = items.get(i + 1);
        match it.kind {
            Kind::Header if p.header.is_none() => {
                let mut h = parse_header(&it.text).unwrap_or(Header {
                    title: it.text.clone(),
                    series: None,
                    issue: None,
                    year: None,
                });
                if h.series.is_none() {
                    if let Some(s) = series_line.take() {
                        h.title = format!("{s} {}", h.title.to_lowercase());
                        h.series = Some(s);
                    }
                }
                p.header = Some(h);
                p.header_no = Some(it.no);
            }
            Kind::Date => p.dates.push(i),
            Kind::TocMarker => break,
            _ if is_series_line(&it.text) && next.is_some_and(|n| n.kind == Kind::Header) => {
                series_line = Some(it.text.clone());
                p.meta.push(i);
            }
            _ if p.publisher.is_none() && labelled_publisher(&it.text).is_some() => {
                p.publisher = labelled_publisher(&it.text);
                p.meta.push(i);
            }
            _ if p.publisher.is_none()
                && is_agency_line(&it.text)
                && next.is_some_and(|n| {
                    matches!(n.kind, Kind::Header | Kind::Date | Kind::Caps)
                        || is_series_line(&n.text)
                }) =>
            {
                p.publisher = Some(it.text.clone());
                p.meta.push(i);
            }
            Kind::Short | Kind::Caps
                if p.category.is_none()
                    && it.words <= 3
                    && !it.text.chars().any(|c| c.is_ascii_digit())
                    && (next.is_some_and(|n| n.kind == Kind::Date)
                        || (i > 0 && items[i - 1].kind == Kind::Date))
                    // Not the site's banner over its clock and the page's dateline.
                    && !(next.is_some_and(|n| n.kind == Kind::Date)
                        && items.get(i + 2).is_some_and(|n| n.kind == Kind::Date)) =>
            {
                p.category = Some(it.text.clone());
            }
            _ => break,
        }
        i += 1;
    }
    (p, i)
}

/// Before a page's title there is often page chrome the copy kept: banners, menu items,
/// slogans, the site's clock, the category. In the lead (the items before the first
/// running text), the title is the last title-shaped line of three words or more that
/// content follows; the label right above it (skipping datelines) is the category, other
/// labels are chrome, a dateline right above or below the title is the page's own, and a
/// dateline further up, with two or more labels between it and the title, is the site's
/// clock (the day the page was copied).
pub(super) fn skip_labels(items: &[Item], start: usize, pre: &mut Preamble) -> usize {
    let end = items[start..]
        .iter()
        .position(|i| i.kind == Kind::Para)
        .map_or(items.len(), |p| start + p);
    // A long lead is a menu; it must hold short lines only (checked below).
    if end - start > 30 {
        return start;
    }
    let Some(title) = (start..end).rev().find(|&k| {
        matches!(items[k].kind, Kind::Short | Kind::Caps)
            && (3..=LEAD_TITLE_WORDS).contains(&items[k].words)
            && lead_follows(items, k, end)
            && !looks_like_name(&items[k].text)
    }) else {
        return start;
    };
    // Labels, datelines, or the title itself printed once more (page title + heading).
    let title_key = fold_key(&items[title].text);
    let labels = (start..title).all(|j| {
        (matches!(
            items[j].kind,
            Kind::Short | Kind::Caps | Kind::Date | Kind::Bullet | Kind::Caption
        ) && items[j].words <= 14)
            // A menu copied as one line: many words, no sentence.
            || (items[j].kind == Kind::Short && !items[j].text.contains(", "))
            || fold_key(&items[j].text) == title_key
    });
    if !labels {
        return start;
    }
    let category = (start..title)
        .rev()
        .find(|&j| items[j].kind != Kind::Date)
        .filter(|&j| {
            let it = &items[j];
            matches!(it.kind, Kind::Short | Kind::Caps | Kind::Bullet)
                && words(strip_dash(&it.text)) <= 6
                && fold_key(&it.text) != title_key
                && !it.text.chars().any(|c| c.is_ascii_digit())
                // Above two datelines (the site's clock and the page's own) is the
                // site's banner, not the article's category.
                && (j + 1..title).filter(|&k| items[k].kind == Kind::Date).count() < 2
                && !last_menu_item(items, start, j)
        });
    for (j, item) in items.iter().enumerate().take(title).skip(start) {
        if item.kind == Kind::Date {
            let between = (j + 1..title)
                .filter(|&k| items[k].kind != Kind::Date)
                .count();
            if between >= 2 {
                pre.clocks.push(j);
            } else {
                pre.dates.push(j);
            }
        } else if j + 2 == title
            && items[j + 1].kind == Kind::Date
            && item.kind == Kind::Short
            && item.words >= 3
            && Some(j) != category
            && find_dates(&item.text).is_empty()
            // The site's name over the dateline (`Cổng thông tin điện tử tỉnh …`) is chrome.
            && !is_site_name(&item.text)
        {
            // The page's own title over its dateline, above the item's headline (a
            // press review: `Điểm báo ngày 22/9`, then the first item).
            pre.page_title = Some(item.text.clone());
            pre.chrome.push(j);
        } else if Some(j) == category && pre.category.is_none() {
            // The last step of a breadcrumb printed as a list (`• Khoa học`).
            pre.category = Some(strip_dash(&item.text).to_string());
        } else if fold_key(&item.text) != title_key {
            pre.chrome.push(j);
        }
    }
    // A site clock at the very top was taken by the preamble as a dateline.
    let clocks: Vec<usize> = pre
        .dates
        .iter()
        .copied()
        .filter(|&d| {
            d < start
                && (d + 1..title)
                    .filter(|&k| items[k].kind != Kind::Date)
                    .count()
                    >= 2
        })
        .collect();
    pre.dates.retain(|d| !clocks.contains(d));
    pre.clocks.extend(clocks);
    pre.lead_title = Some(title);
    pre.title_rivals = (start..title)
        .filter(|&j| {
            let it = &items[j];
            matches!(it.kind, Kind::Short | Kind::Caps)
                && (LEAD_RIVAL_WORDS..=LEAD_TITLE_WORDS).contains(&it.words)
                && Some(j) != category
                && pre.page_title.as_deref() != Some(it.text.as_str())
                && fold_key(&it.text) != title_key
                && !looks_like_name(&it.text)
                && is_title_shaped(&it.text)
                && find_dates(&it.text).is_empty()
                // A website's name is known chrome, no rival.
                && !is_site_name(&it.text)
        })
        .collect();
    // A rival printed twice (a banner at the top and the bottom) is one rival.
    let mut seen = std::collections::HashSet::new();
    pre.title_rivals
        .retain(|&j| seen.insert(fold_key(&items[j].text)));
    title
}

/// Whether the label at `j` ends a menu printed one item per line (two or more short
/// labels right above it) without repeating one of them: the menu's last item, not the
/// page's category (a category printed under the menu repeats its menu item).
fn last_menu_item(items: &[Item], start: usize, j: usize) -> bool {
    let label = |k: usize| {
        matches!(items[k].kind, Kind::Short | Kind::Caps | Kind::Bullet)
            && items[k].words <= 3
            && !items[k].text.chars().any(|c| c.is_ascii_digit())
    };
    let above: Vec<usize> = (start..j).rev().take_while(|&k| label(k)).collect();
    let key = fold_key(strip_dash(&items[j].text));
    above.len() >= 2
        && label(j)
        && !above
            .iter()
            .any(|&k| fold_key(strip_dash(&items[k].text)) == key)
}

/// Fewest words of a lead line that could have been the title instead of the one chosen
/// (shorter labels are menu items and site names, not rival headlines).
const LEAD_RIVAL_WORDS: usize = 5;

/// Whether, after the lead line `k`, only a dateline, a byline, a caption or chrome-sized
/// labels come before running text at `end` (or running text follows directly).
fn lead_follows(items: &[Item], k: usize, end: usize) -> bool {
    let sapo = |j: usize| {
        items
            .get(j)
            .is_some_and(|n| n.kind == Kind::Short && n.words > LEAD_TITLE_WORDS)
    };
    if !content_follows(items, k) && end != k + 1 && !sapo(k + 1) {
        return false;
    }
    (k + 1..end).all(|j| {
        matches!(
            items[j].kind,
            Kind::Date | Kind::Byline | Kind::Caption | Kind::Credit
        ) || looks_like_name(&items[j].text)
            // A lead paragraph that lost its full stop.
            || (items[j].kind == Kind::Short && items[j].words > LEAD_TITLE_WORDS)
    }) && end < items.len()
}

/// Longest page title (in words) in a lead: longer lines there are a sapo without its stop.
pub(super) const LEAD_TITLE_WORDS: usize = 25;
