// Thresholds chosen on the dev part by the `train` example (cross-validated by source);
// see REPORT.md beside this file. Generated: do not edit by hand.
pub const LINE: f32 = 0.6;
pub const JOIN: f32 = 0.35;
pub const SANDWICH: f32 = 0.05;
pub const SAFE: f32 = 0.05;
pub const SAFE_CONTROLS: f32 = 0.05;
