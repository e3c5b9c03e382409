//! SARIF 2.1.0 output, for code-scanning services.
//!
//! The log is written as a stream: each finding becomes a result as it is found ([`result`]),
//! and the part before the results, which names every rule seen and every error, is made at the
//! end ([`log`]).

use serde_json::{json, Value};

/// The SARIF result of one finding (as the JSON format writes it) of the input `path`; `rules`
/// collects the rules seen, in order, with their plugins.
pub fn result(path: &str, f: &Value, rules: &mut Vec<(String, String)>) -> Value {
    let rule = f["rule"].as_str().unwrap_or_default().to_string();
    let plugin = f["plugin"].as_str().unwrap_or_default().to_string();
    let rule_index = match rules.iter().position(|(r, _)| *r == rule) {
        Some(i) => i,
        None => {
            rules.push((rule.clone(), plugin));
            rules.len() - 1
        }
    };
    let level = match f["severity"].as_str() {
        Some("error") => "error",
        Some("info") => "note",
        _ => "warning",
    };
    // A JSONL record is one line of its shard; a text file's finding has its own lines.
    let (start_line, end_line) = match f["record"].as_u64() {
        Some(record) => (record, record),
        None => (
            f["line_start"].as_u64().unwrap_or(1),
            f["line_end"].as_u64().unwrap_or(1),
        ),
    };
    let mut region = json!({ "startLine": start_line, "endLine": end_line });
    if f["record"].is_null() {
        let (start, end) = (
            f["start"].as_u64().unwrap_or(0),
            f["end"].as_u64().unwrap_or(0),
        );
        region["byteOffset"] = start.into();
        region["byteLength"] = (end - start.min(end)).into();
    }
    let mut result = json!({
        "ruleId": rule,
        "ruleIndex": rule_index,
        "level": level,
        "message": { "text": f["message"] },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri(path) },
                "region": region,
            }
        }],
    });
    let mut properties = serde_json::Map::new();
    for key in ["record", "id", "language"] {
        if !f[key].is_null() {
            properties.insert(key.into(), f[key].clone());
        }
    }
    if let Some(applicability) = f["fix"]["applicability"].as_str() {
        properties.insert("fix".into(), applicability.into());
    }
    if !properties.is_empty() {
        result["properties"] = Value::Object(properties);
    }
    result
}

/// A SARIF log of one run with `results`, the `rules` they used (from [`result`]) and the run's
/// errors. The results are its last member, so a writer can print the log with none and put the
/// results it kept aside in their place.
pub fn log(
    rules: &[(String, String)],
    errors: &[(Option<String>, String)],
    summaries: &std::collections::BTreeMap<String, String>,
    results: Vec<Value>,
) -> Value {
    let notifications: Vec<Value> = errors
        .iter()
        .map(|(path, message)| {
            let mut n = json!({ "level": "error", "message": { "text": message } });
            if let Some(path) = path {
                n["locations"] = json!([{ "physicalLocation": {
                    "artifactLocation": { "uri": uri(path.rsplit_once(':').filter(|(_, r)| r.parse::<u64>().is_ok()).map_or(path.as_str(), |(p, _)| p)) }
                }}]);
            }
            n
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "boilerlint",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules.iter().map(|(id, plugin)| json!({
                    "id": id,
                    "shortDescription": { "text": summaries.get(id).cloned().unwrap_or_else(|| id.clone()) },
                    "helpUri": format!("{}#rules", env!("CARGO_PKG_REPOSITORY")),
                    "properties": { "plugin": plugin },
                })).collect::<Vec<_>>(),
            }},
            "invocations": [{
                "executionSuccessful": errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

/// A relative URI for a path: forward slashes, spaces and other reserved characters escaped.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.replace('\\', "/").chars() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '_' | '.' | '~' | '/' => out.push(c),
            other => {
                let mut buf = [0u8; 4];
                for b in other.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    out
}
