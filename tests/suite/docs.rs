//! completions/ and man/ are generated from the clap definition and committed; this test
//! fails when they are stale.

use std::collections::BTreeMap;
use std::path::Path;

fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for dir in ["completions", "man"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let entry = entry.unwrap();
            let name = format!("{dir}/{}", entry.file_name().to_string_lossy());
            files.insert(name, std::fs::read(entry.path()).unwrap());
        }
    }
    files
}

#[test]
fn completions_and_man_pages_are_up_to_date() {
    let fresh = tempfile::tempdir().unwrap();
    oauthctl::commands::write_docs(fresh.path()).unwrap();
    let committed = snapshot(Path::new(env!("CARGO_MANIFEST_DIR")));
    let generated = snapshot(fresh.path());
    let stale: Vec<&String> = generated
        .keys()
        .chain(committed.keys())
        .filter(|name| generated.get(*name) != committed.get(*name))
        .collect();
    assert!(
        stale.is_empty(),
        "completions/ or man/ are stale ({stale:?}); regenerate them with: \
         cargo run -- generate-docs"
    );
    assert!(generated.contains_key("man/oauthctl-keygen.1"));
    assert!(generated.contains_key("completions/oauthctl.bash"));
}

#[test]
fn the_readme_lists_every_audit_check() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    for check in &oauthctl::audit::CATALOG {
        assert!(
            readme.contains(&format!("| `{}` | {} |", check.id, check.severity.name())),
            "README lacks the audit check {} ({})",
            check.id,
            check.severity.name()
        );
    }
}
