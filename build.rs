//! Generates the Rust client from `spec/huawei-cec.yaml` at build time.
//!
//! The five operations live on three hosts (CC-iSales, CC-CMS, the CEC open platform), and a
//! progenitor `Client` has one base URL, so the document is split by tag into one document
//! per host, each keeping only the component schemas its operations reach. Every host module
//! gets a `Client` and the types only it uses; the schemas several hosts share, and those
//! whose wire form varies, are replaced by hand-written types in `src/wire.rs`. The build
//! fails if a schema would be generated twice.
//!
//! The result codes of the operations (`x-result-codes`) become the `ResultCode` enum.
//!
//! The descriptions of the operations' error statuses become `documented_meaning`.
//!
//! Path parameters are percent-encoded by `crate::generated::encode_path_segment` in place of
//! progenitor's `encode_path`, and every operation's path shape becomes `operation_path`. The
//! `api-version` header progenitor adds to every request is taken out (the pages do not know
//! it).
//!
//! What the generator leaves undocumented (a field whose schema is a `$ref`, the builders)
//! is documented from the spec (`build/docs.rs`), so that the generated code needs no
//! `allow(missing_docs)`; the types returned are `#[non_exhaustive]`.
//!
//! The operations, the keys marked `x-personal-data` and the secret keys (`format: password`)
//! become tables for the code that records and checks traffic.
//!
//! The whole document, as JSON, is embedded for `crate::conformance` (no YAML parser at run
//! time: a user of `cec conformance` has no copy of the spec).
//!
//! Output (in `OUT_DIR`): `isales.rs`, `cms.rs`, `dataprocess.rs`, `result_codes.rs`,
//! `status_meanings.rs`, `operation_paths.rs`, `spec_tables.rs`, `spec.json`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle};
use serde_json::Value;

#[path = "build/docs.rs"]
mod docs;
#[path = "build/tables.rs"]
mod tables;
use tables::{operation_paths, result_codes, spec_json, spec_tables, status_meanings};

const SPEC: &str = "spec/huawei-cec.yaml";

/// The generated types the crate returns (the operations' payloads and the types of their
/// fields): `#[non_exhaustive]` (typify's patch), so that a field the spec adds is not a
/// breaking change. Outside the crate they are read, made from JSON or from `Default` (and
/// their fields set), not written as struct literals.
const NON_EXHAUSTIVE: &[&str] = &[
    "CallResultDetail",
    "ExternalResult",
    "ResultMapping",
    "CallRecord",
    "CallRecordsResponse",
];

/// Host modules: (module name, tags whose operations it serves).
const HOSTS: &[(&str, &[&str])] = &[
    ("isales", &["isales"]),
    ("cms", &["cms"]),
    ("dataprocess", &["dataprocess", "auth"]),
];

/// Schemas replaced by hand-written types (module `crate::wire`).
const REPLACEMENTS: &[(&str, &str)] = &[
    ("ErrorBody", "crate::wire::ErrorBody"),
    ("CallStatus", "crate::wire::CallStatus"),
    ("ResultMappingVdnId", "crate::wire::LenientInt"),
    ("CallRecordsTotal", "crate::wire::LenientInt"),
    ("CallRecordVdn", "crate::wire::LenientInt"),
    ("TokenExpiresIn", "crate::wire::TokenLifetime"),
    ("TokenExpires", "crate::wire::TokenLifetime"),
    ("CdrRecord", "crate::wire::CdrRecord"),
    ("CdrCallResult", "crate::wire::CdrCallResult"),
    ("CallType", "crate::wire::CallType"),
    ("MediaType", "crate::wire::MediaType"),
    ("AppSecret", "crate::wire::Secret"),
    ("AccessToken", "crate::wire::Secret"),
];

