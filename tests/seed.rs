//! The sample wire story in `../shared/eval/seed`: every quote gets the speaker and role its
//! `expected.json` lists, `check` is clean, and deleting the attribution of any one quote makes
//! `unattributed-quote` report exactly that quote. The story is read from the shared folder at
//! test time (it is not ours to copy into the repo).

use std::path::PathBuf;

use copydesk::checks::{CheckConfig, run_all};
use copydesk::engine::{Analysis, analyze};
use serde_json::Value;

fn seed_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/seed")
}

fn load() -> (String, Value) {
    let dir = seed_dir();
    let text = std::fs::read_to_string(dir.join("kerry-lieberman.txt"))
        .unwrap_or_else(|e| panic!("the seed story must be at {}: {e}", dir.display()));
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    (text, expected)
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// True when `got` holds every word of one of the accepted strings.
fn accepts(got: &str, accepted: &Value) -> bool {
    let got = words(got);
    accepted
        .as_array()
        .unwrap()
        .iter()
        .any(|a| words(a.as_str().unwrap()).iter().all(|w| got.contains(w)))
}

fn unattributed(text: &str, a: &Analysis) -> Vec<String> {
    run_all(text, a, &CheckConfig::default())
        .into_iter()
        .filter(|f| f.code == "unattributed-quote")
        .map(|f| f.span.slice(text).to_string())
        .collect()
}

/// The quote of the analysis that starts with `starts`.
fn quote<'a>(a: &'a Analysis, text: &str, starts: &str) -> &'a copydesk::engine::Quote {
    a.quotes
        .iter()
        .find(|q| q.span.slice(text).starts_with(starts))
        .unwrap_or_else(|| panic!("no quote starts with {starts:?}"))
}

#[test]
fn every_seed_quote_gets_the_expected_speaker_and_role() {
    let (text, expected) = load();
    let a = analyze(&text);
    for want in expected["quotes"].as_array().unwrap() {
        let starts = want["starts_with"].as_str().unwrap();
        let q = quote(&a, &text, starts);
        let entity = q
            .speaker()
            .map(|e| &a.entities[e])
            .unwrap_or_else(|| panic!("{starts:?} has no speaker"));
        assert!(
            accepts(&entity.name, &want["speaker"]),
            "{starts:?}: speaker {:?}, want one of {}",
            entity.name,
            want["speaker"]
        );
        let role = entity.role.as_deref().unwrap_or("");
        assert!(
            accepts(role, &want["role"]),
            "{starts:?}: role {role:?}, want one of {}",
            want["role"]
        );
    }
}

#[test]
fn seed_story_has_no_unattributed_quote() {
    let (text, expected) = load();
    let a = analyze(&text);
    let found = unattributed(&text, &a);
    assert_eq!(
        found.len() as u64,
        expected["unattributed"].as_u64().unwrap(),
        "{found:?}"
    );
}

#[test]
fn deleting_one_attribution_reports_exactly_that_quote() {
    let (text, expected) = load();
    let a = analyze(&text);
    for want in expected["quotes"].as_array().unwrap() {
        let starts = want["starts_with"].as_str().unwrap();
        let q = quote(&a, &text, starts);
        // Every seed quote is attributed after its closing mark: drop the rest of the line.
        let line_end = text[q.span.end..]
            .find('\n')
            .map_or(text.len(), |i| q.span.end + i);
        let edited = format!("{}{}", &text[..q.span.end], &text[line_end..]);
        let found = unattributed(&edited, &analyze(&edited));
        assert_eq!(
            found.len(),
            1,
            "after deleting the attribution of {starts:?}: {found:?}"
        );
        assert!(
            found[0].starts_with(starts),
            "reported {:?} instead of {starts:?}",
            found[0]
        );
    }
}

#[test]
fn seed_story_survives_an_emoji_at_the_start() {
    let (text, _) = load();
    let text = format!("🗞️ {text}");
    let a = analyze(&text);
    assert!(unattributed(&text, &a).is_empty());
    let q = a
        .quotes
        .iter()
        .find(|q| q.span.slice(&text).starts_with("\"And both parties"))
        .unwrap();
    assert_eq!(a.entities[q.speaker().unwrap()].name, "John Kerry");
}
