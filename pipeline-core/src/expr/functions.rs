//! The functions GitHub defines for expressions, with their arity, for the validator.
//!
//! The list follows GitHub's expression reference ("Evaluate expressions in workflows and actions") and the
//! reference implementation in `actions/languageservices` (`expressions/src/funcs.ts`), which also gives the
//! limit of 255 arguments for the variadic ones. The parser accepts a call to any name; checking names and
//! argument counts is the validator's job, with [`lookup`] and [`FunctionSpec::check_arity`].

use std::fmt;

/// GitHub's upper bound on the arguments of its variadic functions (`format`, `hashFiles`, `case`).
///
/// ```
/// use pipeline_core::expr::functions::{MAX_ARGUMENTS, lookup};
///
/// assert_eq!(lookup("format").map(|f| f.max_args), Some(MAX_ARGUMENTS));
/// ```
pub const MAX_ARGUMENTS: usize = 255;

/// Where a function may be used.
///
/// ```
/// use pipeline_core::expr::functions::{FunctionKind, lookup};
///
/// assert_eq!(lookup("always").map(|f| f.kind), Some(FunctionKind::Status));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FunctionKind {
    /// Usable in any expression.
    General,
    /// A status check (`success`, `always`, `cancelled`, `failure`): only in `if:` conditions.
    Status,
    /// Evaluated on the runner (`hashFiles`): only in step keys, where the workspace exists.
    Runner,
}

/// One function: its canonical name, how many arguments it takes, and where it may be used.
///
/// ```
/// use pipeline_core::expr::functions::lookup;
///
/// let join = lookup("JOIN").expect("join is a GitHub function");
/// assert_eq!(join.name, "join");
/// assert_eq!((join.min_args, join.max_args), (1, 2));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FunctionSpec {
    /// The name as GitHub documents it (`startsWith`, `toJSON`); calls match it without regard to case.
    pub name: &'static str,
    /// The fewest arguments.
    pub min_args: usize,
    /// The most arguments; [`MAX_ARGUMENTS`] for the variadic functions.
    pub max_args: usize,
    /// Where the function may be used.
    pub kind: FunctionKind,
    /// The signature as GitHub's reference writes it.
    pub signature: &'static str,
}

/// Why a call has the wrong number of arguments.
///
/// ```
/// use pipeline_core::expr::functions::{ArityError, lookup};
///
/// let contains = lookup("contains").expect("known");
/// assert_eq!(contains.check_arity(1), Err(ArityError::TooFew { min: 2 }));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArityError {
    /// Fewer than the minimum.
    TooFew {
        /// The minimum.
        min: usize,
    },
    /// More than the maximum.
    TooMany {
        /// The maximum.
        max: usize,
    },
    /// `case` takes predicate/value pairs and a default, so an odd count.
    EvenCount,
}

impl fmt::Display for ArityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArityError::TooFew { min } => write!(f, "takes at least {min} argument(s)"),
            ArityError::TooMany { max } => write!(f, "takes at most {max} argument(s)"),
            ArityError::EvenCount => {
                f.write_str("takes predicate/value pairs and a default, an odd number of arguments")
            }
        }
    }
}

impl FunctionSpec {
    /// Checks an argument count against this function.
    ///
    /// ```
    /// use pipeline_core::expr::functions::{ArityError, lookup};
    ///
    /// let case = lookup("case").expect("known");
    /// assert_eq!(case.check_arity(3), Ok(()));
    /// assert_eq!(case.check_arity(4), Err(ArityError::EvenCount));
    /// ```
    pub fn check_arity(&self, count: usize) -> Result<(), ArityError> {
        if count < self.min_args {
            Err(ArityError::TooFew { min: self.min_args })
        } else if count > self.max_args {
            Err(ArityError::TooMany { max: self.max_args })
        } else if self.name == "case" && count.is_multiple_of(2) {
            Err(ArityError::EvenCount)
        } else {
            Ok(())
        }
    }
}

const fn spec(
    name: &'static str,
    min_args: usize,
    max_args: usize,
    kind: FunctionKind,
    signature: &'static str,
) -> FunctionSpec {
    FunctionSpec {
        name,
        min_args,
        max_args,
        kind,
        signature,
    }
}

/// Every function GitHub documents, in the order of its reference.
///
/// ```
/// use pipeline_core::expr::functions::FUNCTIONS;
///
/// assert!(FUNCTIONS.iter().any(|f| f.name == "hashFiles"));
/// assert_eq!(FUNCTIONS.len(), 13);
/// ```
pub const FUNCTIONS: &[FunctionSpec] = &[
    spec(
        "contains",
        2,
        2,
        FunctionKind::General,
        "contains( search, item )",
    ),
    spec(
        "startsWith",
        2,
        2,
        FunctionKind::General,
        "startsWith( searchString, searchValue )",
    ),
    spec(
        "endsWith",
        2,
        2,
        FunctionKind::General,
        "endsWith( searchString, searchValue )",
    ),
    spec(
        "format",
        1,
        MAX_ARGUMENTS,
        FunctionKind::General,
        "format( string, replaceValue0, replaceValue1, ..., replaceValueN)",
    ),
    spec(
        "join",
        1,
        2,
        FunctionKind::General,
        "join( array, optionalSeparator )",
    ),
    spec("toJSON", 1, 1, FunctionKind::General, "toJSON(value)"),
    spec("fromJSON", 1, 1, FunctionKind::General, "fromJSON(value)"),
    spec(
        "hashFiles",
        1,
        MAX_ARGUMENTS,
        FunctionKind::Runner,
        "hashFiles(path)",
    ),
    spec(
        "case",
        3,
        MAX_ARGUMENTS,
        FunctionKind::General,
        "case( pred1, val1, pred2, val2, ..., default )",
    ),
    spec("success", 0, 0, FunctionKind::Status, "success()"),
    spec("always", 0, 0, FunctionKind::Status, "always()"),
    spec("cancelled", 0, 0, FunctionKind::Status, "cancelled()"),
    spec("failure", 0, 0, FunctionKind::Status, "failure()"),
];

/// Finds a function by name, without regard to case, as GitHub does.
///
/// ```
/// use pipeline_core::expr::functions::lookup;
///
/// assert_eq!(lookup("tojson").map(|f| f.name), Some("toJSON"));
/// assert!(lookup("toYAML").is_none());
/// ```
#[must_use]
pub fn lookup(name: &str) -> Option<&'static FunctionSpec> {
    FUNCTIONS
        .iter()
        .find(|spec| spec.name.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arity_table() {
        let check = |name: &str, count: usize| lookup(name).map(|f| f.check_arity(count));
        assert_eq!(check("success", 0), Some(Ok(())));
        assert_eq!(
            check("success", 1),
            Some(Err(ArityError::TooMany { max: 0 }))
        );
        assert_eq!(check("format", 1), Some(Ok(())));
        assert_eq!(check("format", 255), Some(Ok(())));
        assert_eq!(
            check("format", 256),
            Some(Err(ArityError::TooMany { max: 255 }))
        );
        assert_eq!(
            check("hashFiles", 0),
            Some(Err(ArityError::TooFew { min: 1 }))
        );
        assert_eq!(check("case", 5), Some(Ok(())));
        assert_eq!(check("CASE", 2), Some(Err(ArityError::TooFew { min: 3 })));
        assert_eq!(check("join", 3), Some(Err(ArityError::TooMany { max: 2 })));
        assert_eq!(check("nope", 0), None);
    }
}