fn main() {
    println!("cargo:rerun-if-changed={SPEC}");
    println!("cargo:rerun-if-changed=build.rs");
    let text = std::fs::read_to_string(SPEC).unwrap_or_else(|e| panic!("reading {SPEC}: {e}"));
    let doc: Value =
        serde_norway::from_str(&text).unwrap_or_else(|e| panic!("parsing {SPEC}: {e}"));
    let out_dir = std::env::var("OUT_DIR").expect("OUT_DIR is set by cargo");
    let out_dir = Path::new(&out_dir);

    let replaced: BTreeSet<&str> = REPLACEMENTS.iter().map(|(name, _)| *name).collect();
    let mut generated_in: BTreeMap<String, &str> = BTreeMap::new();
    for (module, tags) in HOSTS {
        let sub = host_document(&doc, tags);
        for name in sub["components"]["schemas"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, _)| k)
        {
            if replaced.contains(name.as_str()) {
                continue;
            }
            if let Some(other) = generated_in.insert(name.clone(), module) {
                panic!(
                    "schema {name} is used by the {other} and {module} operations and would be \
                     generated twice: give it a hand-written type in src/wire.rs and list it in \
                     REPLACEMENTS in build.rs"
                );
            }
        }
        let spec: openapiv3::OpenAPI = serde_json::from_value(sub)
            .unwrap_or_else(|e| panic!("{SPEC} ({module} part) is not OpenAPI 3.0: {e}"));
        let code = generate(&spec, module, &doc);
        std::fs::write(out_dir.join(format!("{module}.rs")), code).expect("writing generated code");
    }
    std::fs::write(out_dir.join("status_meanings.rs"), status_meanings(&doc))
        .expect("writing status meanings");
    std::fs::write(out_dir.join("result_codes.rs"), result_codes(&doc))
        .expect("writing result codes");
    std::fs::write(out_dir.join("operation_paths.rs"), operation_paths(&doc))
        .expect("writing operation paths");
    std::fs::write(out_dir.join("spec_tables.rs"), spec_tables(&doc))
        .expect("writing the spec's tables");
    std::fs::write(out_dir.join("spec.json"), spec_json(&doc)).expect("writing spec.json");
}

/// The part of `doc` with the operations tagged with one of `tags`, and the component schemas
/// they reach (directly or through other schemas, responses and parameters).
fn host_document(doc: &Value, tags: &[&str]) -> Value {
    let mut sub = doc.clone();
    let paths = sub["paths"].as_object_mut().expect("paths");
    for item in paths.values_mut() {
        let item = item.as_object_mut().expect("path item");
        item.retain(|key, op| {
            !is_method(key)
                || op["tags"]
                    .as_array()
                    .is_some_and(|t| t.iter().any(|t| tags.contains(&t.as_str().unwrap_or(""))))
        });
    }
    paths.retain(|_, item| {
        item.as_object()
            .is_some_and(|o| o.keys().any(|k| is_method(k)))
    });

    // Reachability over "#/components/{kind}/{name}" references.
    let mut reached: BTreeSet<(String, String)> = BTreeSet::new();
    let mut todo: Vec<(String, String)> = Vec::new();
    collect_refs(&sub["paths"], &mut todo);
    while let Some(key) = todo.pop() {
        if reached.insert(key.clone()) {
            let target = &doc["components"][&key.0][&key.1];
            assert!(
                !target.is_null(),
                "{SPEC}: dangling reference to components/{}/{}",
                key.0,
                key.1
            );
            collect_refs(target, &mut todo);
        }
    }
    let components = sub["components"].as_object_mut().expect("components");
    for (kind, entries) in components.iter_mut() {
        if kind == "securitySchemes" {
            continue;
        }
        if let Some(entries) = entries.as_object_mut() {
            entries.retain(|name, _| reached.contains(&(kind.clone(), name.clone())));
        }
    }
    sub
}

fn is_method(key: &str) -> bool {
    matches!(
        key,
        "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace"
    )
}

