//! Applying fixes: the applier lives in `boilerlint-plugin` ([`boilerlint_plugin::fix`]), so
//! the SDK's test helpers and the engine apply fixes with the same code.

pub use boilerlint_plugin::fix::{apply_fixes, Changes, Edit, Fix, Fixed, MAX_ROUNDS};
