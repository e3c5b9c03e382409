//! The native half of the `boilerlint` Python package (`boilerlint._boilerlint`).
//!
//! An `Engine` is a [`boilerlint_core::Linter`] built once through the same
//! [`Session`] as the command line's (same plugin discovery, same config trust, same error
//! messages), with its own pool of worker threads. The batch methods copy the texts out of
//! Python, release the interpreter lock and check the texts on the pool, so a Python caller gets
//! the command line's throughput on text it already holds.
//!
//! What crosses to Python is plain data (tuples, strings, integers): the classes users see
//! (`Linter`, `Finding`, `Fix`, `Edit`) are written in Python, in `python/boilerlint/`, where
//! they are typed, picklable and documented.

use std::path::{Path, PathBuf};

use boilerlint_core::config::{find_config, Selection};
use boilerlint_core::session::{Session, SessionOptions};
use boilerlint_core::{Finding, Linter, Report};
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};
use rayon::prelude::*;

pyo3::create_exception!(
    boilerlint,
    BoilerlintError,
    PyException,
    "An error of boilerlint's: a config, a plugin that did not load or failed on a document. \
     The message is the command line's."
);

/// The name plugins see for a text given without a path, as for the command line's stdin.
const NO_PATH: &str = "-";

/// A linter loaded once, with its worker threads.
#[pyclass(frozen, module = "boilerlint._boilerlint")]
struct Engine {
    linter: Linter,
    pool: rayon::ThreadPool,
    /// What setting up said, for the Python side to issue as warnings.
    #[pyo3(get)]
    warnings: Vec<String>,
    threads: usize,
}

/// A selector argument: a list of names, or one string of comma-separated names as on the
/// command line.
fn names(value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Vec<String>>> {
    let Some(value) = value else {
        return Ok(None);
    };
    if value.is_none() {
        return Ok(None);
    }
    let list: Vec<String> = if let Ok(text) = value.cast::<PyString>() {
        vec![text.to_cow()?.into_owned()]
    } else {
        value.extract()?
    };
    Ok(Some(
        list.iter()
            .flat_map(|s| s.split(','))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
    ))
}

/// A finding as a tuple of plain values, in the order of the Python `Finding`'s fields, with
/// character offsets beside the byte offsets (`chars` maps one to the other).
fn finding_tuple<'py>(
    py: Python<'py>,
    finding: &Finding,
    chars: &CharOffsets,
) -> PyResult<Bound<'py, PyTuple>> {
    let fix = match &finding.fix {
        None => py.None().into_bound(py),
        Some(fix) => {
            let edits = fix
                .edits
                .iter()
                .map(|edit| {
                    (
                        chars.get(edit.range.start),
                        chars.get(edit.range.end),
                        edit.range.start,
                        edit.range.end,
                        edit.replacement.as_str(),
                    )
                })
                .collect::<Vec<_>>();
            (fix.applicability.as_str(), edits)
                .into_pyobject(py)?
                .into_any()
        }
    };
    let values: Vec<Bound<'py, PyAny>> = vec![
        finding.rule.as_str().into_pyobject(py)?.into_any(),
        finding.plugin.as_str().into_pyobject(py)?.into_any(),
        finding.severity.as_str().into_pyobject(py)?.into_any(),
        finding.message.as_str().into_pyobject(py)?.into_any(),
        chars.get(finding.range.start).into_pyobject(py)?.into_any(),
        chars.get(finding.range.end).into_pyobject(py)?.into_any(),
        finding.range.start.into_pyobject(py)?.into_any(),
        finding.range.end.into_pyobject(py)?.into_any(),
        finding.line_start.into_pyobject(py)?.into_any(),
        finding.line_end.into_pyobject(py)?.into_any(),
        finding.column.into_pyobject(py)?.into_any(),
        finding.language.as_deref().into_pyobject(py)?.into_any(),
        finding.score.into_pyobject(py)?.into_any(),
        fix,
    ];
    PyTuple::new(py, values)
}

/// Character offsets of the byte offsets a report uses: Python slices strings by character.
struct CharOffsets {
    /// (byte offset, character offset), sorted by byte offset; empty for ASCII text, where
    /// both are the same.
    map: Vec<(usize, usize)>,
}

