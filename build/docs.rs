//! Documentation of the generated types from the spec, where the generator leaves none.
//!
//! typify documents a type and a field from the schema's `description`, but not a field
//! whose schema is a `$ref` (OpenAPI 3.0 ignores a `$ref`'s siblings), nor the builders it
//! generates. So that the generated code needs no `allow(missing_docs)`, this pass gives
//!
//! - a field without a doc the description of the schema its `$ref` names (the build fails
//!   for a field the spec leaves undescribed: describe it there);
//! - an enum variant without a doc the value it stands for;
//! - each `builder()` and each builder type a line, and each builder setter the doc of its
//!   field.
//!
//! The operation builders of the raw clients (`builder` at the top of a module) are not part
//! of the API (only `huawei_cec::__private` reaches them, for the crate's own tests): they
//! get `allow(missing_docs)` with that reason.

use std::collections::BTreeMap;

use serde_json::Value;
use syn::{Attribute, Fields, Item, ItemMod, parse_quote};

/// Documents `file`, the code generated for a host, from `doc`, the whole spec.
pub(crate) fn document(file: &mut syn::File, doc: &Value, module: &str) {
    let schemas = &doc["components"]["schemas"];
    for item in &mut file.items {
        let Item::Mod(m) = item else { continue };
        if m.ident == "types" {
            document_types(m, schemas, module);
        } else if m.ident == "builder" {
            m.attrs.push(parse_quote!(
                #[allow(
                    missing_docs,
                    reason = "the raw clients' operation builders are not part of the API"
                )]
            ));
        }
    }
}

/// The field docs of each struct: struct name, field name, doc.
type FieldDocs = BTreeMap<String, BTreeMap<String, String>>;

fn document_types(types: &mut ItemMod, schemas: &Value, module: &str) {
    let Some((_, items)) = types.content.as_mut() else {
        return;
    };
    let mut fields: FieldDocs = BTreeMap::new();
    for item in items.iter_mut() {
        match item {
            Item::Struct(s) => {
                let name = s.ident.to_string();
                let Fields::Named(named) = &mut s.fields else {
                    continue;
                };
                for field in &mut named.named {
                    let Some(ident) = &field.ident else { continue };
                    if doc_of(&field.attrs).is_none() {
                        let wire = wire_name(&field.attrs).unwrap_or_else(|| ident.to_string());
                        let text = property_description(schemas, &name, &wire).unwrap_or_else(|| {
                            panic!(
                                "{module}: the field {name}.{wire} has no description: describe the \
                                 property (or the schema its $ref names) in the spec"
                            )
                        });
                        field.attrs.insert(0, doc_attr(&text));
                    }
                    if let Some(text) = doc_of(&field.attrs) {
                        fields
                            .entry(name.clone())
                            .or_default()
                            .insert(ident.to_string(), text);
                    }
                }
            }
            Item::Enum(e) => {
                for variant in &mut e.variants {
                    if doc_of(&variant.attrs).is_none() {
                        let text = match wire_name(&variant.attrs) {
                            Some(value) => format!("The value `{value:?}`."),
                            None => format!("The `{}` form.", variant.ident),
                        };
                        variant.attrs.insert(0, doc_attr(&text));
                    }
                }
            }
            Item::Impl(block) => {
                let Some(name) = self_name(&block.self_ty) else {
                    continue;
                };
                for item in &mut block.items {
                    if let syn::ImplItem::Fn(f) = item
                        && f.sig.ident == "builder"
                        && doc_of(&f.attrs).is_none()
                    {
                        f.attrs.insert(
                            0,
                            doc_attr(&format!(
                                "A builder of [`{name}`], field by field: each setter takes what \
                                 converts into its field, and `try_into()` gives the value (or \
                                 the first problem, which converts into `huawei_cec::Error`)."
                            )),
                        );
                    }
                }
            }
            _ => {}
        }
    }
    for item in items.iter_mut() {
        if let Item::Mod(m) = item
            && m.ident == "builder"
        {
            document_builders(m, &fields);
        }
    }
}

/// The builder types: a line each, and each setter the doc of its field.
fn document_builders(builders: &mut ItemMod, fields: &FieldDocs) {
    let Some((_, items)) = builders.content.as_mut() else {
        return;
    };
    for item in items.iter_mut() {
        match item {
            Item::Struct(s) if doc_of(&s.attrs).is_none() => {
                let text = format!("A builder of [`super::{}`].", s.ident);
                s.attrs.insert(0, doc_attr(&text));
            }
            Item::Impl(block) if block.trait_.is_none() => {
                let Some(name) = self_name(&block.self_ty) else {
                    continue;
                };
                for item in &mut block.items {
                    if let syn::ImplItem::Fn(f) = item
                        && doc_of(&f.attrs).is_none()
                        && let Some(text) = fields
                            .get(&name)
                            .and_then(|docs| docs.get(&f.sig.ident.to_string()))
                    {
                        f.attrs.insert(0, doc_attr(text));
                    }
                }
            }
            _ => {}
        }
    }
}

/// The description of property `wire` of schema `name`, or of the schema its `$ref` names.
fn property_description(schemas: &Value, name: &str, wire: &str) -> Option<String> {
    let property = &schemas[name]["properties"][wire];
    let described = |schema: &Value| schema["description"].as_str().map(str::to_owned);
    described(property).or_else(|| {
        let target = property["$ref"]
            .as_str()?
            .strip_prefix("#/components/schemas/")?;
        described(&schemas[target])
    })
}

/// The text of an item's doc attributes, if it has any.
fn doc_of(attrs: &[Attribute]) -> Option<String> {
    let lines: Vec<String> = attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

fn doc_attr(text: &str) -> Attribute {
    let text = text.trim();
    parse_quote!(#[doc = #text])
}

/// The `rename` of an item's `#[serde(...)]`, if it has one.
fn wire_name(attrs: &[Attribute]) -> Option<String> {
    let mut name = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.input.peek(syn::Token![=]) {
                let value: syn::Expr = meta.value()?.parse()?;
                if meta.path.is_ident("rename")
                    && let syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    }) = value
                {
                    name = Some(s.value());
                }
            } else if meta.input.peek(syn::token::Paren) {
                meta.parse_nested_meta(|_| Ok(()))?;
            }
            Ok(())
        });
    }
    name
}

/// The name of a type path's last segment (`Foo` of `Foo` or `super::Foo`).
fn self_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}
