//! The layers stay apart: nothing under `src/ui/` reaches the store around the
//! service layer (`src/app/`), `src/domain/` stays free of browser crates, and
//! nothing in the repository points outside it. Read from the source files, so
//! a merge that brings a store call back into a page fails here.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every line of the `.rs` files under `src/<layer>` (doc comments included:
/// they are where a path would be copied from) that contains one of `needles`.
fn offending(layer: &str, needles: &[&str]) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(&root().join("src").join(layer), &mut files);
    assert!(!files.is_empty(), "no source files under src/{layer}");
    let mut found = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).expect("a readable source file");
        for (n, line) in text.lines().enumerate() {
            if needles.iter().any(|needle| line.contains(needle)) {
                found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn no_ui_file_uses_the_store() {
    let found = offending("ui", &["store::", "crate::store", "doorstep::store"]);
    assert!(
        found.is_empty(),
        "src/ui must go through src/app (a service function), not the store:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_service_layer_does_not_use_the_ui() {
    let found = offending("app", &["crate::ui", "yew::"]);
    assert!(
        found.is_empty(),
        "src/app is below the UI and must not use it:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_domain_uses_no_browser_and_no_other_layer() {
    let found = offending(
        "domain",
        &[
            "web_sys::",
            "js_sys::",
            "yew::",
            "gloo::",
            "crate::store::",
            "crate::app::",
            "crate::ui::",
        ],
    );
    assert!(
        found.is_empty(),
        "src/domain is pure Rust, tested natively:\n{}",
        found.join("\n")
    );
}

#[test]
fn nothing_points_outside_the_repository() {
    let mut files = vec![root().join("README.md")];
    for dir in ["docs", "src", "scripts", "static", "styles", "tests"] {
        collect_text(&root().join(dir), &mut files);
    }
    // Built from parts, so this file holds no such pointer itself.
    let outside = [["..", "shared"].join("/"), ["", "work", "shared"].join("/")];
    let mut found = Vec::new();
    for file in files {
        let Ok(text) = fs::read_to_string(&file) else {
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            if outside.iter().any(|p| line.contains(p.as_str())) {
                found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "someone who clones the repository does not have these:\n{}",
        found.join("\n")
    );
}

fn collect_text(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name == "node_modules" || name == "fixtures" || name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect_text(&path, out);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ["rs", "md", "mjs", "js", "sh", "css", "html", "json"].contains(&e))
            || path.extension().is_none()
        {
            out.push(path);
        }
    }
}

/// The text of each `use_effect…(…)` call in `text`: from the hook's name to
/// its closing parenthesis (parentheses counted; string literals skipped).
fn effect_calls(text: &str) -> Vec<(usize, &str)> {
    let mut calls = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("use_effect") {
        let start = from + at;
        let Some(open) = text[start..].find('(').map(|o| start + o) else {
            break;
        };
        let (mut depth, mut in_str, mut prev, mut end) = (0i32, false, ' ', text.len());
        for (i, c) in text[open..].char_indices() {
            match c {
                '"' if prev != '\\' => in_str = !in_str,
                '(' if !in_str => depth += 1,
                ')' if !in_str => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i + 1;
                        break;
                    }
                }
                _ => {}
            }
            prev = c;
        }
        let line = text[..start].lines().count() + 1;
        calls.push((line, &text[start..end]));
        from = end;
    }
    calls
}

/// Pages and components read what they show through `ui/hooks/load.rs`
/// `use_load` (loading / ready / failed with a retry, reloaded after an
/// import). A `use_effect` that starts async work is how a page used to load
/// on its own — and then showed a store failure as empty and missed imports.
/// The few effects that run async work and are not loads are named here, each
/// with why; an entry that no longer matches fails too, so the list stays true.
#[test]
fn pages_load_through_use_load() {
    const NOT_LOADS: &[(&str, &str)] = &[
        (
            "pages/dashboard.rs",
            "writes the day's point deductions once the figures were read (a write, not a load)",
        ),
        (
            "pages/settings.rs",
            "asks the browser how much storage is used (no record is read)",
        ),
    ];
    let mut files = Vec::new();
    for dir in ["pages", "components"] {
        rust_files(&root().join("src/ui").join(dir), &mut files);
    }
    let mut found = Vec::new();
    let mut allowed_seen = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).expect("a readable source file");
        let name = file
            .strip_prefix(root().join("src/ui"))
            .expect("under src/ui")
            .to_string_lossy()
            .replace('\\', "/");
        for (line, call) in effect_calls(&text) {
            if !call.contains("spawn_local") {
                continue;
            }
            if NOT_LOADS.iter().any(|(f, _)| *f == name) {
                allowed_seen.push(name.clone());
            } else {
                found.push(format!("src/ui/{name}:{line}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "these effects start async work; load through use_load (ui/hooks/load.rs) with a \
         service function in src/app instead, or, if it is not a load, name it in NOT_LOADS \
         with why:\n{}",
        found.join("\n")
    );
    let stale: Vec<&str> = NOT_LOADS
        .iter()
        .map(|(f, _)| *f)
        .filter(|f| !allowed_seen.iter().any(|s| s == f))
        .collect();
    assert!(
        stale.is_empty(),
        "NOT_LOADS names files with no such effect any more; remove them: {stale:?}"
    );
}

#[test]
fn effect_calls_finds_the_whole_call() {
    let text = "let a = 1;\nuse_effect_with(x, move |_| {\n    f(\")\");\n    spawn_local(g());\n});\nuse_effect(|| {});\n";
    let calls = effect_calls(text);
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0].0, 2);
    assert!(calls[0].1.contains("spawn_local"));
    assert!(calls[0].1.ends_with("})"));
    assert!(!calls[1].1.contains("spawn_local"));
}
