//! The legal-knowledge library (法务知识): finding articles by any Chinese or
//! English substring of their title, text or tags, newest first.

use crate::domain::kinds::LegalArticle;

/// The articles matching `query`: every word of it (split on spaces, full-width
/// ones included) must occur in the title, body or tags, ignoring case. Chinese
/// needs no word splitting: "漏水" finds "卫生间漏水谁来修". A blank query matches
/// all. Featured articles first, then newest first, then by title.
pub fn search<'a>(
    articles: &'a [(String, LegalArticle)],
    query: &str,
) -> Vec<&'a (String, LegalArticle)> {
    let words: Vec<String> = query
        .split(|c: char| c.is_whitespace() || c == '\u{3000}')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut found: Vec<&(String, LegalArticle)> = articles
        .iter()
        .filter(|(_, article)| {
            if words.is_empty() {
                return true;
            }
            let haystack = format!(
                "{}\n{}\n{}",
                article.title,
                article.body,
                article.tags.join("\n")
            )
            .to_lowercase();
            words.iter().all(|w| haystack.contains(w.as_str()))
        })
        .collect();
    found.sort_by(|(_, a), (_, b)| {
        b.featured
            .cmp(&a.featured)
            .then_with(|| b.on.cmp(&a.on))
            .then_with(|| a.title.cmp(&b.title))
    });
    found
}
