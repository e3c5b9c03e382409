//! Prints each line of a file with the probability the model gives it, to see why a document
//! was or was not flagged:
//!
//! ```text
//! cargo run --release -p boilerlint-plugin-cookie-banner --example probe -- FILE [LINE]
//! ```
//!
//! With a line number, it prints that line's features and their weights instead, heaviest
//! first: what made its probability.

use boilerlint_plugin::Plugin;
use boilerlint_plugin_cookie_banner::CookieBanner;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: probe FILE [LINE]");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {path}: {e}");
            std::process::exit(2);
        }
    };
    let plugin = CookieBanner::new("").expect("the default options are valid");
    if let Some(line) = std::env::args().nth(2) {
        let Some(line) = line.parse::<usize>().ok().filter(|&n| n >= 1) else {
            eprintln!("error: {line}: not a line number");
            std::process::exit(2);
        };
        for (name, weight) in plugin.line_explanation(&text, line - 1) {
            println!("{weight:>8.3} {name}");
        }
        return;
    }
    for (i, (line, p)) in text
        .split('\n')
        .zip(plugin.line_probabilities(&text))
        .enumerate()
    {
        let clipped: String = line.chars().take(100).collect();
        println!("{:>4} {p:.3} {clipped}", i + 1);
    }
}