fn collect_refs(value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                let mut parts = r.trim_start_matches("#/components/").splitn(2, '/');
                if let (Some(kind), Some(name)) = (parts.next(), parts.next()) {
                    out.push((kind.to_owned(), name.to_owned()));
                }
            }
            map.values().for_each(|v| collect_refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

/// The module's code.
fn generate(spec: &openapiv3::OpenAPI, module: &str, doc: &Value) -> String {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_hooks(HooksMode::Expected)
        .with_inner_type(
            "crate::transport::Transport"
                .parse()
                .expect("inner type tokens"),
        )
        .with_derive("PartialEq");
    for (name, path) in REPLACEMENTS {
        settings.with_replacement(name, path, std::iter::empty());
    }
    let mut non_exhaustive = progenitor::TypePatch::default();
    non_exhaustive.with_attr("#[non_exhaustive]");
    for name in NON_EXHAUSTIVE {
        settings.with_patch(name, &non_exhaustive);
    }
    let tokens = Generator::new(&settings)
        .generate_tokens(spec)
        .unwrap_or_else(|e| panic!("progenitor failed on the {module} part of {SPEC}: {e}"));
    let mut replaced = 0;
    let tokens = encode_path_segments(tokens, &mut replaced);
    let mut decoders = 0;
    let tokens = decode_whole_body(tokens, &mut decoders);
    assert!(
        decoders >= operations_of(spec),
        "every operation of the {module} part must decode through crate::generated::from_response \
         ({decoders} calls replaced); progenitor's generated code changed shape"
    );
    let mut dropped = ApiVersion::default();
    let tokens = drop_api_version(tokens, &mut dropped);
    let operations = spec.operations().count();
    assert!(
        dropped.headers == operations && dropped.capacities == operations,
        "every operation of the {module} part must lose its api-version header ({dropped:?} of \
         {operations}); progenitor's generated code changed shape"
    );
    let path_params = spec
        .operations()
        .flat_map(|(_, _, op)| op.parameters.iter())
        .filter(|p| match p {
            openapiv3::ReferenceOr::Item(item) => {
                matches!(item, openapiv3::Parameter::Path { .. })
            }
            openapiv3::ReferenceOr::Reference { reference } => spec
                .components
                .as_ref()
                .and_then(|c| {
                    c.parameters
                        .get(reference.trim_start_matches("#/components/parameters/"))
                })
                .and_then(|p| p.as_item())
                .is_some_and(|p| matches!(p, openapiv3::Parameter::Path { .. })),
        })
        .count();
    assert_eq!(
        replaced, path_params,
        "every path parameter of the {module} part must be encoded by encode_path_segment; \
         progenitor's generated code changed shape"
    );
    let file: syn::File = syn::parse2(tokens)
        .unwrap_or_else(|e| panic!("generated {module} code does not parse: {e}"));
    let mut file = file;
    let derived = derive_json_schema_with_the_feature(&mut file);
    assert!(
        derived > 0,
        "the {module} part has no types module; progenitor's generated code changed shape"
    );
    docs::document(&mut file, doc, module);
    prettyplease::unparse(&file)
}

/// Gives every type of the `types` module `#[cfg_attr(feature = "schemars",
/// derive(::schemars::JsonSchema))]`: the JSON Schemas of the types are there with the
/// crate's `schemars` feature only, and the generated code is the same with or without it.
/// Counts the types.
fn derive_json_schema_with_the_feature(file: &mut syn::File) -> usize {
    let attribute: syn::Attribute = syn::parse_quote!(
        #[cfg_attr(feature = "schemars", derive(::schemars::JsonSchema))]
    );
    let mut count = 0;
    for item in &mut file.items {
        if let syn::Item::Mod(m) = item
            && m.ident == "types"
        {
            for item in m.content.iter_mut().flat_map(|(_, items)| items) {
                let attrs = match item {
                    syn::Item::Struct(s) => &mut s.attrs,
                    syn::Item::Enum(e) => &mut e.attrs,
                    _ => continue,
                };
                // After the derives, so that the doc comment stays first.
                let at = attrs
                    .iter()
                    .rposition(|a| a.path().is_ident("derive"))
                    .map_or(attrs.len(), |i| i + 1);
                attrs.insert(at, attribute.clone());
                count += 1;
            }
        }
    }
    count
}

/// Replaces progenitor's `encode_path(..)` calls, which leave `\\`, `.` and other characters
/// that URL parsing rewrites, by `crate::generated::encode_path_segment(..)`, which
/// percent-encodes everything outside the unreserved set: a path parameter stays one
/// segment. Counts the calls replaced.
fn encode_path_segments(
    tokens: proc_macro2::TokenStream,
    replaced: &mut usize,
) -> proc_macro2::TokenStream {
    use proc_macro2::{Group, TokenTree};
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(trees.len());
    for (i, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Ident(ident)
                if ident == "encode_path"
                    && matches!(
                        trees.get(i + 1),
                        Some(TokenTree::Group(g)) if g.delimiter() == proc_macro2::Delimiter::Parenthesis
                    ) =>
            {
                *replaced += 1;
                let path: proc_macro2::TokenStream = "crate::generated::encode_path_segment"
                    .parse()
                    .expect("path tokens");
                out.extend(path);
            }
            TokenTree::Group(group) => {
                let mut new = Group::new(
                    group.delimiter(),
                    encode_path_segments(group.stream(), replaced),
                );
                new.set_span(group.span());
                out.push(TokenTree::Group(new));
            }
            other => out.push(other.clone()),
        }
    }
    out.into_iter().collect()
}

