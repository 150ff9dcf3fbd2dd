//! `openapi.yaml` at the repository root is the contract; it must be what the code says.

#[test]
fn committed_openapi_yaml_matches_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi.yaml");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    let generated = api::openapi::yaml();
    assert!(
        committed == generated,
        "openapi.yaml is stale. Regenerate it with:\n\n    cargo run -q -p api --bin gongzhi -- openapi > openapi.yaml\n"
    );
}

/// Each endpoint is declared by its route (`routes::ENDPOINTS`) and its `#[utoipa::path]`;
/// the two must name the same set of methods and paths, or the contract lies about what
/// is served.
#[test]
fn the_contract_lists_exactly_the_endpoints_served() {
    use std::collections::BTreeSet;
    let served: BTreeSet<String> = api::routes::ENDPOINTS
        .iter()
        .flat_map(|(path, methods)| methods.iter().map(move |m| format!("{} {path}", m.to_uppercase())))
        .collect();
    let spec: serde_json::Value = serde_json::from_str(api::openapi::json_text()).expect("contract is JSON");
    let mut listed = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for method in ["get", "post", "put", "patch", "delete"] {
            if item.get(method).is_some() {
                listed.insert(format!("{} {path}", method.to_uppercase()));
            }
        }
    }
    let unlisted: Vec<_> = served.difference(&listed).collect();
    let unserved: Vec<_> = listed.difference(&served).collect();
    assert!(
        unlisted.is_empty() && unserved.is_empty(),
        "served but not in the contract: {unlisted:?}\nin the contract but not served: {unserved:?}"
    );
}

/// utoipa names a schema after its Rust type alone: two types of one name in different
/// modules would be one schema in the contract, describing only one of them. Every type
/// the contract takes its schemas from has a name of its own.
#[test]
fn no_two_contract_schemas_share_a_name() {
    fn sources(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("source folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    sources(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")), &mut files);
    let mut seen: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    let mut clashes = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("source");
        let mut deriving = false;
        for line in text.lines().map(str::trim) {
            if line.starts_with("#[derive(") && line.contains("ToSchema") {
                deriving = true;
                continue;
            }
            if !deriving {
                continue;
            }
            let name = ["pub struct ", "pub enum ", "struct ", "enum "].iter().find_map(|k| line.strip_prefix(k)).map(
                |rest| rest.split(|c: char| !c.is_alphanumeric() && c != '_').next().unwrap_or_default().to_owned(),
            );
            if let Some(name) = name {
                deriving = false;
                let place = file.display().to_string();
                if let Some(other) = seen.insert(name.clone(), place.clone()) {
                    clashes.push(format!("{name}: {other} and {place}"));
                }
            }
        }
    }
    assert!(seen.len() > 40, "the scan found the contract's types ({})", seen.len());
    assert!(clashes.is_empty(), "schema names used twice: {clashes:?}");
    for bare in ["Session", "Grant", "Inspection"] {
        assert!(!seen.contains_key(bare), "{bare} is too bare a name for the contract: say whose it is");
    }
}
