//! A plugin written in C from the documented ABI alone (`tests/c-plugin/`), built with the
//! system C compiler against the canonical header, `crates/boilerlint-plugin/include/
//! boilerlint_plugin.h`, and loaded by the real binary. The header itself is checked against
//! `boilerlint_plugin::abi`: every size, field offset and constant.
//!
//! Without a C compiler (`cc`, or `$CC`) the tests are listed as ignored, saying why (see
//! `tests/build.rs`); under CI they run, and fail without one.

use std::env::consts::{DLL_PREFIX, DLL_SUFFIX};
use std::ffi::OsString;
use std::fs;
use std::io::ErrorKind;
use std::mem::{offset_of, size_of};
use std::path::{Path, PathBuf};
use std::process::Command;

use boilerlint_plugin::abi;
use boilerlint_tests::{boilerlint, root, run};

const FIXTURE: &str = "tests/c-plugin/shouting.txt";

/// Compiles `source` with the system C compiler and `args`.
fn compile(source: &str, output: &Path, args: &[&str]) {
    let cc: OsString = std::env::var_os("CC").unwrap_or_else(|| "cc".into());
    let result = Command::new(&cc)
        .args([
            "-std=c11",
            "-Wall",
            "-Wextra",
            "-Werror",
            "-pedantic",
            "-O2",
        ])
        .args(args)
        .arg("-I")
        .arg(root().join("crates/boilerlint-plugin/include"))
        .arg("-o")
        .arg(output)
        .arg(root().join(source))
        .output();
    match result {
        Err(e) if e.kind() == ErrorKind::NotFound => panic!(
            "no C compiler ({} not found): install one, or set CC",
            cc.to_string_lossy()
        ),
        Err(e) => panic!("cannot run {}: {e}", cc.to_string_lossy()),
        Ok(out) => {
            assert!(
                out.status.success(),
                "{} failed on {source}:\n{}{}",
                cc.to_string_lossy(),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

/// Builds the C plugin into `dir`.
fn build_plugin(dir: &Path) -> PathBuf {
    let library = dir.join(format!("{DLL_PREFIX}blfixture_c_plugin{DLL_SUFFIX}"));
    compile(
        "tests/c-plugin/blfixture_c_plugin.c",
        &library,
        &["-shared", "-fPIC"],
    );
    library
}

/// `boilerlint --no-default-plugins --plugin LIBRARY ARGS...`, run in `cwd`.
fn with_plugin(library: &Path, cwd: &Path, args: &[&str]) -> String {
    let mut command = boilerlint();
    command
        .current_dir(cwd)
        .args(["--no-default-plugins", "--plugin"])
        .arg(library)
        .args(args);
    run(&mut command)
}

#[test]
#[cfg_attr(
    missing_cc,
    ignore = "no C compiler (cc, or $CC): install one, or set CC"
)]
fn the_header_matches_the_rust_abi() {
    let dir = tempfile::tempdir().unwrap();
    let program = dir.path().join("layout");
    compile("tests/c-plugin/layout.c", &program, &[]);
    let output = Command::new(&program).output().unwrap();
    assert!(output.status.success());
    let c = String::from_utf8(output.stdout).unwrap();

    let mut rust = String::new();
    macro_rules! layout {
        ($($rust:ident as $c:ident { $($field:ident),+ })+) => {$(
            rust.push_str(&format!("sizeof {} {}\n", stringify!($c), size_of::<abi::$rust>()));
            $(rust.push_str(&format!(
                "{}.{} {}\n",
                stringify!($c),
                stringify!($field),
                offset_of!(abi::$rust, $field)
            ));)+
        )+};
    }
    layout! {
        Header as bl_header { magic, abi_version, table_size, reserved }
        StrRef as bl_str { ptr, len }
        Span as bl_span { start, end }
        Paragraph as bl_paragraph { span, first_line, line_count }
        Document as bl_document {
            size, reserved, text, path, lines, lines_len, paragraphs, paragraphs_len, url, id,
            language
        }
        Edit as bl_edit { span, replacement }
        Finding as bl_finding {
            size, rule_index, severity, applicability, span, message, language, score, edits,
            edits_len
        }
        RuleMeta as bl_rule_meta { id, summary, docs, default_severity, fix_availability }
        FindingSink as bl_finding_sink { ctx, emit }
        ErrorSink as bl_error_sink { ctx, report }
        PluginTable as bl_plugin_table {
            header, flags, name, version, build_info, rules, rules_len, create, check, destroy
        }
    }
    macro_rules! constants {
        ($($rust:ident as $c:ident),+ $(,)?) => {$(
            rust.push_str(&format!("{} {}\n", stringify!($c), u64::from(abi::$rust)));
        )+};
    }
    constants! {
        MAGIC as BL_MAGIC,
        ABI_VERSION as BL_ABI_VERSION,
        FLAG_THREAD_SAFE as BL_FLAG_THREAD_SAFE,
        FLAG_PANIC_CONTAINED as BL_FLAG_PANIC_CONTAINED,
        STATUS_OK as BL_STATUS_OK,
        STATUS_ERROR as BL_STATUS_ERROR,
        STATUS_PANIC as BL_STATUS_PANIC,
        SEVERITY_DEFAULT as BL_SEVERITY_DEFAULT,
        SEVERITY_INFO as BL_SEVERITY_INFO,
        SEVERITY_WARNING as BL_SEVERITY_WARNING,
        SEVERITY_ERROR as BL_SEVERITY_ERROR,
        FIX_NEVER as BL_FIX_NEVER,
        FIX_SOMETIMES as BL_FIX_SOMETIMES,
        FIX_ALWAYS as BL_FIX_ALWAYS,
        APPLICABILITY_NONE as BL_APPLICABILITY_NONE,
        APPLICABILITY_SAFE as BL_APPLICABILITY_SAFE,
        APPLICABILITY_UNSAFE as BL_APPLICABILITY_UNSAFE,
        EMIT_CONTINUE as BL_EMIT_CONTINUE,
        EMIT_STOP as BL_EMIT_STOP,
        DOCUMENT_SIZE_V1 as BL_DOCUMENT_SIZE_V1,
    }
    rust.push_str(&format!("BL_ENTRY_SYMBOL {}\n", abi::ENTRY_SYMBOL));
    assert_eq!(c, rust, "boilerlint_plugin.h has drifted from abi.rs");
    assert_eq!(size_of::<abi::PluginTable>() as u32, abi::TABLE_SIZE);
}

#[test]
#[cfg_attr(
    missing_cc,
    ignore = "no C compiler (cc, or $CC): install one, or set CC"
)]
fn a_c_plugin_loads_and_reports_through_the_sink() {
    let dir = tempfile::tempdir().unwrap();
    let library = build_plugin(dir.path());
    let root = root();
    let listed = with_plugin(&library, &root, &["plugins"]);
    let checked = with_plugin(&library, &root, &["check", FIXTURE]);
    let diff = with_plugin(
        &library,
        &root,
        &["check", "--diff", "--unsafe-fixes", FIXTURE],
    );
    insta::assert_snapshot!("c_plugin_plugins", listed);
    insta::assert_snapshot!("c_plugin_check", checked);
    insta::assert_snapshot!("c_plugin_unsafe_fix_diff", diff);
}

#[test]
#[cfg_attr(
    missing_cc,
    ignore = "no C compiler (cc, or $CC): install one, or set CC"
)]
fn a_c_plugin_reads_its_options_and_reports_bad_ones() {
    let dir = tempfile::tempdir().unwrap();
    let library = build_plugin(dir.path());
    fs::copy(root().join(FIXTURE), dir.path().join("shouting.txt")).unwrap();
    let config = dir.path().join("boilerlint.toml");
    fs::write(&config, "[rules.c-example]\nmin-words = 5\n").unwrap();
    let five_words = with_plugin(&library, dir.path(), &["check", "shouting.txt"]);
    fs::write(&config, "[rules.c-example]\nmin-wrods = 5\n").unwrap();
    let unknown = with_plugin(&library, dir.path(), &["check", "shouting.txt"]);
    fs::write(&config, "[rules.c-example]\nmin-words = 0\n").unwrap();
    let zero = with_plugin(&library, dir.path(), &["check", "shouting.txt"]);
    insta::assert_snapshot!(format!("{five_words}\n{unknown}\n{zero}"));
}
