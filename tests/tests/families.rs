//! The three shipped plugins on one representative corpus document per language family,
//! through the real binary and loader: one snapshot each, with every finding's rule, lines and
//! message. Snapshot names say the family, the main language and what the document holds.

use std::fs;

use boilerlint_tests::{boilerlint, root};

/// (family, corpus file).
const CASES: &[(&str, &str)] = &[
    ("germanic", "en/03-steelworks-jobs-german-banner-start.txt"),
    ("germanic", "de/04-bahn-generalsanierung-ad.txt"),
    ("romance", "fr/02-municipales-marseille-cookie-end.txt"),
    ("romance", "es/05-camino-portugues-turismo-off-language.txt"),
    ("slavic", "pl/05-medyka-przejscie-off-language.txt"),
    ("slavic", "ru/04-mcd-moskva-ad.txt"),
    ("hellenic", "el/03-olympiakos-cookie-en-middle.txt"),
    ("turkic", "tr/02-efes-basketbol-cookie-end.txt"),
    ("uralic", "hu/03-debrecen-gyar-cookie-de-middle.txt"),
    (
        "semitic",
        "ar/03-marrakech-film-festival-cookie-fr-start.txt",
    ),
    ("cjk", "ja/04-toyota-earnings-ad.txt"),
    ("cjk", "zh/05-zheng-qinwen-off-language.txt"),
    ("koreanic", "ko/02-flu-advisory-cookie-end.txt"),
    ("austronesian", "id/04-iphone16-ban-ad.txt"),
    ("austroasiatic", "vi/02-viettel-5g-cookie-end.txt"),
];

/// The document text of a labeled corpus file.
fn text_of(corpus_file: &str) -> String {
    fs::read_to_string(root().join("tests/corpus").join(corpus_file))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("# "))
        .map(|l| format!("{}\n", l.get(2..).unwrap_or("")))
        .collect()
}

#[test]
fn shipped_plugins_per_language_family() {
    let dir = tempfile::tempdir().unwrap();
    for (family, file) in CASES {
        let name = file.replace('/', "-");
        fs::write(dir.path().join(&name), text_of(file)).unwrap();
        let output = boilerlint()
            .current_dir(dir.path())
            .args(["check", "--format", "json", &name])
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let mut lines = vec![format!("{file} (exit {})", output.status.code().unwrap())];
        for f in json["files"][0]["findings"].as_array().unwrap() {
            lines.push(format!(
                "{} lines {}-{} [{}] {}",
                f["rule"].as_str().unwrap(),
                f["line_start"],
                f["line_end"],
                f["fix"]["applicability"].as_str().unwrap_or("no fix"),
                f["message"].as_str().unwrap()
            ));
        }
        let snapshot = format!("{family}__{}", name.trim_end_matches(".txt"));
        insta::assert_snapshot!(snapshot, lines.join("\n"));
    }
}