impl CharOffsets {
    fn new(text: &str, report: &Report) -> CharOffsets {
        if text.is_ascii() {
            return CharOffsets { map: Vec::new() };
        }
        let mut bytes: Vec<usize> = report
            .findings
            .iter()
            .flat_map(|f| {
                let edits = f
                    .fix
                    .iter()
                    .flat_map(|fix| fix.edits.iter().flat_map(|e| [e.range.start, e.range.end]));
                [f.range.start, f.range.end].into_iter().chain(edits)
            })
            .collect();
        bytes.sort_unstable();
        bytes.dedup();
        // One walk over the text, counting characters between consecutive offsets.
        let mut map = Vec::with_capacity(bytes.len());
        let (mut byte, mut char) = (0, 0);
        for offset in bytes {
            char += text[byte..offset].chars().count();
            byte = offset;
            map.push((offset, char));
        }
        CharOffsets { map }
    }

    fn get(&self, byte: usize) -> usize {
        if self.map.is_empty() {
            return byte;
        }
        let index = self
            .map
            .binary_search_by_key(&byte, |&(b, _)| b)
            .expect("every offset of the report is mapped");
        self.map[index].1
    }
}

/// The findings of a report, or its plugin errors as one exception (the command line's
/// messages, after the name of the document).
fn findings<'py>(
    py: Python<'py>,
    text: &str,
    name: &str,
    report: &Report,
) -> PyResult<Bound<'py, PyList>> {
    raise_errors(name, report)?;
    let chars = CharOffsets::new(text, report);
    let tuples = report
        .findings
        .iter()
        .map(|f| finding_tuple(py, f, &chars))
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, tuples)
}

fn raise_errors(name: &str, report: &Report) -> PyResult<()> {
    if report.errors.is_empty() {
        return Ok(());
    }
    let messages: Vec<String> = report
        .errors
        .iter()
        .map(|e| format!("{name}: {e}"))
        .collect();
    Err(BoilerlintError::new_err(messages.join("\n")))
}

/// The paths of a batch: one per text, or none.
fn batch_paths(
    paths: Option<Vec<Option<PathBuf>>>,
    texts: usize,
) -> PyResult<Vec<Option<PathBuf>>> {
    match paths {
        None => Ok(vec![None; texts]),
        Some(paths) if paths.len() == texts => Ok(paths),
        Some(paths) => Err(pyo3::exceptions::PyValueError::new_err(format!(
            "{} paths for {texts} texts: give one path (or None) per text",
            paths.len()
        ))),
    }
}

fn display(path: Option<&Path>) -> String {
    path.map_or_else(|| NO_PATH.to_string(), |p| p.display().to_string())
}

