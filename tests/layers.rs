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
