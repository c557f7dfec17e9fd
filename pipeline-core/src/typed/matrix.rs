//! [`Matrix`]: a struct whose fields are the axes of `strategy.matrix`, and [`MatrixRow`], one typed
//! `include` or `exclude` row.

use crate::model::{self, Mapping};

/// A typed `strategy.matrix`: the fields are the axes, and `include` and `exclude` hold typed rows.
///
/// `#[derive(Matrix)]` implements it and also writes
/// - a row struct, `<Name>Row` (or `#[matrix(row = "..")]`), with one `Option` field per axis and per
///   `#[matrix(extra(key = Type))]` key, which implements [`MatrixRow`] and `IntoIterator`, so
///   [`model::Matrix::include`] takes it as it is;
/// - one associated function per key giving its expression: `TestMatrix::os()` is `${{ matrix.os }}`;
/// - `From<Name>` for [`model::Matrix`] and for `ExprOr<model::Matrix>`, so `Job::matrix(test_matrix)`
///   works.
///
/// By hand:
///
/// ```
/// use pipeline_core::model::{self, Value};
/// use pipeline_core::typed::{Matrix, MatrixRow};
///
/// struct Toolchains { rust: Vec<String> }
/// #[derive(Default)]
/// struct ToolchainsRow { rust: Option<String> }
///
/// impl MatrixRow for ToolchainsRow {
///     fn entries(&self) -> model::Mapping {
///         self.rust.iter().map(|r| ("rust".to_owned(), Value::from(r.as_str()))).collect()
///     }
/// }
///
/// impl Matrix for Toolchains {
///     type Row = ToolchainsRow;
///     fn matrix(&self) -> model::Matrix {
///         model::Matrix::new().axis("rust", self.rust.iter().map(String::as_str))
///     }
/// }
///
/// let matrix = Toolchains { rust: vec!["stable".into(), "1.88".into()] }.matrix();
/// assert_eq!(matrix.axes.len(), 1);
/// ```
pub trait Matrix {
    /// One `include` or `exclude` row.
    type Row: MatrixRow;

    /// The matrix: every axis in field order, then the `include` rows, then the `exclude` rows.
    fn matrix(&self) -> model::Matrix;
}

/// One typed `include` or `exclude` row of a [`Matrix`]: only the keys that are set are written.
///
/// ```
/// use pipeline_core::model::{Mapping, Value};
/// use pipeline_core::typed::MatrixRow;
///
/// struct Experimental;
/// impl MatrixRow for Experimental {
///     fn entries(&self) -> Mapping {
///         Mapping::from_iter([("experimental".to_owned(), Value::Bool(true))])
///     }
/// }
/// assert_eq!(Experimental.entries()["experimental"], Value::Bool(true));
/// ```
pub trait MatrixRow {
    /// The keys that are set, in field order.
    fn entries(&self) -> Mapping;
}
