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