fn operations_of(spec: &openapiv3::OpenAPI) -> usize {
    spec.operations().count()
}

/// Replaces progenitor's `ResponseValue::from_response`, which decodes the reply with
/// `serde_json::from_slice` (every string of the reply checked as UTF-8 on its own), by
/// `crate::generated::from_response`, which checks the body once, whole. Counts the calls
/// replaced.
fn decode_whole_body(
    tokens: proc_macro2::TokenStream,
    replaced: &mut usize,
) -> proc_macro2::TokenStream {
    use proc_macro2::{Group, TokenTree};
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(trees.len());
    let mut i = 0;
    while i < trees.len() {
        let is = |at: usize, text: &str| trees.get(at).is_some_and(|t| t.to_string() == text);
        match &trees[i] {
            TokenTree::Ident(ident)
                if ident == "ResponseValue"
                    && is(i + 1, ":")
                    && is(i + 2, ":")
                    && is(i + 3, "from_response") =>
            {
                *replaced += 1;
                let path: proc_macro2::TokenStream = "crate::generated::from_response"
                    .parse()
                    .expect("path tokens");
                out.extend(path);
                i += 4;
                continue;
            }
            TokenTree::Group(group) => {
                let mut new = Group::new(
                    group.delimiter(),
                    decode_whole_body(group.stream(), replaced),
                );
                new.set_span(group.span());
                out.push(TokenTree::Group(new));
            }
            other => out.push(other.clone()),
        }
        i += 1;
    }
    out.into_iter().collect()
}

/// What [`drop_api_version`] took out.
#[derive(Debug, Default)]
struct ApiVersion {
    /// `header_map.append("api-version", ..);` statements dropped.
    headers: usize,
    /// `HeaderMap::with_capacity(n)` calls made `with_capacity(0)`.
    capacities: usize,
}

/// Takes out the `api-version` header progenitor adds to every request (the pages do not
/// know it), and starts the header map it went into empty: the map of the generated header
/// parameters is allocated only when one is set (the client sets its headers in the
/// transport).
fn drop_api_version(
    tokens: proc_macro2::TokenStream,
    dropped: &mut ApiVersion,
) -> proc_macro2::TokenStream {
    use proc_macro2::{Delimiter, Group, Literal, TokenTree};
    let is_ident =
        |t: Option<&TokenTree>, name: &str| matches!(t, Some(TokenTree::Ident(i)) if i == name);
    let is_punct =
        |t: Option<&TokenTree>, c: char| matches!(t, Some(TokenTree::Punct(p)) if p.as_char() == c);
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(trees.len());
    let mut i = 0;
    while i < trees.len() {
        // `header_map . append ( .. "api-version" .. ) ;`
        if is_ident(trees.get(i), "header_map")
            && is_punct(trees.get(i + 1), '.')
            && is_ident(trees.get(i + 2), "append")
            && matches!(trees.get(i + 3), Some(TokenTree::Group(g))
                if g.delimiter() == Delimiter::Parenthesis
                    && g.stream().to_string().contains("\"api-version\""))
            && is_punct(trees.get(i + 4), ';')
        {
            dropped.headers += 1;
            i += 5;
            continue;
        }
        // `HeaderMap :: with_capacity ( Nusize )`
        if is_ident(trees.get(i), "with_capacity")
            && i >= 3
            && is_ident(trees.get(i - 3), "HeaderMap")
            && let Some(TokenTree::Group(g)) = trees.get(i + 1)
            && g.stream()
                .to_string()
                .strip_suffix("usize")
                .is_some_and(|n| n.trim().parse::<usize>().is_ok())
        {
            dropped.capacities += 1;
            out.push(trees[i].clone());
            let mut lowered = Group::new(
                Delimiter::Parenthesis,
                TokenTree::Literal(Literal::usize_suffixed(0)).into(),
            );
            lowered.set_span(g.span());
            out.push(TokenTree::Group(lowered));
            i += 2;
            continue;
        }
        match &trees[i] {
            TokenTree::Group(group) => {
                let mut new =
                    Group::new(group.delimiter(), drop_api_version(group.stream(), dropped));
                new.set_span(group.span());
                out.push(TokenTree::Group(new));
            }
            other => out.push(other.clone()),
        }
        i += 1;
    }
    out.into_iter().collect()
}
