// Thresholds chosen on the dev part by the `train` example (cross-validated by source);
// see REPORT.md beside this file. Generated: do not edit by hand.
pub const LINE: f32 = 0.15;
pub const WORD: f32 = 3.0;
pub const SAFE: f32 = 0.05;
