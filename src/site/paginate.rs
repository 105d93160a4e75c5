//! Splitting a list into pages with stable URLs: `/x/`, `/x/trang/2/`, …

/// One page of a paginated list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pager<'a, T> {
    /// 1-based page number.
    pub number: usize,
    /// How many pages the list has.
    pub total: usize,
    /// This page's items.
    pub items: &'a [T],
    /// Site path of this page.
    pub url: String,
    /// Site path of the list's first page (the base of every page's URL).
    pub base: String,
    /// Site path of the previous page.
    pub prev: Option<String>,
    /// Site path of the next page.
    pub next: Option<String>,
}

/// Site path of page `n` of a list whose first page is `base` (ending in `/`).
pub fn page_url(base: &str, n: usize) -> String {
    super::urls::page(base, n)
}

/// Split `items` into pages of `size` (at least one page, even when empty).
pub fn paginate<'a, T>(items: &'a [T], size: usize, base: &str) -> Vec<Pager<'a, T>> {
    let total = items.len().div_ceil(size.max(1)).max(1);
    (1..=total).map(|n| page(items, size, base, n)).collect()
}

/// Page `n` (1-based, clamped to the last page) of `items` split into pages of `size`.
///
/// Rendering asks for one page at a time; building only that page keeps long lists linear.
pub fn page<'a, T>(items: &'a [T], size: usize, base: &str, n: usize) -> Pager<'a, T> {
    let size = size.max(1);
    let total = items.len().div_ceil(size).max(1);
    let n = n.clamp(1, total);
    let start = ((n - 1) * size).min(items.len());
    let end = (n * size).min(items.len());
    Pager {
        number: n,
        total,
        items: &items[start..end],
        url: page_url(base, n),
        base: base.to_string(),
        prev: (n > 1).then(|| page_url(base, n - 1)),
        next: (n < total).then(|| page_url(base, n + 1)),
    }
}

/// How many page numbers a pager shows on each side of the current one.
pub const PAGER_RADIUS: usize = 2;

/// The page numbers a pager lists for page `current` of `total`: the first, the last and
/// `radius` on each side of the current one, with `None` where numbers are skipped
/// (`1 … 4 5 [6] 7 8 … 40`). Short lists show every number.
pub fn page_window(current: usize, total: usize, radius: usize) -> Vec<Option<usize>> {
    let lo = current.saturating_sub(radius).max(1);
    let hi = (current + radius).min(total);
    let mut out = Vec::new();
    if lo > 1 {
        out.push(Some(1));
        // A gap of exactly one number shows that number instead of an ellipsis.
        if lo == 3 {
            out.push(Some(2));
        } else if lo > 3 {
            out.push(None);
        }
    }
    out.extend((lo..=hi).map(Some));
    if hi < total {
        if hi + 2 == total {
            out.push(Some(total - 1));
        } else if hi + 2 < total {
            out.push(None);
        }
        out.push(Some(total));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn window_keeps_first_last_and_neighbours() {
        let w = |c, t| {
            page_window(c, t, 2)
                .iter()
                .map(|n| n.map_or("…".to_string(), |n| n.to_string()))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(w(1, 1), "1");
        assert_eq!(w(1, 5), "1 2 3 4 5");
        assert_eq!(w(6, 40), "1 … 4 5 6 7 8 … 40");
        assert_eq!(w(1, 40), "1 2 3 … 40");
        assert_eq!(w(40, 40), "1 … 38 39 40");
        assert_eq!(w(4, 9), "1 2 3 4 5 6 … 9");
        assert_eq!(w(5, 9), "1 2 3 4 5 6 7 8 9");
    }

    use super::*;

    #[test]
    fn pages_and_links() {
        let items: Vec<u32> = (0..5).collect();
        let p = paginate(&items, 2, "/the/x/");
        assert_eq!(p.len(), 3);
        assert_eq!(p[0].url, "/the/x/");
        assert_eq!(p[1].url, "/the/x/trang/2/");
        assert_eq!(p[2].items, &[4]);
        assert_eq!(p[0].prev, None);
        assert_eq!(p[1].prev.as_deref(), Some("/the/x/"));
        assert_eq!(p[2].next, None);
    }

    #[test]
    fn one_page_equals_the_same_page_of_all() {
        let items: Vec<u32> = (0..45).collect();
        let all = paginate(&items, 10, "/x/");
        for n in 1..=5 {
            assert_eq!(page(&items, 10, "/x/", n), all[n - 1]);
        }
    }

    #[test]
    fn empty_list_has_one_page() {
        let items: Vec<u32> = vec![];
        assert_eq!(paginate(&items, 10, "/").len(), 1);
    }
}