#[pymethods]
impl Engine {
    #[new]
    #[pyo3(signature = (
        *, select=None, extend_select=None, ignore=None, config=None, isolated=false,
        plugins=None, no_default_plugins=false, allow_panic_abort=false, threads=None,
        exe_dir=None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        select: Option<&Bound<'_, PyAny>>,
        extend_select: Option<&Bound<'_, PyAny>>,
        ignore: Option<&Bound<'_, PyAny>>,
        config: Option<PathBuf>,
        isolated: bool,
        plugins: Option<Vec<PathBuf>>,
        no_default_plugins: bool,
        allow_panic_abort: bool,
        threads: Option<usize>,
        exe_dir: Option<PathBuf>,
    ) -> PyResult<Engine> {
        let selection = Selection::command_line(
            names(select)?.as_deref(),
            &names(extend_select)?.unwrap_or_default(),
            &names(ignore)?.unwrap_or_default(),
        );
        let options = SessionOptions {
            plugins: plugins.unwrap_or_default(),
            no_default_plugins,
            allow_panic_abort,
            config: config.clone(),
            isolated,
            exe_dir,
        };
        let mut session = Session::new(&options);
        // The config of the working directory, as for text the command line reads from stdin.
        let config = match config {
            _ if isolated => None,
            Some(path) => Some(path),
            None => find_config(Path::new(".")),
        };
        let linter = session.linter(config.as_deref(), &selection);
        let linter = match linter {
            Some(linter) if session.errors.is_empty() => linter,
            _ => return Err(BoilerlintError::new_err(session.errors.join("\n"))),
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.unwrap_or(0))
            .thread_name(|i| format!("boilerlint-{i}"))
            .build()
            .map_err(|e| {
                BoilerlintError::new_err(format!("cannot start the worker threads: {e}"))
            })?;
        Ok(Engine {
            threads: pool.current_num_threads(),
            linter,
            pool,
            warnings: session.warnings,
        })
    }

    /// The number of worker threads.
    #[getter]
    fn threads(&self) -> usize {
        self.threads
    }

    /// The rules in use: (id, plugin, default severity, summary, fix availability).
    fn rules(&self) -> Vec<(String, String, &'static str, String, &'static str)> {
        self.linter
            .plugins()
            .flat_map(|p| {
                p.rules.iter().map(|r| {
                    (
                        r.id.clone(),
                        p.name.clone(),
                        r.severity.as_str(),
                        r.summary.clone(),
                        r.fix.as_str(),
                    )
                })
            })
            .collect()
    }

    #[pyo3(signature = (text, path=None))]
    fn check<'py>(
        &self,
        py: Python<'py>,
        text: String,
        path: Option<PathBuf>,
    ) -> PyResult<Bound<'py, PyList>> {
        let name = display(path.as_deref());
        let report = py.detach(|| self.linter.check(path.as_deref(), &name, &text));
        findings(py, &text, &name, &report)
    }

    #[pyo3(signature = (texts, paths=None))]
    fn check_batch<'py>(
        &self,
        py: Python<'py>,
        texts: Vec<String>,
        paths: Option<Vec<Option<PathBuf>>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let reports: Vec<(String, Report)> =
            self.batch(py, &texts, paths, |path, name, text| {
                self.linter.check(path, name, text)
            })?;
        let lists = texts
            .iter()
            .zip(&reports)
            .map(|(text, (name, report))| findings(py, text, name, report))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, lists)
    }

    #[pyo3(signature = (text, unsafe_fixes=false, path=None))]
    fn fix(
        &self,
        py: Python<'_>,
        text: String,
        unsafe_fixes: bool,
        path: Option<PathBuf>,
    ) -> PyResult<String> {
        let name = display(path.as_deref());
        let fixed = py.detach(|| self.linter.fix(path.as_deref(), &name, &text, unsafe_fixes));
        raise_errors(&name, &fixed.report)?;
        Ok(fixed.text)
    }

    #[pyo3(signature = (texts, unsafe_fixes=false, paths=None))]
    fn fix_batch(
        &self,
        py: Python<'_>,
        texts: Vec<String>,
        unsafe_fixes: bool,
        paths: Option<Vec<Option<PathBuf>>>,
    ) -> PyResult<Vec<String>> {
        let fixed: Vec<(String, boilerlint_core::FixReport)> =
            self.batch(py, &texts, paths, |path, name, text| {
                self.linter.fix(path, name, text, unsafe_fixes)
            })?;
        fixed
            .into_iter()
            .map(|(name, fixed)| {
                raise_errors(&name, &fixed.report)?;
                Ok(fixed.text)
            })
            .collect()
    }
}

impl Engine {
    /// Runs `run` on every text of a batch on the worker threads, without the GIL; each result
    /// comes with the name its text is reported under.
    fn batch<T: Send>(
        &self,
        py: Python<'_>,
        texts: &[String],
        paths: Option<Vec<Option<PathBuf>>>,
        run: impl Fn(Option<&Path>, &str, &str) -> T + Sync,
    ) -> PyResult<Vec<(String, T)>> {
        let paths = batch_paths(paths, texts.len())?;
        Ok(py.detach(|| {
            self.pool.install(|| {
                texts
                    .par_iter()
                    .zip(&paths)
                    .map(|(text, path)| {
                        let name = display(path.as_deref());
                        let result = run(path.as_deref(), &name, text);
                        (name, result)
                    })
                    .collect()
            })
        }))
    }
}

/// The native module.
#[pymodule]
fn _boilerlint(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Engine>()?;
    m.add("BoilerlintError", m.py().get_type::<BoilerlintError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
